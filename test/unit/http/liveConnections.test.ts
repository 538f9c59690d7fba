import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHttpClient, type PooledHttpClient } from '../../../src/core/http/client';
import { errorCodes, RESET_CODES } from '../../../src/core/net/errors';
import { makeSelfSignedCert, type TestCert } from '../../servers/tlsCert';

/** An HTTPS server on loopback that counts TLS connections and can drop a connection's second request. */
interface CountingServer {
  readonly url: URL;
  readonly connections: () => number;
  readonly requests: () => number;
  dropSecondRequest: boolean;
  dropAll: boolean;
  closeIdle(): void;
  close(): Promise<void>;
}

async function startCounting(cert: TestCert): Promise<CountingServer> {
  let connections = 0;
  let requests = 0;
  const perSocket = new WeakMap<object, number>();
  const state = { dropSecondRequest: false, dropAll: false };
  const server: Server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    requests++;
    const n = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, n);
    // What a server closing an idle connection just as the request arrives looks like to the client.
    if (state.dropAll || (state.dropSecondRequest && n === 2)) return void req.socket.destroy();
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  server.on('secureConnection', () => void connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(state, {
    url: new URL(`https://localhost:${(server.address() as AddressInfo).port}/`),
    connections: () => connections,
    requests: () => requests,
    closeIdle: () => server.closeIdleConnections(),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}

async function waitUntil(condition: () => boolean, maxMs = 5000): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('HTTP client: TLS facts of live connections', () => {
  let cert: TestCert;
  let server: CountingServer;
  let trust: { ca: string[] };
  const clients: PooledHttpClient[] = [];
  const client = (options: Parameters<typeof createHttpClient>[0] = {}) => {
    const c = createHttpClient({ keepAliveMs: 30_000, ...options });
    clients.push(c);
    return c;
  };
  const get = (http: PooledHttpClient, tls: object) =>
    http({ url: server.url, method: 'POST', body: 'x', tls, signal: AbortSignal.timeout(5000) });

  before(async () => {
    cert = makeSelfSignedCert();
    trust = { ca: [cert.cert] };
    server = await startCounting(cert);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await server.close();
  });

  it('reports the chain of a live verified connection, and nothing once it is closed', async () => {
    const http = client({ resumeTlsSessions: false });
    assert.equal(http.liveTls(server.url, trust), undefined);
    await get(http, trust);
    const facts = http.liveTls(server.url, trust);
    assert.equal(facts?.verified, true);
    assert.equal(facts?.resumed, false);
    assert.deepEqual(
      facts?.sent.map((c) => c.fingerprint256),
      [new X509Certificate(cert.cert).fingerprint256],
    );
    assert.equal(http.liveTls(server.url, { ca: [...trust.ca, cert.cert] }), undefined, 'other TLS options, other connections');
    await http.close();
    assert.equal(http.liveTls(server.url, trust), undefined);
  });

  it('closes an idle connection whose handshake is older than the age limit instead of offering it', async () => {
    const http = client({ resumeTlsSessions: false });
    await get(http, trust);
    assert.ok(http.liveTls(server.url, trust, 60_000));
    const before = server.connections();
    assert.equal(http.liveTls(server.url, trust, 0), undefined);
    await waitUntil(() => !http.liveTls(server.url, trust, 60_000));
    await get(http, trust);
    assert.equal(server.connections() - before, 1, 'the next request handshook again');
  });

  it('never offers a pinned, unverified connection', async () => {
    const http = client();
    const pinned = { rejectUnauthorized: false, pinnedFingerprint256: new X509Certificate(cert.cert).fingerprint256 };
    assert.equal((await get(http, pinned)).body, 'ok');
    assert.equal(http.liveTls(server.url, pinned), undefined);
    const off = { rejectUnauthorized: false };
    assert.equal((await get(http, off)).body, 'ok');
    assert.equal(http.liveTls(server.url, off), undefined);
  });

  it('never offers a resumed connection (it showed no certificates); without resumption the reconnect shows them', async () => {
    for (const resumeTlsSessions of [true, false]) {
      const http = client({ resumeTlsSessions });
      await get(http, trust);
      server.closeIdle();
      await waitUntil(() => http.liveTls(server.url, trust) === undefined);
      await get(http, trust);
      const facts = http.liveTls(server.url, trust);
      assert.equal(facts?.resumed ?? true, resumeTlsSessions, `resumeTlsSessions: ${resumeTlsSessions}`);
      if (!resumeTlsSessions) assert.equal(facts?.sent.length, 1);
    }
  });

  it('opens a connection ahead of a request and the request uses it', async () => {
    const http = client({ resumeTlsSessions: false });
    const before = server.connections();
    const opened = await http.openTls(server.url, trust, { signal: AbortSignal.timeout(5000) });
    assert.equal(opened?.verified, true);
    assert.equal((await get(http, trust)).body, 'ok');
    assert.equal(server.connections() - before, 1);
  });

  it('opening ahead rejects like the request would: the chain is not trusted', async () => {
    const http = client();
    await assert.rejects(http.openTls(server.url, undefined, { signal: AbortSignal.timeout(5000) }), (err) =>
      errorCodes(err).includes('DEPTH_ZERO_SELF_SIGNED_CERT'),
    );
  });

  it('retries once on a fresh connection when a kept one fails before any response', async () => {
    const http = client({ retryStaleConnections: true });
    await get(http, trust);
    const [connections, requests] = [server.connections(), server.requests()];
    server.dropSecondRequest = true;
    try {
      assert.equal((await get(http, trust)).body, 'ok');
    } finally {
      server.dropSecondRequest = false;
    }
    assert.equal(server.connections() - connections, 1, 'one new connection for the retry');
    assert.equal(server.requests() - requests, 2, 'the dropped request and its retry');
  });

  /** Sends one request while the server drops as `mode` says; it must fail with a reset; returns the requests the server saw. */
  const requestsUntilReset = async (http: PooledHttpClient, mode: 'dropSecondRequest' | 'dropAll'): Promise<number> => {
    const requests = server.requests();
    server[mode] = true;
    try {
      await assert.rejects(get(http, trust), (err) => errorCodes(err).some((c) => (RESET_CODES as readonly string[]).includes(c)));
    } finally {
      server[mode] = false;
    }
    return server.requests() - requests;
  };

  it("a one-off client does not retry: a reset on a kept connection is the server's answer", async () => {
    const http = client();
    await get(http, trust);
    assert.equal(await requestsUntilReset(http, 'dropSecondRequest'), 1);
  });

  it("does not retry a request that failed on a new connection: that failure is the server's answer", async () => {
    assert.equal(await requestsUntilReset(client({ retryStaleConnections: true }), 'dropAll'), 1);
  });
});
