import { newRun, send, type ProbeDeps, type ProbeRun } from '../mcp/run';
import { type McpExchange } from '../mcp/types';
import { endOwnSession, openOwnSession } from './ownSession';
import { type HoldReport } from './types';

/** `--hold` is at most five minutes: long enough for nginx's 60 s and the common CDN 100 s limits. */
export const MAX_HOLD_SECONDS = 300;
const MAX_BODY_BYTES = 64 * 1024;
/** Socket-level ends of an open request: the path (or the server) closed it. */
const CUT_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'ERR_MCPDOCTOR_BODY']);

export interface HoldInput {
  readonly endpoint: URL;
  readonly protocolVersion: string;
  readonly seconds: number;
}

/**
 * Opens the GET event stream of a session of its own and keeps it open for `seconds` (≤ 300), noting
 * every chunk, keep-alive comment and event, and when and how the path ends it. Bounds: initialize,
 * the notification, the GET (≤ 64 KiB, ≤ seconds) and DELETE.
 */
export async function holdStream(deps: ProbeDeps, input: HoldInput): Promise<{ report: HoldReport; exchanges: readonly McpExchange[] }> {
  const run = newRun(deps, input.endpoint);
  const seconds = Math.max(1, Math.min(MAX_HOLD_SECONDS, Math.floor(input.seconds)));
  const report = await hold(run, input.protocolVersion, seconds);
  return { report, exchanges: run.exchanges };
}

async function hold(run: ProbeRun, version: string, seconds: number): Promise<HoldReport> {
  const session = await openOwnSession(run, version, 'hold');
  if (typeof session === 'string')
    return { heldSeconds: seconds, outcome: 'failed', reason: 'initialize failed', keepAlives: 0, events: 0 };
  try {
    return await holdGet(run, session.headers, seconds);
  } finally {
    await endOwnSession(run, 'hold', session, session.headers);
  }
}

async function holdGet(run: ProbeRun, headers: Record<string, string>, seconds: number): Promise<HoldReport> {
  const watch = streamWatch();
  const began = performance.now();
  watch.start(began);
  // The stream may stay silent, headers included, for the whole hold: every deadline is the hold.
  const holdRun = { ...run, deps: { ...run.deps, timeouts: { ...run.deps.timeouts, firstByteMs: seconds * 1000 + 1000 } } };
  const res = await send(holdRun, {
    label: `hold: GET stream for ${seconds} s`,
    method: 'GET',
    headers: { accept: 'text/event-stream', ...headers },
    until: watch.observe,
    maxBodyBytes: MAX_BODY_BYTES,
    bodyMs: seconds * 1000,
    quiet: true,
    separateConnection: true,
  });
  const elapsedMs = Math.round(performance.now() - began);
  const seen = watch.summary();
  if (!res) {
    const errorCode = run.exchanges.at(-1)?.errorCode ?? 'no answer';
    // Headers held back by a silent server until its first event: open all along, nothing cut.
    if (errorCode === 'UND_ERR_HEADERS_TIMEOUT')
      return { heldSeconds: seconds, outcome: 'held', elapsedMs, reason: 'no response headers came during the hold', ...seen };
    if (!CUT_CODES.has(errorCode))
      return { heldSeconds: seconds, outcome: 'failed', reason: `the GET stream failed (${errorCode})`, ...seen };
    return {
      heldSeconds: seconds,
      outcome: 'cut',
      how: `the connection was closed without the stream's end (${errorCode})`,
      elapsedMs,
      ...seen,
    };
  }
  if (res.status !== 200 || !(res.headers['content-type'] ?? '').includes('text/event-stream')) {
    return {
      heldSeconds: seconds,
      outcome: 'no-stream',
      reason: `GET answered HTTP ${res.status}${res.headers['content-type'] ? ` (${res.headers['content-type']})` : ''}`,
      ...seen,
    };
  }
  if (res.endedBy === 'timeout') return { heldSeconds: seconds, outcome: 'held', elapsedMs, ...seen };
  if (res.endedBy === 'limit') return { heldSeconds: seconds, outcome: 'held', elapsedMs, reason: 'the size limit was reached', ...seen };
  return { heldSeconds: seconds, outcome: 'cut', how: 'the stream ended (clean close)', elapsedMs, ...seen };
}

/** Counts keep-alive comments (lines starting with ':') and events as chunks arrive. */
function streamWatch() {
  let began = 0;
  let firstChunkMs: number | undefined;
  let lastChunkMs: number | undefined;
  const keepAliveAt: number[] = [];
  let events = 0;
  let scanned = 0;
  return {
    start: (t: number) => {
      began = t;
    },
    observe: (text: string): boolean => {
      const atMs = Math.round(performance.now() - began);
      firstChunkMs ??= atMs;
      lastChunkMs = atMs;
      const complete = text.lastIndexOf('\n') + 1;
      for (const line of text.slice(scanned, complete).split(/\r?\n/)) {
        if (line.startsWith(':') && keepAliveAt.length < 1000) keepAliveAt.push(atMs);
        else if (line.startsWith('data:')) events++;
      }
      scanned = Math.max(scanned, complete);
      return false;
    },
    summary: () => ({
      keepAlives: keepAliveAt.length,
      events,
      ...(firstChunkMs !== undefined ? { firstChunkMs } : {}),
      ...(lastChunkMs !== undefined ? { lastChunkMs } : {}),
      ...(keepAliveAt.length > 1
        ? { keepAliveEveryMs: Math.round(((keepAliveAt.at(-1) ?? 0) - (keepAliveAt[0] ?? 0)) / (keepAliveAt.length - 1)) }
        : {}),
    }),
  };
}
