/**
 * The URL-fetch rule against hostile servers: a server (or its authorization server) that names a
 * cloud-metadata, link-local or plain-http URL gets a finding, never a fetch, and nothing it could
 * have made us read ends up in the report. DNS is injected so a name can "resolve" to 169.254.169.254,
 * and a name that resolves harmlessly at the check but to a forbidden address at connect time is
 * still refused (the address really connected to is the one checked).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fetchJson } from '../../src/core/http/fetchDocument';
import { checkNamedUrl, forbiddenAddressKind, type LookupAll } from '../../src/core/http/urlGuard';
import { createHttpClient } from '../../src/core/http/client';
import { runAuthorizationFlow } from '../../src/core/oauth/flow';
import { diagnoseHostile } from './harness';
import { findingOf } from '../support/findings';
import { hostilePool, jsonResponse, type RawRequest, rpcId } from './servers';

const serve = hostilePool();
/** What an instance metadata service would hand out; it must never reach a report. */
const CLOUD_SECRET = 'AKIA-HOSTILE-INSTANCE-CREDENTIALS-0123456789';

function unauthorized(req: RawRequest, resourceMetadata: string): Buffer {
  return jsonResponse(401, JSON.stringify({ jsonrpc: '2.0', id: rpcId(req), error: { code: -32001, message: 'no' } }), [
    ['www-authenticate', `Bearer resource_metadata="${resourceMetadata}"`],
  ]);
}

/** DNS where `names` map to fixed addresses; everything else is unknown. */
function fakeDns(names: Record<string, string>): LookupAll {
  return async (host) => {
    const address = names[host];
    if (!address) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return [{ address, family: address.includes(':') ? 6 : 4 }];
  };
}

