/**
 * Idle cut (issue 16): `--hold` keeps the GET event stream open; nginx with proxy_read_timeout 2s cuts
 * the silent stream of the npm "everything" server after about 2 s, nginx with 300 s keeps it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { everythingEntry, type Replica, startReplicas } from '../lab/replicas';
import { startStreamProxy, streamProxyUnavailable } from '../lab/streamProxies';

const skip = everythingEntry() ? streamProxyUnavailable('nginx') : '@modelcontextprotocol/server-everything is not installed';

describe('idle cut: the GET stream held through nginx', { skip }, () => {
  let server: Replica;
  before(async () => { [server] = (await startReplicas('everything', 1)) as [Replica]; });
  after(async () => { await server?.stop(); });

  it('proxy_read_timeout 2s: STREAM_CUT_IDLE after about 2 s, naming proxy_read_timeout', async () => {
    const proxy = await startStreamProxy({ kind: 'nginx', buffering: false, readTimeoutSeconds: 2 }, server.port);
    try {
      const report = await diagnose({ url: proxy.url, env: {}, deploy: { holdSeconds: 6 } });
      const cut = report.findings.find((f) => f.code === 'STREAM_CUT_IDLE');
      assert.ok(cut, report.findings.map((f) => f.code).join(', '));
      const elapsed = Number(cut.evidence.elapsedSeconds);
      assert.ok(elapsed >= 1.8 && elapsed < 4, String(elapsed));
      assert.match(cut.fix, /^Raise the proxy's idle timeout for the MCP path \(nginx: `proxy_read_timeout 3600s;`/);
      assert.equal(report.deploy?.hold?.outcome, 'cut');
    } finally {
      await proxy.stop();
    }
  });

  it('proxy_read_timeout 300s: the stream is held for the whole hold (STREAM_HELD)', async () => {
    const proxy = await startStreamProxy({ kind: 'nginx', buffering: false }, server.port);
    try {
      const started = Date.now();
      const report = await diagnose({ url: proxy.url, env: {}, deploy: { holdSeconds: 3 } });
      assert.ok(report.findings.some((f) => f.code === 'STREAM_HELD'), report.findings.map((f) => f.code).join(', '));
      assert.equal(report.findings.some((f) => f.code === 'STREAM_CUT_IDLE'), false);
      assert.ok(Date.now() - started < 15_000, 'the hold is bounded');
    } finally {
      await proxy.stop();
    }
  });

  it('without --hold nothing is held', async () => {
    const proxy = await startStreamProxy({ kind: 'nginx', buffering: false, readTimeoutSeconds: 2 }, server.port);
    try {
      const report = await diagnose({ url: proxy.url, env: {} });
      assert.equal(report.deploy?.hold, undefined);
      assert.equal(report.findings.some((f) => f.code === 'STREAM_CUT_IDLE' || f.code === 'STREAM_HELD'), false);
    } finally {
      await proxy.stop();
    }
  });
});
