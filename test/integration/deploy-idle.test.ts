/**
 * Idle cut (issue 16): `--hold` keeps the GET event stream open; nginx with proxy_read_timeout 2s cuts
 * the silent stream of the npm "everything" server after about 2 s, nginx with 300 s keeps it. With
 * `--stream-tool` the tool call is held too: a tool silent for 10 s is cut by the 2 s timeout, and the
 * TypeScript SDK client's own call of it never gets the result.
 * Caddy with `transport http { read_timeout 2s }` ends both cleanly; Caddy as it comes cuts nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type Replica, startReplicas } from '../lab/replicas';
import { startStreamProxy, streamProxyUnavailable } from '../lab/streamProxies';
import { requires } from '../support/requires';

const skip = requires('server-everything') || streamProxyUnavailable('nginx');

describe('idle cut: the GET stream held through nginx', { skip }, () => {
  let server: Replica;
  before(async () => {
    [server] = (await startReplicas('everything', 1)) as [Replica];
  });
  after(async () => {
    await server?.stop();
  });

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
      assert.ok(
        report.findings.some((f) => f.code === 'STREAM_HELD'),
        report.findings.map((f) => f.code).join(', '),
      );
      assert.equal(
        report.findings.some((f) => f.code === 'STREAM_CUT_IDLE'),
        false,
      );
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
      assert.equal(
        report.findings.some((f) => f.code === 'STREAM_CUT_IDLE' || f.code === 'STREAM_HELD'),
        false,
      );
    } finally {
      await proxy.stop();
    }
  });
});

const TOOL = 'trigger-long-running-operation';
/** Two progress steps 3 s apart: well inside 300 s. */
const ARGS = { duration: 6, steps: 2 };
/**
 * Silent for 10 s: longer than a 2 s read timeout and than the SDK client's two resumptions
 * (Last-Event-ID) can bridge; with progress every 3 s the SDK client resumed its way to some results.
 */
const SILENT_ARGS = { duration: 10, steps: 1 };

