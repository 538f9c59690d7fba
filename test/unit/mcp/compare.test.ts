import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isLoopback } from '../../../src/core/mcp/compare';
import { startServer, type TestServer } from '../../servers/base';
import { startSdkStreamableServer } from '../../servers/sdkStreamable';
import { makeSelfSignedCert, type TestCert } from '../../servers/tlsCert';
import { findingOf } from '../../support/findings';
import { fingerprint256, runMcp, stateFor } from './helpers';

describe('HTTP vs HTTPS comparison (--compare)', () => {
  const servers: TestServer[] = [];
  let cert: TestCert;
  let proxy: TestServer;
  let tlsBackend: TestServer;
  let backend: TestServer;
  let broken: TestServer;
  before(async () => {
    cert = makeSelfSignedCert();
    proxy = await startSdkStreamableServer({
      tls: cert,
      path: '/mcp/',
      redirects: { '/mcp': { status: 307, location: 'http://localhost/mcp/' } },
    });
    tlsBackend = await startSdkStreamableServer({ tls: cert });
    backend = await startSdkStreamableServer();
    broken = await startServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('boom');
    });
    servers.push(proxy, tlsBackend, backend, broken);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('the incident: plain HTTP on the backend works, HTTPS through the proxy is redirected away', async () => {
    const state = stateFor(proxy.url('/mcp'), { caPem: cert.cert, compareUrl: backend.url('/mcp') });
    const outcome = await runMcp(state);
    const compare = findingOf(outcome, 'HTTP_COMPARE_PROXY_PATH_FAILS');
    assert.equal(compare.evidence.layer, 'proxy (redirect)');
    assert.equal(compare.evidence.primaryCode, 'REDIRECT_SCHEME_DOWNGRADE');
    assert.match(compare.cause, /MCP server itself is fine/);
    assert.equal(state.mcp?.compare?.works, true);
    assert.equal(state.mcp?.compare?.reachedLayer, 'mcp');
  });

  it('blames TLS when the certificate is not trusted but the plain backend answers', async () => {
    const state = stateFor(tlsBackend.url('/mcp'), {
      compareUrl: backend.url('/mcp'),
      tls: { trusted: false, leafFingerprint256: fingerprint256(cert.cert) },
    });
    const outcome = await runMcp(state);
    assert.equal(findingOf(outcome, 'HTTP_COMPARE_PROXY_PATH_FAILS').evidence.layer, 'TLS');
  });

  it('both working is an ok finding', async () => {
    const state = stateFor(tlsBackend.url('/mcp'), { caPem: cert.cert, compareUrl: backend.url('/mcp') });
    const outcome = await runMcp(state);
    assert.equal(findingOf(outcome, 'HTTP_COMPARE_BOTH_WORK').severity, 'ok');
  });

  it('both failing points at the server, not the TLS/proxy path', async () => {
    const state = stateFor(broken.url('/mcp'), { compareUrl: broken.url('/other') });
    const outcome = await runMcp(state);
    const both = findingOf(outcome, 'HTTP_COMPARE_BOTH_FAIL');
    assert.equal(both.evidence.primaryCode, 'HTTP_SERVER_ERROR');
    assert.equal(both.evidence.alternateCode, 'HTTP_SERVER_ERROR');
  });

  it('an alternate that fails while the configured URL works says so', async () => {
    const state = stateFor(backend.url('/mcp'), { compareUrl: broken.url('/mcp') });
    const outcome = await runMcp(state);
    findingOf(outcome, 'HTTP_COMPARE_ALTERNATE_FAILS');
    findingOf(outcome, 'MCP_OK');
  });

  it('sends the token over plain HTTP only to loopback hosts', () => {
    assert.ok(isLoopback('localhost'));
    assert.ok(isLoopback('127.0.0.1'));
    assert.ok(isLoopback('[::1]'));
    assert.ok(!isLoopback('backend.internal'));
    assert.ok(!isLoopback('10.0.0.5'));
  });
});
