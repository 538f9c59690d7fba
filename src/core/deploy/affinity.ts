import { type HttpResult } from '../http/client';
import { CLIENT_INFO, hasRpcResponse, readRpcResponse, rpcErrorIn, rpcNotification, rpcRequest } from '../mcp/jsonrpc';
import { newRun, send, type ProbeDeps, type ProbeRun } from '../mcp/run';
import { type McpExchange } from '../mcp/types';
import { balancerCookieNames } from './cookies';
import { type AffinityAttempt, type AffinityReport } from './types';

/**
 * Sessions and follow-ups per session. Several sessions, because a balancer that hashes the session
 * id keeps each session on one replica, the wrong one for about half of them (with two replicas);
 * several follow-ups, because round-robin shows within one session.
 */
export const DEFAULT_SESSIONS = 4;
export const DEFAULT_FOLLOW_UPS = 3;
const MAX_SESSIONS = 6;
const MAX_FOLLOW_UPS = 12;
const MAX_BODY_BYTES = 16 * 1024;
const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } as const;

export interface AffinityInput {
  readonly endpoint: URL;
  /** The version the server negotiated in the main probe (sent as MCP-Protocol-Version). */
  readonly protocolVersion: string;
  readonly sessions?: number;
  readonly followUps?: number;
  /** No new session or follow-up once this has passed (the step's own deadline must leave room for DELETE). */
  readonly budgetMs?: number;
}

/**
 * Opens sessions of its own and sends each a bounded series of follow-ups with its id, every request
 * on a fresh connection so a balancer gets to place each one (as it does for clients whose
 * connections rotate): the `notifications/initialized` a real client sends first, then pings; then
 * ends the session. Bounds: sessions (≤ 6) × (initialize + followUps (≤ 12) + DELETE) requests,
 * 20 by default, each under the probe's phase deadlines and 16 KiB; nothing new after `budgetMs`.
 */
export async function checkAffinity(
  deps: ProbeDeps,
  input: AffinityInput,
): Promise<{ report: AffinityReport; exchanges: readonly McpExchange[] }> {
  const run = newRun(deps, input.endpoint);
  const sessions = clamp(input.sessions ?? DEFAULT_SESSIONS, MAX_SESSIONS);
  const began = performance.now();
  const overBudget = () => input.budgetMs !== undefined && performance.now() - began > input.budgetMs;
  const attempts: AffinityAttempt[] = [];
  const cookies = new Set<string>();
  let stoppedBy: string | undefined;
  let issued = 0;
  let serverHeader: string | undefined;
  for (let session = 1; session <= sessions && !stoppedBy; session++) {
    if (overBudget()) {
      stoppedBy = `the time budget (${input.budgetMs} ms) ran out after ${session - 1} session(s)`;
      break;
    }
    const one = await sessionSeries(run, input, session, overBudget);
    if (one.issued) issued++;
    serverHeader ??= one.serverHeader;
    attempts.push(...one.attempts);
    one.cookies.forEach((c) => cookies.add(c));
    stoppedBy = one.stoppedBy;
  }
  const proxyProduct = proxyProductOf(serverHeader);
  const report: AffinityReport = {
    sessionIssued: issued > 0,
    sessions: issued,
    attempts,
    balancerCookies: [...cookies],
    ...(proxyProduct ? { proxyProduct } : {}),
    ...(stoppedBy ? { stoppedBy } : {}),
  };
  return { report, exchanges: run.exchanges };
}

interface SessionSeries {
  readonly issued: boolean;
  readonly serverHeader?: string;
  readonly attempts: AffinityAttempt[];
  readonly cookies: string[];
  readonly stoppedBy?: string;
}