/** The SDK client calls the tool through the path; true when the result arrives (bounded at 12 s). */
async function sdkCallCompletes(url: string, args: Record<string, number>): Promise<boolean> {
  const client = new Client({ name: 'idle-cut-test', version: '1.0.0' });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    await client.callTool({ name: TOOL, arguments: args }, undefined, { timeout: 12_000, onprogress: () => undefined });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

describe('idle cut: a held tool call (--hold with --stream-tool) through nginx', { skip }, () => {
  let server: Replica;
  before(async () => {
    [server] = (await startReplicas('everything', 1)) as [Replica];
  });
  after(async () => {
    await server?.stop();
  });

  it('proxy_read_timeout 2s: the SDK client never gets the result, and the call is STREAM_CUT_IDLE after about 2 s', async () => {
    const proxy = await startStreamProxy({ kind: 'nginx', buffering: false, readTimeoutSeconds: 2 }, server.port);
    try {
      assert.deepEqual([await sdkCallCompletes(proxy.url, SILENT_ARGS), await sdkCallCompletes(proxy.url, SILENT_ARGS)], [false, false]);
      const report = await diagnose({ url: proxy.url, env: {}, deploy: { streamTool: TOOL, streamArgs: SILENT_ARGS, holdSeconds: 4 } });
      const cuts = report.findings.filter((f) => f.code === 'STREAM_CUT_IDLE');
      const call = cuts.find((f) => f.evidence.stream === `answer to tools/call ${TOOL}`);
      assert.ok(call, report.findings.map((f) => `${f.code} ${JSON.stringify(f.evidence)}`).join('\n'));
      const elapsed = Number(call.evidence.elapsedSeconds);
      assert.ok(elapsed >= 1.8 && elapsed < 3, String(elapsed));
      assert.ok(Number(call.evidence.idleSeconds) >= 1.8, String(call.evidence.idleSeconds));
      assert.equal(call.evidence.heldSeconds, 60, 'a 4 s hold does not shorten the 60 s call');
      assert.match(call.cause, /^The answer to tools\/call trigger-long-running-operation ended after/);
      assert.match(call.fix, /nginx: `proxy_read_timeout 3600s;`/);
      assert.ok(
        cuts.some((f) => f.evidence.stream === undefined),
        'the GET stream is cut too',
      );
      assert.equal(
        report.deploy?.stream?.cut?.how.includes("closed before the tool's result"),
        true,
        JSON.stringify(report.deploy?.stream?.cut),
      );
      // The everything server numbers its events: resuming clients are told they may still get results, unreliably.
      assert.equal(call.evidence.eventIds, true);
      assert.match(call.cause, /Last-Event-ID/);
    } finally {
      await proxy.stop();
    }
  });

  it('proxy_read_timeout 300s: the SDK client gets the result, and nothing is cut (STREAM_OK, STREAM_HELD)', async () => {
    const proxy = await startStreamProxy({ kind: 'nginx', buffering: false }, server.port);
    try {
      assert.equal(await sdkCallCompletes(proxy.url, ARGS), true);
      const report = await diagnose({ url: proxy.url, env: {}, deploy: { streamTool: TOOL, streamArgs: ARGS, holdSeconds: 2 } });
      const codes = report.findings.map((f) => f.code);
      assert.equal(codes.includes('STREAM_CUT_IDLE'), false, codes.join(', '));
      assert.ok(codes.includes('STREAM_OK') && codes.includes('STREAM_HELD'), codes.join(', '));
      assert.equal(report.deploy?.stream?.cut, undefined);
    } finally {
      await proxy.stop();
    }
  });

  it('without --hold, a cut call is reported as not measured, naming the cut, and no idle-cut finding', async () => {
    const proxy = await startStreamProxy({ kind: 'nginx', buffering: false, readTimeoutSeconds: 2 }, server.port);
    try {
      const report = await diagnose({ url: proxy.url, env: {}, deploy: { streamTool: TOOL, streamArgs: SILENT_ARGS } });
      assert.equal(
        report.findings.some((f) => f.code === 'STREAM_CUT_IDLE'),
        false,
      );
      const notMeasured = report.findings.find((f) => f.code === 'STREAM_NOT_MEASURED');
      assert.match(String(notMeasured?.evidence.reason), /closed before the tool's result/);
    } finally {
      await proxy.stop();
    }
  });
});

describe(
  'idle cut through Caddy 2.6 (a second reverse proxy)',
  { skip: requires('server-everything') || streamProxyUnavailable('caddy') },
  () => {
    let server: Replica;
    before(async () => {
      [server] = (await startReplicas('everything', 1)) as [Replica];
    });
    after(async () => {
      await server?.stop();
    });

    it('transport http read_timeout 2s: the call and the GET stream end cleanly after about 2 s, the SDK client gets no result, and the fix names read_timeout', async () => {
      const proxy = await startStreamProxy({ kind: 'caddy', gzip: false, readTimeoutSeconds: 2 }, server.port);
      try {
        assert.equal(await sdkCallCompletes(proxy.url, SILENT_ARGS), false);
        const report = await diagnose({ url: proxy.url, env: {}, deploy: { streamTool: TOOL, streamArgs: SILENT_ARGS, holdSeconds: 4 } });
        const cuts = report.findings.filter((f) => f.code === 'STREAM_CUT_IDLE');
        assert.equal(cuts.length, 2, report.findings.map((f) => f.code).join(', '));
        for (const cut of cuts) {
          assert.ok(
            Number(cut.evidence.elapsedSeconds) >= 1.8 && Number(cut.evidence.elapsedSeconds) < 3,
            String(cut.evidence.elapsedSeconds),
          );
          assert.match(String(cut.evidence.how), /clean close/);
          assert.match(
            cut.fix,
            /^Raise the proxy's idle timeout for the MCP path \(Caddy: `read_timeout` in the reverse_proxy `transport http` block/,
          );
        }
        assert.match(
          String(report.findings.find((f) => f.code === 'STREAM_NOT_MEASURED')?.evidence.reason),
          /clean close\) before the tool's result, after [0-9.]+ s/,
        );
      } finally {
        await proxy.stop();
      }
    });

    it('as it comes (no read_timeout): the GET stream is held (STREAM_HELD)', async () => {
      const proxy = await startStreamProxy({ kind: 'caddy', gzip: false }, server.port);
      try {
        const report = await diagnose({ url: proxy.url, env: {}, deploy: { holdSeconds: 3 } });
        assert.ok(
          report.findings.some((f) => f.code === 'STREAM_HELD'),
          report.findings.map((f) => f.code).join(', '),
        );
        assert.equal(
          report.findings.some((f) => f.code === 'STREAM_CUT_IDLE'),
          false,
        );
      } finally {
        await proxy.stop();
      }
    });
  },
);
