/**
 * Streaming through the path (issue 16): the npm "everything" server's long-running tool reports
 * progress over two seconds; behind nginx gzipping event streams, or Caddy with `buffer_responses`,
 * the events arrive together at the end, with nginx buffering off or Caddy as it comes as they are
 * sent; the TypeScript SDK client's progress callbacks are timed through the same paths.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { type Replica, startReplicas } from '../lab/replicas';
import { startStreamProxy, type StreamProxySetup, streamProxyUnavailable } from '../lab/streamProxies';
import { requires } from '../support/requires';

const TOOL = 'trigger-long-running-operation';
const ARGS = { duration: 2, steps: 4 };

function codes(report: DiagnosisReport): string[] {
  return report.findings.map((f) => f.code);
}

/** When the TypeScript SDK client's progress callbacks fired (ms after the call), calling the tool through the path. */
async function sdkProgressTimes(url: string): Promise<number[]> {
  const client = new Client({ name: 'streaming-test', version: '1.0.0' });
  const times: number[] = [];
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const began = Date.now();
    await client.callTool({ name: TOOL, arguments: ARGS }, undefined, {
      timeout: 10_000,
      onprogress: () => void times.push(Date.now() - began),
    });
    return times;
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function throughProxy(setup: StreamProxySetup, backend: Replica): Promise<DiagnosisReport> {
  const proxy = await startStreamProxy(setup, backend.port);
  try {
    return await diagnose({ url: proxy.url, env: {}, deploy: { streamTool: TOOL, streamArgs: ARGS } });
  } finally {
    await proxy.stop();
  }
}

describe('streaming through the path: the everything server behind nginx and Caddy', { skip: requires('server-everything') }, () => {
  let server: Replica;
  before(async () => {
    [server] = (await startReplicas('everything', 1)) as [Replica];
  });
  after(async () => {
    await server?.stop();
  });

  it(
    'nginx gzip on event streams: compressed and held to the end (STREAM_COMPRESSED, STREAM_BUFFERED, nginx fix first), as the SDK client sees it',
    { skip: streamProxyUnavailable('nginx') },
    async () => {
      const proxy = await startStreamProxy({ kind: 'nginx', buffering: true, gzip: true }, server.port);
      const sdk = await sdkProgressTimes(proxy.url).finally(() => proxy.stop());
      assert.ok(
        sdk.length >= 2 && (sdk.at(-1) ?? 0) - (sdk[0] ?? 0) < 200 && (sdk[0] ?? 0) >= 1900,
        `the SDK client's progress: ${sdk.join(', ')}`,
      );
      const report = await throughProxy({ kind: 'nginx', buffering: true, gzip: true }, server);
      assert.ok(codes(report).includes('STREAM_COMPRESSED'), codes(report).join(', '));
      const buffered = report.findings.find((f) => f.code === 'STREAM_BUFFERED');
      assert.ok(buffered, codes(report).join(', '));
      assert.ok(Number(buffered.evidence.callMs) >= 1900, String(buffered.evidence.callMs));
      assert.ok(Number(buffered.evidence.firstByteMs) >= 1900, String(buffered.evidence.firstByteMs));
      assert.ok(buffered.fix.startsWith('Let the event stream through unbuffered: nginx: `proxy_buffering off;`'), buffered.fix);
      assert.match(buffered.fix, /gzip_types/);
    },
  );

  it(
    'nginx 1.22 proxy_buffering on alone (X-Accel-Buffering ignored): events still pass as sent to a prompt reader',
    { skip: streamProxyUnavailable('nginx') },
    async () => {
      const report = await throughProxy({ kind: 'nginx', buffering: true }, server);
      assert.ok(codes(report).includes('STREAM_OK'), codes(report).join(', '));
    },
  );

  it(
    'nginx proxy_buffering off: progress arrives as sent (STREAM_OK, no stream warnings), as the SDK client sees it',
    { skip: streamProxyUnavailable('nginx') },
    async () => {
      const proxy = await startStreamProxy({ kind: 'nginx', buffering: false }, server.port);
      const sdk = await sdkProgressTimes(proxy.url).finally(() => proxy.stop());
      assert.ok(sdk.length >= 2 && (sdk.at(-1) ?? 0) - (sdk[0] ?? 0) >= 1000, `the SDK client's progress: ${sdk.join(', ')}`);
      const report = await throughProxy({ kind: 'nginx', buffering: false }, server);
      const ok = report.findings.find((f) => f.code === 'STREAM_OK');
      assert.ok(ok, codes(report).join(', '));
      const arrivals = ok.evidence.arrivals as number[];
      assert.ok((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0) >= 1000, arrivals.join(', '));
      assert.deepEqual(
        codes(report).filter((c) => /^STREAM_(BUFFERED|COMPRESSED|CONTENT_LENGTH)$/.test(c)),
        [],
      );
    },
  );

  it('Caddy as it comes: the stream is flushed (STREAM_OK)', { skip: streamProxyUnavailable('caddy') }, async () => {
    const report = await throughProxy({ kind: 'caddy', gzip: false }, server);
    assert.ok(codes(report).includes('STREAM_OK'), codes(report).join(', '));
    assert.deepEqual(
      codes(report).filter((c) => /^STREAM_(BUFFERED|COMPRESSED|CONTENT_LENGTH)$/.test(c)),
      [],
    );
  });

  it(
    'Caddy buffer_responses: the SDK client gets every progress at the end, and STREAM_BUFFERED names buffer_responses first',
    { skip: streamProxyUnavailable('caddy') },
    async () => {
      const proxy = await startStreamProxy({ kind: 'caddy', gzip: false, directives: ['buffer_responses'] }, server.port);
      try {
        const sdk = await sdkProgressTimes(proxy.url);
        assert.ok(sdk.length >= 2 && (sdk.at(-1) ?? 0) - (sdk[0] ?? 0) < 200 && (sdk[0] ?? 0) >= 1900, sdk.join(', '));
        const report = await diagnose({ url: proxy.url, env: {}, deploy: { streamTool: TOOL, streamArgs: ARGS } });
        const buffered = report.findings.find((f) => f.code === 'STREAM_BUFFERED');
        assert.ok(buffered, codes(report).join(', '));
        assert.ok(buffered.fix.startsWith('Let the event stream through unbuffered: Caddy: remove `buffer_responses`'), buffered.fix);
      } finally {
        await proxy.stop();
      }
    },
  );

  it(
    'Caddy as it comes: the SDK client sees progress spread over the call, as MCP Doctor does',
    { skip: streamProxyUnavailable('caddy') },
    async () => {
      const proxy = await startStreamProxy({ kind: 'caddy', gzip: false }, server.port);
      try {
        const sdk = await sdkProgressTimes(proxy.url);
        assert.ok(sdk.length >= 2 && (sdk.at(-1) ?? 0) - (sdk[0] ?? 0) >= 1000, sdk.join(', '));
      } finally {
        await proxy.stop();
      }
    },
  );

  it(
    'Caddy 2.6 with encode gzip leaves the event stream alone (observed): STREAM_OK, not compressed',
    { skip: streamProxyUnavailable('caddy') },
    async () => {
      const report = await throughProxy({ kind: 'caddy', gzip: true }, server);
      assert.ok(codes(report).includes('STREAM_OK'), codes(report).join(', '));
      assert.equal(report.deploy?.stream?.contentEncoding, undefined);
    },
  );

  it('the stream check runs only when a tool is named', { skip: streamProxyUnavailable('nginx') }, async () => {
    const proxy = await startStreamProxy({ kind: 'nginx', buffering: true }, server.port);
    try {
      const report = await diagnose({ url: proxy.url, env: {} });
      assert.equal(report.deploy?.stream, undefined);
      assert.equal(
        report.mcp?.exchanges.some((x) => x.label.startsWith('stream:')),
        false,
      );
    } finally {
      await proxy.stop();
    }
  });
});