async function sessionSeries(run: ProbeRun, input: AffinityInput, session: number, overBudget: () => boolean): Promise<SessionSeries> {
  const opened = await openSession(run, input.protocolVersion);
  if (typeof opened === 'string') return { issued: false, attempts: [], cookies: [], stoppedBy: opened };
  const { sessionId, res } = opened;
  const cookies = balancerCookieNames(res.headers['set-cookie']);
  const headers = { ...POST_HEADERS, 'mcp-protocol-version': input.protocolVersion, 'mcp-session-id': sessionId };
  const count = clamp(input.followUps ?? DEFAULT_FOLLOW_UPS, MAX_FOLLOW_UPS);
  const attempts: AffinityAttempt[] = [];
  let stoppedBy: string | undefined;
  for (let attempt = 1; attempt <= count; attempt++) {
    if (overBudget()) {
      stoppedBy = `the time budget (${input.budgetMs} ms) ran out in session ${session}`;
      break;
    }
    const one = await followUp(run, session, attempt, headers, sessionId);
    attempts.push(one.attempt);
    cookies.push(...balancerCookieNames(one.res?.headers['set-cookie']));
    if (one.attempt.status === 429) {
      stoppedBy = 'the server rate-limited the series (HTTP 429)';
      break;
    }
  }
  await send(run, {
    label: `affinity session ${session}: end`,
    method: 'DELETE',
    headers,
    maxBodyBytes: 4096,
    quiet: true,
    separateConnection: true,
  });
  return { issued: true, serverHeader: res.headers.server, attempts, cookies, ...(stoppedBy ? { stoppedBy } : {}) };
}

/** nginx and Caddy put their name in `Server` (nginx replaces the upstream's); HAProxy adds none. */
export function proxyProductOf(server: string | undefined): string | undefined {
  if (!server) return undefined;
  if (/^nginx\b/i.test(server) || /^openresty\b/i.test(server)) return 'nginx';
  if (/^caddy\b/i.test(server)) return 'caddy';
  return undefined;
}

function clamp(n: number, max: number): number {
  return Math.max(1, Math.min(max, Math.floor(n)));
}

/** initialize on a fresh connection; the session id, or why there is none. */
export async function openSession(run: ProbeRun, version: string): Promise<{ sessionId: string; res: HttpResult } | string> {
  const id = run.nextId++;
  const body = rpcRequest(id, 'initialize', { protocolVersion: version, capabilities: {}, clientInfo: CLIENT_INFO });
  const res = await send(run, {
    label: 'affinity: initialize',
    method: 'POST',
    headers: POST_HEADERS,
    body,
    until: hasRpcResponse(id),
    maxBodyBytes: MAX_BODY_BYTES,
    quiet: true,
    separateConnection: true,
  });
  if (!res) return 'initialize failed';
  if (readRpcResponse(res, id).kind !== 'result') return `initialize answered HTTP ${res.status} without a result`;
  const sessionId = res.headers['mcp-session-id'];
  return sessionId ? { sessionId, res } : 'initialize issued no Mcp-Session-Id';
}

/** Attempt 1 is the notification every client sends first; the rest are pings. */
async function followUp(
  run: ProbeRun,
  session: number,
  attempt: number,
  headers: Record<string, string>,
  sessionId: string,
): Promise<{ attempt: AffinityAttempt; res?: HttpResult }> {
  const notification = attempt === 1;
  const request = notification ? 'notifications/initialized' : 'ping';
  const id = notification ? undefined : run.nextId++;
  const res = await send(run, {
    label: `affinity session ${session} #${attempt}: ${request}`,
    method: 'POST',
    headers,
    quiet: true,
    separateConnection: true,
    maxBodyBytes: MAX_BODY_BYTES,
    body: id === undefined ? rpcNotification(request) : rpcRequest(id, request),
    ...(id === undefined ? {} : { until: hasRpcResponse(id) }),
  });
  if (!res) return { attempt: { session, attempt, request, status: 0, outcome: 'failed', errorCode: run.exchanges.at(-1)?.errorCode } };
  return { attempt: { session, ...classify(attempt, request, res, id, sessionId) }, res };
}

/**
 * Refused: 400/404 (the session is unknown where the request landed) or an answer carrying another
 * session's id. Answered: a 2xx with the ping's result (or 202 for the notification).
 */
export function classify(
  attempt: number,
  request: string,
  res: HttpResult,
  id: number | undefined,
  sessionId: string,
): Omit<AffinityAttempt, 'session'> {
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
