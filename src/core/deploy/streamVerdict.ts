import { makeFinding, type Finding } from '../findings/finding';
import { type StreamReport } from './types';

/** A call shorter than this says nothing about buffering: everything arrives "at the end" anyway. */
const MIN_CALL_MS = 1000;

/**
 * Findings for the tool's answer stream. Buffered: the progress the server reported over the call
 * arrived together at the end (their arrivals span under a tenth of the call and start in its last
 * fifth). Compression and a Content-Length on an event stream are findings of their own.
 */
export function streamFindings(report: StreamReport, proxyProduct?: string): Finding[] {
  const base = { tool: report.tool, ...(proxyProduct ? { proxyProduct } : {}) };
  if (report.outcome !== 'measured') return [makeFinding('STREAM_NOT_MEASURED', { ...base, reason: report.reason ?? report.outcome })];
  const findings: Finding[] = [];
  if (report.contentEncoding) findings.push(makeFinding('STREAM_COMPRESSED', { ...base, contentEncoding: report.contentEncoding }));
  if (report.contentLength !== undefined)
    findings.push(makeFinding('STREAM_CONTENT_LENGTH', { ...base, contentLength: report.contentLength }));
  if (report.contentEncoding) return [...findings, compressedTiming(report, base)]; // events unreadable: time the bytes
  const progress = report.events.filter((e) => e.kind === 'progress');
  const response = report.events.find((e) => e.kind === 'response');
  if (progress.length < 2 || !response) {
    findings.push(
      makeFinding('STREAM_NOT_MEASURED', {
        ...base,
        reason: `the tool reported ${progress.length} progress notification${progress.length === 1 ? '' : 's'} (at least 2 are needed to time the stream)`,
      }),
    );
    return findings;
  }
  const first = progress[0]?.atMs ?? 0;
  const last = progress[progress.length - 1]?.atMs ?? 0;
  const callMs = response.atMs;
  const evidence = {
    ...base,
    progressEvents: progress.length,
    firstProgressMs: first,
    lastProgressMs: last,
    callMs,
    arrivals: progress.map((e) => e.atMs),
    ...(report.xAccelBuffering ? { xAccelBuffering: report.xAccelBuffering } : {}),
  };
  const together = last - first < Math.max(50, callMs * 0.1) && first > callMs * 0.8;
  if (callMs >= MIN_CALL_MS && together) findings.push(makeFinding('STREAM_BUFFERED', evidence));
  else if (callMs >= MIN_CALL_MS) findings.push(makeFinding('STREAM_OK', evidence));
  else
    findings.push(
      makeFinding('STREAM_NOT_MEASURED', {
        ...base,
        reason: `the call took only ${callMs} ms (at least ${MIN_CALL_MS} ms are needed to see buffering); give arguments that make it run longer`,
      }),
    );
  return findings;
}

/** A compressed stream: whether any byte came before the end (the events themselves are not read). */
function compressedTiming(report: StreamReport, base: { readonly tool: string; readonly proxyProduct?: string }): Finding {
  const first = report.firstChunkMs;
  const last = report.lastChunkMs;
  if (first === undefined || last === undefined || last < MIN_CALL_MS) {
    return makeFinding('STREAM_NOT_MEASURED', {
      ...base,
      reason: 'the stream is compressed and ended too soon to tell whether it is buffered',
    });
  }
  const evidence = { ...base, compressed: true as const, callMs: last, firstByteMs: first, chunkCount: report.chunkCount };
  return makeFinding(first > last * 0.8 ? 'STREAM_BUFFERED' : 'STREAM_OK', evidence);
}

/**
 * With `--hold`, a tool call whose answer the path ended before the result (a closed connection,
 * a clean close without the result, or a 504) is STREAM_CUT_IDLE for that call, with when it ended
 * and how long after its last byte (a proxy's idle timer restarts on each byte). Nothing otherwise.
 */
export function callCutFinding(report: StreamReport, proxyProduct?: string): Finding | undefined {
  const cut = report.cut;
  if (!cut) return undefined;
  const idleMs = cut.elapsedMs - (cut.lastByteMs ?? 0);
  return makeFinding('STREAM_CUT_IDLE', {
    stream: `answer to tools/call ${report.tool}`,
    heldSeconds: Math.round((report.callDeadlineMs ?? 0) / 1000),
    keepAlives: report.keepAlives ?? 0,
    events: report.events.length,
    elapsedSeconds: Math.round(cut.elapsedMs / 100) / 10,
    idleSeconds: Math.round(idleMs / 100) / 10,
    how: cut.how,
    ...(report.eventIds ? { eventIds: true as const } : {}),
    ...(proxyProduct ? { proxyProduct } : {}),
  });
}
