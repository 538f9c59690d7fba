/**
 * Streaming through the path (issue 16): the npm "everything" server's long-running tool reports
 * progress over two seconds; behind nginx with proxy_buffering on the events arrive together at the
 * end, with it off (and through Caddy) as they are sent; Caddy's `encode gzip` compresses the stream.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { everythingEntry, type Replica, startReplicas } from '../lab/replicas';
import { startStreamProxy, type StreamProxySetup, streamProxyUnavailable } from '../lab/streamProxies';

const TOOL = 'trigger-long-running-operation';
const ARGS = { duration: 2, steps: 4 };

function codes(report: DiagnosisReport): string[] {
  return report.findings.map((f) => f.code);
}

async function throughProxy(setup: StreamProxySetup, backend: Replica): Promise<DiagnosisReport> {
  const proxy = await startStreamProxy(setup, backend.port);
  try {
    return await diagnose({ url: proxy.url, env: {}, deploy: { streamTool: TOOL, streamArgs: ARGS } });
  } finally {
    await proxy.stop();
  }
}

describe('streaming through the path: the everything server behind nginx and Caddy', { skip: everythingEntry() ? false : '@modelcontextprotocol/server-everything is not installed' }, () => {
  let server: Replica;
  before(async () => { [server] = (await startReplicas('everything', 1)) as [Replica]; });
  after(async () => { await server?.stop(); });

  it('nginx gzip on event streams: compressed and held to the end (STREAM_COMPRESSED, STREAM_BUFFERED, nginx fix first)', { skip: streamProxyUnavailable('nginx') }, async () => {
    const report = await throughProxy({ kind: 'nginx', buffering: true, gzip: true }, server);
    assert.ok(codes(report).includes('STREAM_COMPRESSED'), codes(report).join(', '));
    const buffered = report.findings.find((f) => f.code === 'STREAM_BUFFERED');
    assert.ok(buffered, codes(report).join(', '));
    assert.ok(Number(buffered.evidence.callMs) >= 1900, String(buffered.evidence.callMs));
    assert.ok(Number(buffered.evidence.firstByteMs) >= 1900, String(buffered.evidence.firstByteMs));
    assert.ok(buffered.fix.startsWith('Let the event stream through unbuffered: nginx: `proxy_buffering off;`'), buffered.fix);
    assert.match(buffered.fix, /gzip_types/);
  });

  it('nginx 1.22 proxy_buffering on alone (X-Accel-Buffering ignored): events still pass as sent to a prompt reader', { skip: streamProxyUnavailable('nginx') }, async () => {
    const report = await throughProxy({ kind: 'nginx', buffering: true }, server);
    assert.ok(codes(report).includes('STREAM_OK'), codes(report).join(', '));
  });

  it('nginx proxy_buffering off: progress arrives as sent (STREAM_OK, no stream warnings)', { skip: streamProxyUnavailable('nginx') }, async () => {
    const report = await throughProxy({ kind: 'nginx', buffering: false }, server);
    const ok = report.findings.find((f) => f.code === 'STREAM_OK');
    assert.ok(ok, codes(report).join(', '));
    const arrivals = ok.evidence.arrivals as number[];
    assert.ok((arrivals.at(-1) ?? 0) - (arrivals[0] ?? 0) >= 1000, arrivals.join(', '));
    assert.deepEqual(codes(report).filter((c) => /^STREAM_(BUFFERED|COMPRESSED|CONTENT_LENGTH)$/.test(c)), []);
  });

  it('Caddy as it comes: the stream is flushed (STREAM_OK)', { skip: streamProxyUnavailable('caddy') }, async () => {
    const report = await throughProxy({ kind: 'caddy', gzip: false }, server);
    assert.ok(codes(report).includes('STREAM_OK'), codes(report).join(', '));
    assert.deepEqual(codes(report).filter((c) => /^STREAM_(BUFFERED|COMPRESSED|CONTENT_LENGTH)$/.test(c)), []);
  });

  it('Caddy 2.6 with encode gzip leaves the event stream alone (observed): STREAM_OK, not compressed', { skip: streamProxyUnavailable('caddy') }, async () => {
    const report = await throughProxy({ kind: 'caddy', gzip: true }, server);
    assert.ok(codes(report).includes('STREAM_OK'), codes(report).join(', '));
    assert.equal(report.deploy?.stream?.contentEncoding, undefined);
  });

  it('the stream check runs only when a tool is named', { skip: streamProxyUnavailable('nginx') }, async () => {
    const proxy = await startStreamProxy({ kind: 'nginx', buffering: true }, server.port);
    try {
      const report = await diagnose({ url: proxy.url, env: {} });
      assert.equal(report.deploy?.stream, undefined);
      assert.equal(report.mcp?.exchanges.some((x) => x.label.startsWith('stream:')), false);
    } finally {
      await proxy.stop();
    }
  });
});
