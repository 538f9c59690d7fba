/* eslint-disable @typescript-eslint/no-require-imports -- counting connections on the real node:tls module object */
import assert from 'node:assert/strict';
import type * as tlsTypes from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { diagnose, type DiagnoseOptions } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { createHttpClient, type PooledHttpClient } from '../../src/core/http/client';
import { memoryStore } from '../../src/core/store/jsonStore';
import { splitPem } from '../../src/core/tls/pem';
import { type Lab, startLab } from '../lab/index';
import { codes } from '../support/findings';
import { requires } from '../support/requires';

const tls = require('node:tls') as typeof tlsTypes;

/** Counts the TLS connections this process opens to one port (the TLS step's own and undici's alike). */
function countTlsConnections(port: number): { readonly count: () => number; restore(): void } {
  const original = tls.connect;
  let count = 0;
  (tls as { connect: unknown }).connect = function (this: unknown, ...args: unknown[]) {
    const options = args.find((a): a is tlsTypes.ConnectionOptions => typeof a === 'object' && a !== null);
    if (Number(options?.port) === port) count++;
    return (original as (...a: unknown[]) => tlsTypes.TLSSocket).apply(this, args);
  };
  return { count: () => count, restore: () => void ((tls as { connect: unknown }).connect = original) };
}

const errors = (r: DiagnosisReport) => r.findings.filter((f) => f.severity === 'error').map((f) => `${f.code}: ${f.cause}`);

describe('background checks over one kept HTTP client (healthy lab)', { skip: requires('nginx') }, () => {
  let lab: Lab;
  let port: number;
  let token: string;
  let counter: ReturnType<typeof countTlsConnections>;
  const store = memoryStore();
  before(async () => {
    lab = await startLab({ scenario: 'healthy' });
    port = Number(new URL(lab.url).port);
    token = await lab.mintToken({ expiresInSec: 3600 });
    counter = countTlsConnections(port);
  });
  after(async () => {
    counter.restore();
    await lab.stop();
  });

  const check = async (http: PooledHttpClient, extra: Partial<DiagnoseOptions> = {}) => {
    const before = counter.count();
    const report = await diagnose({
      url: lab.url,
      caFiles: [lab.caFile],
      client: 'node',
      token,
      env: {},
      timeoutMs: 8000,
      store,
      http,
      background: true,
      ...extra,
    });
    return { report, opened: counter.count() - before };
  };

  it('opens one TLS connection for the first check, none for the next, and still analyses the chain', async () => {
    const http = createHttpClient({ keepAliveMs: 60_000, resumeTlsSessions: false });
    try {
      const first = await check(http);
      assert.deepEqual(errors(first.report), []);
      assert.equal(first.opened, 1, 'the TLS analysis used the connection the requests then used');
      assert.equal(first.report.tls?.httpConnection, 'opened');
      const second = await check(http);
      assert.equal(second.opened, 0, 'no new TLS connection while the server keeps the connection');
      assert.equal(second.report.tls?.httpConnection, 'kept');
      assert.deepEqual(errors(second.report), []);
      assert.ok(codes(second.report).includes('MCP_OK'), codes(second.report).join(','));
      assert.ok(codes(second.report).includes('TLS_OK'), codes(second.report).join(','));
      assert.equal(second.report.mcp?.session?.getStreamSkipped, 'not checked in a background check');
      assert.equal(second.report.steps.find((s) => s.name === 'tcp')?.status, 'ok');

      // The analysis of the kept connection is the one a run's own handshake gives.
      const own = await diagnose({
        url: lab.url,
        caFiles: [lab.caFile],
        client: 'node',
        token,
        env: {},
        timeoutMs: 8000,
        auth: { authProbes: false },
      });
      assert.equal(own.tls?.httpConnection, undefined);
      const { httpConnection: _kept, ...kept } = second.report.tls ?? { trusted: false };
      assert.deepEqual(kept, own.tls);
      assert.equal(kept.trusted, true);
      assert.equal(kept.sent?.length, 2, 'leaf and intermediate, as the server sent them');
    } finally {
      await http.close();
    }
  });

  it('does not stand by a kept connection once a certificate of its chain has expired since', async () => {
    const http = createHttpClient({ keepAliveMs: 60_000, resumeTlsSessions: false });
    try {
      const first = await check(http);
      const leafEnd = Date.parse(first.report.tls?.sent?.[0]?.notAfter ?? '');
      assert.ok(Number.isFinite(leafEnd));
      // The diagnosis clock a day after the leaf expired: the kept handshake no longer stands for the server.
      const later = await check(http, { clock: { now: () => leafEnd + 86_400_000 } });
      assert.equal(
        later.report.tls?.httpConnection,
        undefined,
        'neither the kept nor a new connection stands in: the TLS step handshook on its own',
      );
      assert.ok(later.opened >= 1);
      // (Node, with the real clock, still accepts the chain: the expiry findings follow its verdict, so none here.)
      assert.equal(later.report.tls?.trusted, true);
      // Back on the real clock, the next check analyses a connection made after the old one was closed.
      const next = await check(http);
      assert.notEqual(next.report.tls?.leafFingerprint256, undefined);
      assert.equal(next.report.tls?.httpConnection, 'kept');
    } finally {
      await http.close();
    }
  });

  it('after the server drops its idle connections, the next check handshakes once and analyses that connection', async () => {
    const http = createHttpClient({ keepAliveMs: 60_000, resumeTlsSessions: false });
    try {
      await check(http);
      assert.ok(hasLiveConnection(http, lab), 'the first check left its connection open');
      process.kill(lab.nginxPid!, 'SIGHUP'); // a reload: the old workers close their idle keep-alive connections
      await waitUntil(() => !hasLiveConnection(http, lab), 10_000);
      const next = await check(http);
      assert.equal(next.opened, 1);
      assert.equal(next.report.tls?.httpConnection, 'opened');
      assert.deepEqual(errors(next.report), []);
      assert.ok(codes(next.report).includes('MCP_OK'));
      const after = await check(http);
      assert.equal(after.opened, 0);
    } finally {
      await http.close();
    }
  });

  it("never analyses an unverified (pinned) connection: an untrusted server gets the TLS step's own handshake every time", async () => {
    const http = createHttpClient({ keepAliveMs: 60_000, resumeTlsSessions: false });
    try {
      // Without the lab CA the chain is untrusted: requests continue over a pinned, unverified connection.
      const first = await check(http, { caFiles: [] });
      assert.equal(first.report.tls?.trusted, false);
      assert.equal(first.report.tls?.httpConnection, undefined);
      assert.equal(first.report.mcp?.reached, true, 'the pinned connection still carried the MCP exchange');
      const second = await check(http, { caFiles: [] });
      assert.equal(second.report.tls?.httpConnection, undefined);
      assert.equal(second.report.tls?.trusted, false);
      assert.ok(second.opened >= 1, 'the TLS step handshook on its own');
      assert.ok(
        codes(second.report).some((c) => c.startsWith('TLS_') && c !== 'TLS_OK'),
        codes(second.report).join(','),
      );
    } finally {
      await http.close();
    }
  });
});

function liveCaList(lab: Lab): string[] {
  return [...tls.rootCertificates, ...splitPem(lab.caPem)];
}

/** The connection the checks use: keyed by the trust diagnose() passes (Node's roots + the lab CA). */
function hasLiveConnection(http: PooledHttpClient, lab: Lab): boolean {
  return http.liveTls(new URL(lab.url), { ca: liveCaList(lab) }) !== undefined;
}

async function waitUntil(condition: () => boolean, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${maxMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