describe('URL-fetch rule: server-named URLs', () => {
  it('a challenge naming the cloud metadata service is refused with a finding, and the well-known URL is still tried', async () => {
    const server = await serve((req, conn) => {
      if (req.path === '/mcp')
        return void conn.socket.write(unauthorized(req, 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'));
      conn.socket.write(jsonResponse(404, '{}'));
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const refused = findingOf(run.report, 'OAUTH_URL_REFUSED');
    assert.equal(refused.evidence.address, '169.254.169.254');
    assert.equal(refused.evidence.addressKind, 'cloud metadata service');
    const attempt = run.report.auth?.urlsTried.find((a) => a.url.startsWith('http://169.254.169.254/'));
    assert.ok(attempt?.refused, 'the refused URL is listed among the URLs tried');
    assert.equal(attempt.status, undefined, 'no request was made');
    assert.ok(server.requests.includes('GET /.well-known/oauth-protected-resource/mcp'), server.requests.join(', '));
  });

  it('metadata naming an authorization server whose name resolves to 169.254.169.254 is refused; so is a link-local jwks_uri', async () => {
    const server = await serve((req, conn) => {
      if (req.path === '/mcp') return void conn.socket.write(unauthorized(req, server.url('/prm').href));
      if (req.path === '/prm')
        return void conn.socket.write(
          jsonResponse(
            200,
            JSON.stringify({ resource: server.url('/mcp').href, authorization_servers: ['https://metadata.google.internal.test'] }),
          ),
        );
      conn.socket.write(jsonResponse(404, '{}'));
    });
    const run = await diagnoseHostile({
      url: server.url('/mcp').href,
      auth: { lookup: fakeDns({ 'metadata.google.internal.test': '169.254.169.254' }) },
    });
    const refused = findingOf(run.report, 'OAUTH_URL_REFUSED');
    assert.equal(refused.evidence.url, 'https://metadata.google.internal.test/.well-known/oauth-authorization-server');
    assert.equal(refused.evidence.address, '169.254.169.254');

    const jwksServer = await serve((req, conn) => {
      if (req.path === '/mcp') return void conn.socket.write(unauthorized(req, jwksServer.url('/prm').href));
      if (req.path === '/prm')
        return void conn.socket.write(
          jsonResponse(200, JSON.stringify({ resource: jwksServer.url('/mcp').href, authorization_servers: [jwksServer.origin] })),
        );
      if (req.path === '/.well-known/oauth-authorization-server') {
        return void conn.socket.write(
          jsonResponse(
            200,
            JSON.stringify({ issuer: jwksServer.origin, jwks_uri: 'http://[fe80::1]/keys', code_challenge_methods_supported: ['S256'] }),
          ),
        );
      }
      conn.socket.write(jsonResponse(404, '{}'));
    });
    const jwksRun = await diagnoseHostile({ url: jwksServer.url('/mcp').href });
    const jwksRefused = findingOf(jwksRun.report, 'OAUTH_URL_REFUSED');
    assert.equal(jwksRefused.evidence.purpose, 'JWKS');
    assert.match(String(jwksRefused.evidence.addressKind), /link-local/);
  });

  it('a redirect from an allowed URL to the metadata service is refused at the hop', async () => {
    const server = await serve((req, conn) => {
      if (req.path === '/mcp') return void conn.socket.write(unauthorized(req, server.url('/prm').href));
      if (req.path === '/prm')
        return void conn.socket.write(jsonResponse(302, '', [['location', 'http://169.254.169.254/latest/meta-data/']]));
      conn.socket.write(jsonResponse(404, '{}'));
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const refused = findingOf(run.report, 'OAUTH_URL_REFUSED');
    assert.equal(refused.evidence.url, 'http://169.254.169.254/latest/meta-data/');
  });

  it('DNS that answers harmlessly at the check and with 169.254.169.254 at connect time is refused at connect; the server never sees a request', async () => {
    const secretServer = await serve((_req, conn) => conn.socket.write(jsonResponse(200, JSON.stringify({ secret: CLOUD_SECRET }))));
    let asked = 0;
    // First answer (the pre-check): loopback. Every later answer (the socket's own lookup): link-local.
    const rebinding: LookupAll = async () =>
      asked++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }];
    const http = createHttpClient();
    try {
      const fetched = await fetchJson(new URL(`http://rebind.test:${secretServer.port}/keys`), 'JWKS', {
        http,
        signal: AbortSignal.timeout(5000),
        timeoutMs: 3000,
        guard: { serverUrl: new URL('http://127.0.0.1:1/mcp'), lookup: rebinding },
      });
      assert.equal(fetched.failure, 'refused');
      assert.equal(fetched.refused?.refusal.address, '169.254.169.254');
      assert.ok(asked >= 2, 'the connection resolved the name itself');
      assert.deepEqual(secretServer.requests, []);
      assert.ok(!JSON.stringify(fetched).includes(CLOUD_SECRET));
      // The same for TLS connections: the socket under the TLS session resolves through the guard too.
      let tlsAsked = 0;
      const overTls = await fetchJson(new URL(`https://rebind.test:${secretServer.port}/keys`), 'JWKS', {
        http,
        signal: AbortSignal.timeout(5000),
        timeoutMs: 3000,
        guard: {
          serverUrl: new URL('https://mcp.example.com/mcp'),
          lookup: async () => (tlsAsked++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: 'fd00:ec2::254', family: 6 }]),
        },
      });
      assert.equal(overTls.refused?.refusal.address, 'fd00:ec2::254');
      assert.deepEqual(secretServer.requests, []);
    } finally {
      await http.close();
    }
  });

  it('a loopback server may name plain-http loopback URLs; a public server may not name http at all', async () => {
    const never: LookupAll = async () => assert.fail('no DNS for a URL refused by its scheme');
    const publicServer = { serverUrl: new URL('https://mcp.example.com/mcp'), lookup: never };
    assert.deepEqual(await checkNamedUrl(new URL('http://auth.example.com/'), publicServer, AbortSignal.timeout(1000)), {
      reason: 'plain-http',
    });
    assert.deepEqual(await checkNamedUrl(new URL('file:///etc/passwd'), publicServer, AbortSignal.timeout(1000)), { reason: 'scheme' });
    assert.equal(
      await checkNamedUrl(new URL('http://127.0.0.1:9/x'), { serverUrl: new URL('http://localhost:8/mcp') }, AbortSignal.timeout(1000)),
      undefined,
    );
    assert.equal(forbiddenAddressKind(new URL('http://[::ffff:169.254.169.254]/').hostname), 'cloud metadata service');
    assert.equal(forbiddenAddressKind('fd00:ec2::254'), 'cloud metadata service');
    assert.equal(forbiddenAddressKind('169.254.1.2'), 'link-local (169.254.0.0/16)');
    assert.equal(forbiddenAddressKind('127.0.0.1'), undefined);
  });

  it('the sign-in flow never posts to a registration endpoint, nor opens an authorization endpoint, on the metadata service', async () => {
    for (const field of ['registration_endpoint', 'authorization_endpoint'] as const) {
      const server = await serve((req, conn) => {
        if (req.path === '/mcp')
          return void conn.socket.write(unauthorized(req, server.url('/.well-known/oauth-protected-resource/mcp').href));
        if (req.path.startsWith('/.well-known/oauth-protected-resource'))
          return void conn.socket.write(
            jsonResponse(200, JSON.stringify({ resource: server.url('/mcp').href, authorization_servers: [server.origin] })),
          );
        if (req.path === '/.well-known/oauth-authorization-server') {
          const doc: Record<string, unknown> = {
            issuer: server.origin,
            authorization_endpoint: `${server.origin}/authorize`,
            token_endpoint: `${server.origin}/token`,
            registration_endpoint: `${server.origin}/register`,
            code_challenge_methods_supported: ['S256'],
          };
          doc[field] = 'http://169.254.169.254/latest/api/token';
          return void conn.socket.write(jsonResponse(200, JSON.stringify(doc)));
        }
        if (req.path === '/register') return void conn.socket.write(jsonResponse(201, JSON.stringify({ client_id: 'c1' })));
        conn.socket.write(jsonResponse(404, '{}'));
      });
      const http = createHttpClient();
      try {
        const result = await runAuthorizationFlow(
          { url: server.url('/mcp'), signal: AbortSignal.timeout(10_000), callbackTimeoutMs: 1000 },
          {
            http,
            openBrowser: async () => assert.fail('no browser for a refused authorization endpoint'),
          },
        );
        const refused = result.findings.find((f) => f.code === 'OAUTH_URL_REFUSED');
        assert.ok(refused, `${field}: ${result.findings.map((f) => f.code).join(', ')}`);
        assert.equal(refused.evidence.address, '169.254.169.254');
        assert.ok(!result.findings.some((f) => f.code === 'OAUTH_DCR_REFUSED'), 'one finding for one refusal');
        assert.equal(result.report.stoppedAt, field === 'registration_endpoint' ? 'registration' : 'authorization');
      } finally {
        await http.close();
      }
    }
  });
});
