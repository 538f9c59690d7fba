import { type HttpResult } from '../http/client';
import { parseSse } from '../http/sse';
import { readRpcResponse, rpcRequest } from '../mcp/jsonrpc';
import { isPlainObject as isObject, parseJson, type JsonObject } from '../json/parse';
import { newRun, send, type ProbeDeps, type ProbeRun } from '../mcp/run';
import { type McpExchange } from '../mcp/types';
import { endOwnSession, openOwnSession, POST_HEADERS } from './ownSession';
import { type CallCut, type StreamEvent, type StreamReport } from './types';

/** The named tool's call may run this long (progress over a few seconds to a minute), or as long as `--hold`. */
export const STREAM_CALL_MAX_MS = 60_000;
/** A held call (`--hold`) stays open at most this long, as the held GET stream does. */
export const STREAM_CALL_HOLD_MAX_MS = 300_000;
/** Socket-level ends of an open answer: the path (or the server) closed it mid-body. */
const CUT_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE', 'UND_ERR_CLOSED', 'ERR_MCPDOCTOR_BODY']);
const MAX_BODY_BYTES = 256 * 1024;
const MAX_EVENTS = 200;
const PROGRESS_TOKEN = 'mcp-doctor-stream-check';

export interface StreamInput {
  readonly endpoint: URL;
  readonly protocolVersion: string;
  /** Only the tool the user named: calling a tool can have side effects. */
  readonly tool: string;
  readonly args?: JsonObject;
  /** Body deadline for the call (default and maximum STREAM_CALL_MAX_MS). */
  readonly callMs?: number;
  /** `--hold`: keep the call open this long if it runs longer than callMs (≤ STREAM_CALL_HOLD_MAX_MS), to see the path cut it. */
  readonly holdMs?: number;
}

/** The call's deadline: callMs (≤ 60 s), stretched to the hold (≤ 300 s) when one is asked. */
export function callDeadlineMs(input: Pick<StreamInput, 'callMs' | 'holdMs'>): number {
  const call = Math.min(STREAM_CALL_MAX_MS, input.callMs ?? STREAM_CALL_MAX_MS);
  return Math.max(call, Math.min(STREAM_CALL_HOLD_MAX_MS, input.holdMs ?? 0));
}

/**
 * Calls the named tool once with a progressToken, in a session of its own, and timestamps every
 * event of the answer's stream as it arrives, and when and how the answer ended if before its result.
 * Bounds: initialize, the notification, the call (≤ 256 KiB, ≤ callDeadlineMs: 60 s, or the hold
 * up to 300 s) and DELETE: four requests.
 */
export async function checkStreaming(
  deps: ProbeDeps,
  input: StreamInput,
): Promise<{ report: StreamReport; exchanges: readonly McpExchange[] }> {
  const run = newRun(deps, input.endpoint);
  const report = await measure(run, input);
  return { report, exchanges: run.exchanges };
}

async function measure(run: ProbeRun, input: StreamInput): Promise<StreamReport> {
  const base = { tool: input.tool };
  const session = await openOwnSession(run, input.protocolVersion, 'stream');
  if (typeof session === 'string') return { ...base, outcome: 'failed', reason: session, events: [] };
  const headers: Record<string, string> = { ...POST_HEADERS, ...session.headers };
  try {
    return await callTool(run, input, headers);
  } finally {
    await endOwnSession(run, 'stream', session, headers);
  }
}

async function callTool(run: ProbeRun, input: StreamInput, headers: Record<string, string>): Promise<StreamReport> {
  const id = run.nextId++;
  const params = { name: input.tool, arguments: input.args ?? {}, _meta: { progressToken: PROGRESS_TOKEN } };
  const clock = arrivalClock(id);
  const began = performance.now();
  clock.start(began);
  const deadlineMs = callDeadlineMs(input);
  // As fetch-based clients (the TypeScript SDK) do: a path that compresses streams shows it only then.
  const callHeaders = { ...headers, 'accept-encoding': 'gzip, deflate' };
  // A held call may stay silent, headers included, until the path cuts it: the first-byte deadline is the call's.
  const callRun = {
    ...run,
    deps: { ...run.deps, timeouts: { ...run.deps.timeouts, firstByteMs: Math.max(run.deps.timeouts.firstByteMs ?? 0, deadlineMs) } },
  };
  const res = await send(input.holdMs ? callRun : run, {
    label: `stream: tools/call ${input.tool}`,
    method: 'POST',
    headers: callHeaders,
    body: rpcRequest(id, 'tools/call', params),
    until: clock.observe,
    maxBodyBytes: MAX_BODY_BYTES,
    bodyMs: deadlineMs,
    quiet: true,
    separateConnection: true,
  });
  const elapsedMs = Math.round(performance.now() - began);
  const held = { callDeadlineMs: deadlineMs, keepAlives: clock.keepAlives(), ...(clock.eventIds() ? { eventIds: true } : {}) };
  if (!res) {
    const errorCode = run.exchanges.at(-1)?.errorCode ?? 'no answer';
    const cut = CUT_CODES.has(errorCode)
      ? cutOf(elapsedMs, clock, `the connection was closed before the tool's result (${errorCode})`)
      : undefined;
    return {
      tool: input.tool,
      outcome: 'failed',
      reason: cut ? `${cut.how}, after ${seconds(elapsedMs)} s` : `tools/call failed (${errorCode})`,
      events: clock.events(),
      ...held,
      ...(cut ? { cut } : {}),
    };
  }
  const { cut } = cutOfAnswer(res, elapsedMs, clock);
  const report = reportOf(input.tool, res, clock, id);
  return cut ? { ...report, ...held, cut, reason: `${cut.how}, after ${seconds(elapsedMs)} s` } : { ...report, ...held };
}

