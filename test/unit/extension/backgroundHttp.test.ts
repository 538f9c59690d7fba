import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rootCertificates } from 'node:tls';
import { type HttpClientOptions, type PooledHttpClient } from '../../../src/core/http/client';
import { splitPem } from '../../../src/core/tls/pem';
import { BackgroundHttp } from '../../../src/extension/backgroundHttp';
import { backgroundCheck, runDiagnosis } from '../../../src/extension/commands/run';
import { prepareTarget } from '../../../src/extension/servers/target';
import { type Lab, startLab } from '../../lab/index';
import { harness } from './fakes';
import { requires } from '../../support/requires';

/** The trust diagnose() passes for the lab server: Node's roots + the lab CA (the client keys its connections by it). */
function trust(lab: Lab): { ca: string[] } {
  return { ca: [...rootCertificates, ...splitPem(lab.caPem)] };
}

/** An engine whose clients only record how they were built and whether they were closed. */
function recordingEngine() {
  const built: { options: HttpClientOptions | undefined; closed: number }[] = [];
  const createHttpClient = (options?: HttpClientOptions): PooledHttpClient => {
    const entry = { options, closed: 0 };
    built.push(entry);
    const request = () => Promise.reject(new Error('not used'));
    return Object.assign(request, {
      close: async () => void entry.closed++,
      liveTls: () => undefined,
      openTls: () => Promise.resolve(undefined),
    });
  };
  return { built, engine: { createHttpClient } };
}

describe('status-bar checks: one long-lived HTTP client per server', () => {
  const spec = { proxy: {}, env: {}, intervalSeconds: 300 };

  it('hands out the same client while the settings hold, kept alive past the interval, without TLS resumption', () => {
    const { built, engine } = recordingEngine();
    const holder = new BackgroundHttp();
    const first = holder.clientFor(engine, 'a', spec);
    assert.equal(holder.clientFor(engine, 'a', { ...spec }), first);
    assert.equal(built.length, 1);
    assert.ok((built[0]!.options?.keepAliveMs ?? 0) > 300_000, 'an idle connection outlives the interval');
    assert.equal(built[0]!.options?.resumeTlsSessions, false);
    assert.equal(built[0]!.options?.retryStaleConnections, true, 'an idle connection the server closed is retried once');
    assert.notEqual(holder.clientFor(engine, 'b', spec), first, 'each server has its own');
  });

  it("replaces (and closes) a server's client when its proxy settings or the interval change, and closes all on dispose", async () => {
    const { built, engine } = recordingEngine();
    const holder = new BackgroundHttp();
    const first = holder.clientFor(engine, 'a', spec);
    const proxied = holder.clientFor(engine, 'a', { ...spec, proxy: { url: 'http://127.0.0.1:3128' } });
    assert.notEqual(proxied, first);
    assert.equal(built[0]!.closed, 1);
    assert.deepEqual(built[1]!.options?.proxy?.config, { url: 'http://127.0.0.1:3128' });
    holder.clientFor(engine, 'a', { ...spec, proxy: { url: 'http://127.0.0.1:3128' }, intervalSeconds: 900 });
    assert.equal(built[1]!.closed, 1);
    assert.ok((built[2]!.options?.keepAliveMs ?? 0) > 900_000);
    await holder.dispose();
    assert.deepEqual(
      built.map((b) => b.closed),
      [1, 1, 1],
    );
    assert.equal(holder.clientFor(engine, 'a', spec), undefined, 'no client after deactivation: a late check uses its own');
  });

  it('closes the clients of servers that left the configuration, keeps the others', async () => {
    const { built, engine } = recordingEngine();
    const holder = new BackgroundHttp();
    const kept = holder.clientFor(engine, 'a', spec);
    holder.clientFor(engine, 'gone', spec);
    holder.retain(['a', 'new']);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(
      built.map((b) => b.closed),
      [0, 1],
    );
    assert.equal(holder.clientFor(engine, 'a', spec), kept);
    assert.notEqual(holder.clientFor(engine, 'gone', spec), undefined, 'a server that comes back gets a new client');
    assert.equal(built.length, 3);
  });
});

describe('status-bar checks against the lab reuse the kept connection', { skip: requires('nginx') }, () => {
  let lab: Lab;
  let token: string;
  before(async () => {
    lab = await startLab({ scenario: 'healthy' });
    token = await lab.mintToken({ expiresInSec: 3600 });
  });
  after(() => lab.stop());

  it('the second background check analyses the kept connection; a manual run handshakes on its own; dispose closes it', async () => {
    const h = harness({
      settings: { servers: [{ name: 'lab', url: lab.url, caFiles: [lab.caFile], tokenSource: 'env:LAB_TOKEN' }] },
      env: { LAB_TOKEN: token },
    });
    const server = (await h.s.registry.discover()).servers[0]!;
    const tlsOf = () => h.s.session.forServer(server.id)?.report.tls;
    try {
      await backgroundCheck(h.s, server, AbortSignal.timeout(20_000));
      assert.equal(tlsOf()?.httpConnection, 'opened');
      await backgroundCheck(h.s, server, AbortSignal.timeout(20_000));
      assert.equal(tlsOf()?.httpConnection, 'kept');
      const report = h.s.session.forServer(server.id)?.report;
      assert.equal(report?.tls?.trusted, true);
      assert.ok(
        report?.findings.some((f) => f.code === 'MCP_OK'),
        JSON.stringify(report?.findings.map((f) => f.code)),
      );

      const target = await prepareTarget(server, { ...h.s, rediscover: () => h.s.registry.discover() });
      await runDiagnosis(h.s, target!, { signal: AbortSignal.timeout(20_000), light: false });
      assert.equal(tlsOf()?.httpConnection, undefined, 'a manual run never reuses the background connection');

      const client = h.s.backgroundHttp.clientFor(await h.s.engine(), server.id, {
        proxy: {},
        env: h.s.env,
        intervalSeconds: h.s.settings().statusBarIntervalSeconds,
      });
      assert.ok(client?.liveTls(new URL(lab.url), trust(lab)), 'the background client still holds its connection');
      await h.s.backgroundHttp.dispose();
      assert.equal(client?.liveTls(new URL(lab.url), trust(lab)), undefined, 'dispose closed it');
    } finally {
      await h.s.backgroundHttp.dispose();
    }
    // A check that races deactivation runs on a client of its own, closed when it ends.
    await backgroundCheck(h.s, server, AbortSignal.timeout(20_000));
    assert.equal(h.s.session.forServer(server.id)?.report.mcp?.reached, true);
    assert.equal(h.s.backgroundHttp.clientFor(await h.s.engine(), server.id, { proxy: {}, env: h.s.env, intervalSeconds: 300 }), undefined);
  });
});
