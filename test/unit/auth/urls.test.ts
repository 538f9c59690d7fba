import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  authorizationServerMetadataUrls,
  canonicalResource,
  insecurity,
  protectedResourceMetadataUrls,
  sameResource,
  sdkAcceptsResource,
} from '../../../src/core/auth/urls';

describe('discovery URLs', () => {
  it('protected resource metadata: header URL, then path-suffixed, then root', () => {
    const urls = protectedResourceMetadataUrls(new URL('https://h:8443/api/mcp/'), 'https://h:8443/prm');
    assert.deepEqual(urls.map(String), [
      'https://h:8443/prm',
      'https://h:8443/.well-known/oauth-protected-resource/api/mcp',
      'https://h:8443/.well-known/oauth-protected-resource',
    ]);
    assert.deepEqual(protectedResourceMetadataUrls(new URL('https://h/')).map(String), ['https://h/.well-known/oauth-protected-resource']);
  });

  it('authorization server metadata in the spec order, with and without a path', () => {
    assert.deepEqual(
      authorizationServerMetadataUrls(new URL('https://a/tenant1')).map((u) => u.url.href),
      [
        'https://a/.well-known/oauth-authorization-server/tenant1',
        'https://a/.well-known/openid-configuration/tenant1',
        'https://a/tenant1/.well-known/openid-configuration',
      ],
    );
    assert.deepEqual(
      authorizationServerMetadataUrls(new URL('https://a')).map((u) => [u.url.href, u.kind]),
      [
        ['https://a/.well-known/oauth-authorization-server', 'oauth'],
        ['https://a/.well-known/openid-configuration', 'oidc'],
      ],
    );
  });

  it('resource comparison: exact, root spelling, and what the SDK tolerates', () => {
    assert.equal(canonicalResource(new URL('https://h/mcp#frag')), 'https://h/mcp');
    assert.equal(sameResource('https://h', 'https://h/'), true);
    assert.equal(sameResource('https://h/mcp', 'https://h/mcp/'), false);
    assert.equal(sdkAcceptsResource('https://h/mcp', 'https://h/'), true);
    assert.equal(sdkAcceptsResource('https://h/mcp', 'https://h/mcp/'), true);
    assert.equal(sdkAcceptsResource('https://h/mcp', 'https://h/other'), false);
    assert.equal(sdkAcceptsResource('https://h/mcp', 'https://other/mcp'), false);
  });

  it('https rule, with loopback http tolerated', () => {
    assert.equal(insecurity('https://a'), 'ok');
    assert.equal(insecurity('http://a.example'), 'http');
    assert.equal(insecurity('http://127.0.0.1:8080'), 'loopback-http');
    assert.equal(insecurity('http://[::1]/'), 'loopback-http');
    assert.equal(insecurity('http://localhost/'), 'loopback-http');
    assert.equal(insecurity('nope'), 'invalid');
  });
});
