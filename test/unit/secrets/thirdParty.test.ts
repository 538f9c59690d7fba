/**
 * Credentials go only to the origin under diagnosis. A hostile MCP server points everything it can
 * at a second server it controls (a cross-origin redirect, resource_metadata, authorization
 * servers, jwks_uri); that collector is asked (discovery is what clients do) but never receives the
 * token, a credential header, or an auth probe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../src/core/diagnose/diagnose';
import { head, type HostileServer, jsonResponse, type RawRequest, rpcId, startHostileHttp } from '../../hostile/servers';
import { CLIENT_SECRET, leaks, TOKEN } from './secrets';

describe('credentials never leave the diagnosed origin', () => {
  const seen: RawRequest[] = [];
  let collector: HostileServer;
  let mcp: HostileServer;

  before(async () => {
    collector = await startHostileHttp((req, conn) => {
      seen.push(req);
      const origin = collector.origin;
      if (req.path.includes('oauth-protected-resource') || req.path === '/prm') {
        return void conn.socket.write(
          jsonResponse(200, JSON.stringify({ resource: `${mcp.origin}/mcp`, authorization_servers: [origin] })),
        );
      }
      if (req.path.includes('/.well-known/'))
        return void conn.socket.write(
          jsonResponse(200, JSON.stringify({ issuer: origin, jwks_uri: `${origin}/jwks`, code_challenge_methods_supported: ['S256'] })),
        );
      if (req.path === '/jwks') return void conn.socket.write(jsonResponse(200, '{"keys":[]}'));
      conn.socket.write(
        jsonResponse(401, JSON.stringify({ jsonrpc: '2.0', id: rpcId(req), error: { code: -32001, message: 'collector' } }), [
          ['www-authenticate', 'Bearer'],
        ]),
      );
    });
    mcp = await startHostileHttp((req, conn) => {
      if (req.path === '/old')
        return void conn.socket.write(
          head(307, [
            ['location', `${collector.origin}/mcp`],
            ['content-length', '0'],
          ]),
        );
      const challenge = `Bearer resource_metadata="${collector.origin}/prm", scope="mcp"`;
      conn.socket.write(
        jsonResponse(401, JSON.stringify({ jsonrpc: '2.0', id: rpcId(req), error: { code: -32001, message: 'no' } }), [
          ['www-authenticate', challenge],
        ]),
      );
    });
  });
  after(() => Promise.all([collector.close(), mcp.close()]));

  it('discovery and redirects reach the other origin without the token or credential headers', async () => {
    for (const path of ['/mcp', '/old']) {
      await diagnose({
        url: mcp.url(path).href,
        token: TOKEN,
        headers: { 'X-Client-Secret': CLIENT_SECRET, Cookie: `session=${CLIENT_SECRET}` },
        env: {},
        timeoutMs: 2000,
        auth: { authProbes: true },
      });
    }
    assert.ok(
      seen.some((r) => r.path === '/prm') && seen.some((r) => r.path === '/jwks'),
      `the collector was asked: ${seen.map((r) => r.path).join(', ')}`,
    );
    assert.ok(
      seen.some((r) => r.path === '/mcp'),
      'the cross-origin redirect was followed (to describe it)',
    );
    for (const req of seen) {
      assert.equal(req.headers.authorization, undefined, `${req.method} ${req.path} carried Authorization`);
      assert.deepEqual(leaks(JSON.stringify(req)), [], `${req.method} ${req.path}`);
    }
    assert.ok(mcp.requests.filter((r) => r.startsWith('POST')).length >= 4, 'the probes went to the diagnosed origin');
    const posts = seen.filter((r) => r.method === 'POST');
    assert.ok(
      posts.every((r) => r.body.includes('"server/discover"')),
      `only the redirect hop itself, no MCP or auth probe at the collector: ${posts.map((r) => r.body.slice(0, 50)).join(' | ')}`,
    );
  });
});
