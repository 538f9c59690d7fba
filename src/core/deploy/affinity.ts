import { type HttpResult } from '../http/client';
import { CLIENT_INFO, hasRpcResponse, readRpcResponse, rpcErrorIn, rpcNotification, rpcRequest } from '../mcp/jsonrpc';
import { newRun, send, type ProbeDeps, type ProbeRun } from '../mcp/run';
import { type McpExchange } from '../mcp/types';
import { balancerCookieNames } from './cookies';
import { type AffinityAttempt, type AffinityReport } from './types';

/** Follow-ups after initialize: enough for a round-robin over up to a dozen replicas to show. */
export const DEFAULT_FOLLOW_UPS = 12;
export const MAX_FOLLOW_UPS = 24;
const MAX_BODY_BYTES = 16 * 1024;
const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } as const;

export interface AffinityInput {
  readonly endpoint: URL;
  /** The version the server negotiated in the main probe (sent as MCP-Protocol-Version). */
  readonly protocolVersion: string;
  readonly followUps?: number;
  /** Stop sending follow-ups after this long (the step's own deadline must leave room for DELETE). */
  readonly budgetMs?: number;
}

/**
 * Opens a session of its own and sends a bounded series of follow-ups with its id, each on a fresh
 * connection so a balancer gets to place every one (as it does for clients whose connections
 * rotate): the `notifications/initialized` a real client sends first, then pings. Ends the session.
 * Bounds: 1 + followUps (≤ 24) + 1 requests, each under the probe's phase deadlines and 16 KiB;
 * no new follow-up once `budgetMs` has passed.
 */
export async function checkAffinity(deps: ProbeDeps, input: AffinityInput): Promise<{ report: AffinityReport; exchanges: readonly McpExchange[] }> {
  const run = newRun(deps, input.endpoint);
  const report = await series(run, input);
  return { report, exchanges: run.exchanges };
}

async function series(run: ProbeRun, input: AffinityInput): Promise<AffinityReport> {
  const opened = await openSession(run, input.protocolVersion);
  if (typeof opened === 'string') return { sessionIssued: false, attempts: [], balancerCookies: [], stoppedBy: opened };
  const { sessionId, res } = opened;
  const cookies = new Set(balancerCookieNames(res.headers['set-cookie']));
  const headers = { ...POST_HEADERS, 'mcp-protocol-version': input.protocolVersion, 'mcp-session-id': sessionId };
  const count = Math.max(1, Math.min(MAX_FOLLOW_UPS, input.followUps ?? DEFAULT_FOLLOW_UPS));
  const attempts: AffinityAttempt[] = [];
  let stoppedBy: string | undefined;
  const began = performance.now();
  for (let attempt = 1; attempt <= count; attempt++) {
    if (input.budgetMs !== undefined && performance.now() - began > input.budgetMs) {
      stoppedBy = `the time budget (${input.budgetMs} ms) ran out after ${attempt - 1} follow-ups`;
      break;
    }
    const one = await followUp(run, attempt, headers, sessionId);
    attempts.push(one.attempt);
    balancerCookieNames(one.res?.headers['set-cookie']).forEach((c) => cookies.add(c));
    if (one.attempt.status === 429) {
      stoppedBy = 'the server rate-limited the series (HTTP 429)';
      break;
    }
  }
  await send(run, { label: 'affinity: end session', method: 'DELETE', headers, maxBodyBytes: 4096, quiet: true, separateConnection: true });
  return { sessionIssued: true, attempts, balancerCookies: [...cookies], ...(stoppedBy ? { stoppedBy } : {}) };
}

/** initialize on a fresh connection; the session id, or why there is none. */
async function openSession(run: ProbeRun, version: string): Promise<{ sessionId: string; res: HttpResult } | string> {
  const id = run.nextId++;
  const body = rpcRequest(id, 'initialize', { protocolVersion: version, capabilities: {}, clientInfo: CLIENT_INFO });
  const res = await send(run, { label: 'affinity: initialize', method: 'POST', headers: POST_HEADERS, body, until: hasRpcResponse(id), maxBodyBytes: MAX_BODY_BYTES, quiet: true, separateConnection: true });
  if (!res) return 'initialize failed';
  if (readRpcResponse(res, id).kind !== 'result') return `initialize answered HTTP ${res.status} without a result`;
  const sessionId = res.headers['mcp-session-id'];
  return sessionId ? { sessionId, res } : 'initialize issued no Mcp-Session-Id';
}

/** Attempt 1 is the notification every client sends first; the rest are pings. */
async function followUp(run: ProbeRun, attempt: number, headers: Record<string, string>, sessionId: string): Promise<{ attempt: AffinityAttempt; res?: HttpResult }> {
  const notification = attempt === 1;
  const request = notification ? 'notifications/initialized' : 'ping';
  const id = notification ? undefined : run.nextId++;
  const res = await send(run, {
    label: `affinity #${attempt}: ${request}`, method: 'POST', headers, quiet: true, separateConnection: true, maxBodyBytes: MAX_BODY_BYTES,
    body: id === undefined ? rpcNotification(request) : rpcRequest(id, request),
    ...(id === undefined ? {} : { until: hasRpcResponse(id) }),
  });
  if (!res) return { attempt: { attempt, request, status: 0, outcome: 'failed', errorCode: run.exchanges.at(-1)?.errorCode } };
  return { attempt: classify(attempt, request, res, id, sessionId), res };
}

/**
 * Refused: 400/404 (the session is unknown where the request landed) or an answer carrying another
 * session's id. Answered: a 2xx with the ping's result (or 202 for the notification).
 */
export function classify(attempt: number, request: string, res: HttpResult, id: number | undefined, sessionId: string): AffinityAttempt {
  const base = { attempt, request, status: res.status };
  const echoed = res.headers['mcp-session-id'];
  if (echoed !== undefined && echoed !== sessionId) return { ...base, outcome: 'refused', otherSession: true };
  if (res.status === 400 || res.status === 404) {
    const rpcCode = rpcErrorIn(res)?.code;
    return { ...base, outcome: 'refused', ...(rpcCode !== undefined ? { rpcCode } : {}) };
  }
  if (res.status < 200 || res.status >= 300) return { ...base, outcome: 'failed' };
  if (id === undefined || readRpcResponse(res, id).kind === 'result') return { ...base, outcome: 'answered' };
  return { ...base, outcome: 'failed' };
}