/** An answer that ended early: the stream closed cleanly without the result, or the path's gateway timeout. */
function cutOfAnswer(res: HttpResult, elapsedMs: number, clock: ArrivalClock): { cut?: CallCut } {
  const sse = (res.headers['content-type'] ?? '').includes('text/event-stream');
  if (sse && res.endedBy === 'complete' && !clock.events().some((e) => e.kind === 'response'))
    return { cut: cutOf(elapsedMs, clock, "the stream ended (clean close) before the tool's result") };
  if (res.status === 504)
    return { cut: cutOf(elapsedMs, clock, "the path answered HTTP 504 (Gateway Timeout) instead of the tool's result") };
  return {};
}

function cutOf(elapsedMs: number, clock: ArrivalClock, how: string): CallCut {
  const lastByteMs = clock.lastChunkMs();
  return { elapsedMs, how, ...(lastByteMs !== undefined ? { lastByteMs } : {}) };
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/**
 * Sees the body text as each chunk arrives (the HTTP client's `until` hook) and stamps each new
 * complete event with the time it first appeared, and each chunk (a compressed stream's events
 * cannot be read, its chunks still show when bytes came); answers true once the call's response is there.
 */
function arrivalClock(id: number) {
  const stamped: StreamEvent[] = [];
  const chunks: number[] = [];
  let began = 0;
  let seen = 0;
  let done = false;
  let latest = '';
  let lastChunkMs: number | undefined;
  return {
    start: (t: number) => {
      began = t;
    },
    events: () => stamped,
    chunks: () => chunks,
    lastChunkMs: () => lastChunkMs,
    keepAlives: () => sseLines(latest, ':'),
    eventIds: () => sseLines(latest, 'id:') > 0,
    observe: (text: string): boolean => {
      const atMs = Math.round(performance.now() - began);
      latest = text;
      lastChunkMs = atMs;
      if (chunks.length < MAX_EVENTS) chunks.push(atMs);
      if (/^\s*[[{]/.test(text)) return false; // a JSON body: read it to the end
      const events = parseSse(text, MAX_EVENTS).events;
      for (const event of events.slice(seen)) {
        const message = parseJson(event.data);
        const kind = classifyEvent(message, id);
        if (kind === 'response') done = true;
        const params = isObject(message) && isObject(message.params) ? message.params : {};
        stamped.push({
          kind,
          atMs,
          ...(kind === 'progress' && typeof params.progress === 'number' ? { progress: params.progress } : {}),
          ...(kind === 'progress' && typeof params.total === 'number' ? { total: params.total } : {}),
        });
      }
      seen = events.length;
      return done;
    },
  };
}

type ArrivalClock = ReturnType<typeof arrivalClock>;

/** Lines of an event-stream body starting with `prefix` (none in a JSON body). */
function sseLines(text: string, prefix: string): number {
  if (/^\s*[[{]/.test(text)) return 0;
  return text.split(/\r?\n/).filter((line) => line.startsWith(prefix)).length;
}

function classifyEvent(message: unknown, id: number): StreamEvent['kind'] {
  if (!isObject(message)) return 'other';
  if (message.id === id && ('result' in message || 'error' in message)) return 'response';
  if (message.method === 'notifications/progress') return 'progress';
  return 'other';
}

function reportOf(tool: string, res: HttpResult, clock: ArrivalClock, id: number): StreamReport {
  const events = clock.events();
  const chunks = clock.chunks();
  const contentType = res.headers['content-type'] ?? '';
  const headersFacts = {
    status: res.status,
    contentType,
    headersMs: res.timings?.headersMs,
    ...(res.headers['content-encoding'] ? { contentEncoding: res.headers['content-encoding'] } : {}),
    ...(res.headers['content-length'] ? { contentLength: Number(res.headers['content-length']) } : {}),
    ...(res.headers['x-accel-buffering'] ? { xAccelBuffering: res.headers['x-accel-buffering'] } : {}),
    ...(res.headers.server ? { server: res.headers.server.slice(0, 100) } : {}),
    ...(res.endedBy && res.endedBy !== 'until' && res.endedBy !== 'complete' ? { endedBy: res.endedBy } : {}),
    ...(chunks.length ? { firstChunkMs: chunks[0], lastChunkMs: chunks[chunks.length - 1], chunkCount: chunks.length } : {}),
  };
  if (!contentType.includes('text/event-stream')) {
    const outcome = readRpcResponse(res, id);
    const reason =
      res.status >= 300
        ? `tools/call answered HTTP ${res.status}`
        : outcome.kind === 'error'
          ? `the tool call failed: ${outcome.message}`
          : 'the server answered with one JSON body, not an event stream';
    return { tool, ...headersFacts, outcome: 'not-sse', reason, events: [] };
  }
  if (res.headers['content-encoding']) return { tool, ...headersFacts, outcome: 'measured', events };
  if (!events.some((e) => e.kind === 'response'))
    return { tool, ...headersFacts, outcome: 'failed', reason: "the stream ended or timed out before the tool's result", events };
  return { tool, ...headersFacts, outcome: 'measured', events };
}
