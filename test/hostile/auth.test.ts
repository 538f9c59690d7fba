/**
 * Hostile redirects, key sets and rate limits against `diagnose()`: bounded hops, bounded bytes and
 * keys, and auth probes that stay small, polite and on the diagnosed URL.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { MAX_PROBE_REQUESTS } from '../../src/core/auth/probes';
import { DEFAULT_MAX_REDIRECTS } from '../../src/core/http/redirects';
import { diagnoseHostile } from './harness';
import { findingOf } from '../support/findings';
import { head, hostilePool, type HostileServer, jsonResponse, type RawRequest, rpcId } from './servers';

const serve = hostilePool();

function redirect(location: string): string {
  return head(307, [
    ['location', location],
    ['content-length', '0'],
  ]);
}

const challenge: readonly [string, string] = ['www-authenticate', 'Bearer realm="mcp"'];

/** POST /mcp answers 401; GET /jwks streams what `jwks` writes. */
async function protectedWithJwks(jwks: (req: RawRequest, socket: Socket) => void): Promise<HostileServer> {
  return serve((req, conn) => {
    if (req.path === '/jwks') return jwks(req, conn.socket);
    conn.socket.write(
      jsonResponse(401, JSON.stringify({ jsonrpc: '2.0', id: rpcId(req), error: { code: -32001, message: 'unauthorized' } }), [challenge]),
    );
  });
}

describe('hostile redirects', () => {
  it('a redirect loop is detected and named after one lap', async () => {
    const server = await serve((req, conn) => conn.socket.write(redirect(req.path === '/a' ? '/b' : '/a')));
    const run = await diagnoseHostile({ url: server.url('/a').href });
    findingOf(run.report, 'REDIRECT_LOOP');
    assert.ok(server.requests.length <= 4, server.requests.join(' '));
  });

  it('a 50-hop chain stops at the redirect cap', async () => {
    const server = await serve((req, conn) => {
      const n = Number(req.path.slice(1)) || 0;
      conn.socket.write(n < 50 ? redirect(`/${n + 1}`) : jsonResponse(404, '{}'));
    });
    const run = await diagnoseHostile({ url: server.url('/0').href });
    findingOf(run.report, 'REDIRECT_TOO_MANY');
    const discoverHops = server.requests.filter((r) => r.startsWith('POST')).length;
    assert.ok(discoverHops <= DEFAULT_MAX_REDIRECTS + 1, `${discoverHops} POSTs`);
  });
});

describe('hostile key sets', () => {
  it('a 50 MB JWKS is read up to the 1 MB cap and named too large', async () => {
    let sent = 0;
    const server = await protectedWithJwks((_req, socket) => {
      socket.write(
        head(200, [
          ['content-type', 'application/json'],
          ['content-length', String(50 * 1024 * 1024)],
        ]),
      );
      socket.write('{"keys":[');
      const chunk = Buffer.from('{"kty":"EC","crv":"P-256","x":"AAAA","y":"AAAA"},'.repeat(1300));
      const pump = () => {
        while (sent < 50 * 1024 * 1024 && socket.writable && socket.write(chunk)) sent += chunk.length;
      };
      socket.on('drain', pump);
      pump();
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href, auth: { jwksUrl: server.url('/jwks').href } });
    const finding = findingOf(run.report, 'JWKS_INVALID');
    assert.match(finding.cause, /more than 1048576 bytes/);
    assert.ok(sent < 20 * 1024 * 1024, `the server pushed ${sent} bytes: the client kept reading`);
    assert.ok(run.heapDelta < 32 * 1024 * 1024, `heap grew ${run.heapDelta}`);
  });

  it('a JWKS of 10,000 keys: all counted, the first 1,000 examined, the report stays small', async () => {
    const keys = Array.from({ length: 10_000 }, (_, i) => ({ kty: 'EC', crv: 'P-256', kid: `k${i}`, x: 'AAAA', y: 'AAAA' }));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const token = await new SignJWT({ scope: 'mcp' })
      .setProtectedHeader({ alg: 'ES256', kid: 'not-there' })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    const server = await protectedWithJwks((_req, socket) => socket.write(jsonResponse(200, JSON.stringify({ keys }))));
    const run = await diagnoseHostile({ url: server.url('/mcp').href, token, auth: { jwksUrl: server.url('/jwks').href } });
    assert.equal(run.report.auth?.jwks?.keyCount, 10_000);
    assert.ok((run.report.auth?.jwks?.keys.length ?? 0) <= 1000);
    const missing = findingOf(run.report, 'JWKS_KID_NOT_FOUND');
    assert.ok(Array.isArray(missing.evidence.kids) && missing.evidence.kids.length <= 20);
    assert.ok(JSON.stringify(run.report).length < 512 * 1024);
  });
});

describe('auth probes are small, polite and stay on the diagnosed URL', () => {
  it('at most a fixed number of requests, only to the MCP URL, and a 429 ends them with a finding', async () => {
    let posts = 0;
    const server = await serve((req, conn) => {
      if (req.method !== 'POST' || req.path !== '/mcp') return void conn.socket.write(jsonResponse(404, '{}'));
      posts++;
      if (posts > 3) return void conn.socket.write(jsonResponse(429, '{}', [['retry-after', '3600']]));
      conn.socket.write(
        jsonResponse(401, JSON.stringify({ jsonrpc: '2.0', id: rpcId(req), error: { code: -32001, message: 'no' } }), [challenge]),
      );
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href, token: 'opaque-token-value-1234567890', auth: { authProbes: true } });
    findingOf(run.report, 'AUTH_PROBES_INCOMPLETE');
    const probeRequests = run.report.auth?.probes?.filter((p) => p.outcome !== 'skipped').length ?? 0;
    assert.ok(probeRequests <= MAX_PROBE_REQUESTS);
    const afterLimit = server.requests.filter((r) => r === 'POST /mcp').length - 3;
    assert.equal(afterLimit, 1, `requests after the first 429: ${server.requests.join(', ')}`);
    assert.ok(
      server.requests.every((r) => r === 'POST /mcp' || r.startsWith('GET /.well-known/') || r === 'GET /mcp'),
      server.requests.join(', '),
    );
  });

  it('a short Retry-After is waited out once, then the probes continue', async () => {
    let posts = 0;
    let limitedAt = 0;
    let retriedAfter = 0;
    const server = await serve((req, conn) => {
      if (req.method !== 'POST' || req.path !== '/mcp') return void conn.socket.write(jsonResponse(404, '{}'));
      posts++;
      if (posts === 3) {
        limitedAt = Date.now();
        return void conn.socket.write(jsonResponse(429, '{}', [['retry-after', '1']]));
      }
      if (posts === 4) retriedAfter = Date.now() - limitedAt;
      conn.socket.write(
        jsonResponse(401, JSON.stringify({ jsonrpc: '2.0', id: rpcId(req), error: { code: -32001, message: 'no' } }), [challenge]),
      );
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href, timeoutMs: 6000, auth: { authProbes: true } });
    assert.ok(retriedAfter >= 900, `retried after ${retriedAfter} ms`);
    assert.ok(!run.codes.includes('AUTH_PROBES_INCOMPLETE'), run.codes.join(', '));
    assert.ok(server.requests.filter((r) => r === 'POST /mcp').length <= MAX_PROBE_REQUESTS + 4);
  });
});
