import { type HttpResult } from '../http/client';
import { LEGACY_FALLBACK_STATUSES, terminalAnswer } from './answers';
import {
  CLIENT_INFO,
  hasRpcResponse,
  MODERN_ERROR_CODES,
  readRpcResponse,
  rpcErrorIn,
  rpcNotification,
  rpcRequest,
  SESSION_ERA_VERSIONS,
} from './jsonrpc';
import { reportRpcFailure } from './rpcCall';
import { markSession, reconcileSessionAnswers } from './sessionConsistency';
import { report, send, type ProbeRun } from './run';
import { serverInfoOf, type EraStep } from './stateless';
import { listTools } from './tools';
import { type McpSessionReport } from './types';
import { type JsonObject, isPlainObject } from '../json/parse';

const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } as const;
/** A session id no server issued, to see how the server answers an expired session. */
const UNKNOWN_SESSION_ID = 'mcp-doctor-unknown-session-0000';

/**
 * Session-era Streamable HTTP (2025-03-26 to 2025-11-25): initialize, then the session checks and
 * tools/list. Returns 'fallback' with the initialize answer on 400/404/405 (maybe HTTP+SSE).
 */
export async function trySessionEra(run: ProbeRun): Promise<{ step: EraStep; initRes?: HttpResult }> {
  const id = run.nextId++;
  const params = { protocolVersion: SESSION_ERA_VERSIONS[0], capabilities: {}, clientInfo: CLIENT_INFO };
  const res = await send(run, {
    label: 'initialize',
    method: 'POST',
    headers: POST_HEADERS,
    body: rpcRequest(id, 'initialize', params),
    until: hasRpcResponse(id),
  });
  if (!res || terminalAnswer(run, res, 'POST', run.endpoint)) return { step: 'stop' };
  if (LEGACY_FALLBACK_STATUSES.has(res.status)) {
    const error = rpcErrorIn(res);
    if (!error || !Object.values<number>(MODERN_ERROR_CODES).includes(error.code)) return { step: 'fallback', initRes: res };
  }
  const outcome = readRpcResponse(res, id);
  if (outcome.kind !== 'result') {
    reportRpcFailure(run, res, outcome, 'initialize');
    return { step: 'stop' };
  }
  await afterInitialize(run, res, outcome.result);
  return { step: 'done' };
}

async function afterInitialize(run: ProbeRun, res: HttpResult, result: JsonObject): Promise<void> {
  const version = typeof result.protocolVersion === 'string' ? result.protocolVersion : SESSION_ERA_VERSIONS[0];
  Object.assign(run.facts, { era: 'streamable', protocolVersion: version, serverInfo: serverInfoOf(result), reached: true });
  if (!(SESSION_ERA_VERSIONS as readonly string[]).includes(version)) {
    report(run, 'MCP_PROTOCOL_VERSION_UNSUPPORTED', { serverVersions: [version], clientVersions: [...SESSION_ERA_VERSIONS] });
  }
  const session = sessionFacts(run, res.headers['mcp-session-id']);
  const sessionId = session.validCharacters ? res.headers['mcp-session-id'] : undefined;
  const headers: Record<string, string> = { 'mcp-protocol-version': version, ...(sessionId ? { 'mcp-session-id': sessionId } : {}) };
  run.facts.session = session;
  const mark = markSession(run);
  await sessionChecks(run, result, { version, headers, session, sessionId });
  if (sessionId) run.sessionDoubt = reconcileSessionAnswers(run, mark);
  if (sessionId) await send(run, { label: 'end session', method: 'DELETE', headers, maxBodyBytes: 4096, quiet: true });
}

interface SessionContext {
  readonly version: string;
  readonly headers: Record<string, string>;
  readonly session: McpSessionReport;
  readonly sessionId?: string;
}

async function sessionChecks(run: ProbeRun, result: JsonObject, { version, headers, session, sessionId }: SessionContext): Promise<void> {
  if (!(await notifyInitialized(run, headers, session))) return;
  const capabilities = isPlainObject(result.capabilities) ? result.capabilities : {};
  if ('tools' in capabilities) await listTools(run, headers, (cursor) => (cursor ? { cursor } : undefined));
  else Object.assign(run.facts, { tools: [], toolCount: 0 });
  if (run.facts.rateLimited) return;
  if (sessionId) await checkUnknownSession(run, version, session);
  // The endless stream can only be cut, which costs its connection: a background check leaves it alone.
  if (run.deps.background) run.facts.session = { ...(run.facts.session ?? session), getStreamSkipped: 'not checked in a background check' };
  else await checkGetStream(run, headers, session);
}

function sessionFacts(run: ProbeRun, sessionId: string | undefined): McpSessionReport {
  if (sessionId === undefined) return { issued: false };
  const bad = [...sessionId].find((ch) => ch < '\x21' || ch > '\x7e');
  if (bad !== undefined || sessionId === '') {
    const badCharacter = bad === undefined ? 'empty id' : `U+${bad.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`;
    report(run, 'MCP_SESSION_ID_INVALID', { length: sessionId.length, badCharacter });
  }
  return { issued: true, length: sessionId.length, validCharacters: bad === undefined && sessionId !== '' };
}

/** Returns false when the probe must stop (the server refused or rate-limited us). */
async function notifyInitialized(run: ProbeRun, headers: Record<string, string>, session: McpSessionReport): Promise<boolean> {
  const res = await send(run, {
    label: 'notifications/initialized',
    method: 'POST',
    headers: { ...POST_HEADERS, ...headers },
    body: rpcNotification('notifications/initialized'),
    maxBodyBytes: 16 * 1024,
  });
  if (!res) return false;
  run.facts.session = { ...session, initializedNotificationStatus: res.status };
  if (res.status === 401 || res.status === 403 || res.status === 429) return !terminalAnswer(run, res, 'POST', run.endpoint);
  if (res.status !== 202) report(run, 'MCP_NOTIFICATION_STATUS_WRONG', { status: res.status, url: run.endpoint.href });
  return true;
}

async function checkUnknownSession(run: ProbeRun, version: string, session: McpSessionReport): Promise<void> {
  const id = run.nextId++;
  const res = await send(run, {
    label: 'unknown session',
    method: 'POST',
    quiet: true,
    maxBodyBytes: 16 * 1024,
    until: hasRpcResponse(id),
    headers: { ...POST_HEADERS, 'mcp-protocol-version': version, 'mcp-session-id': UNKNOWN_SESSION_ID },
    body: rpcRequest(id, 'ping'),
  });
  if (!res) return;
  run.facts.session = { ...(run.facts.session ?? session), unknownSessionStatus: res.status };
  if (res.status === 400) report(run, 'MCP_SESSION_STATUS_WRONG', { status: res.status, url: run.endpoint.href });
  else if (res.status >= 200 && res.status < 300 && readRpcResponse(res, id).kind === 'result')
    report(run, 'SESSION_UNKNOWN_ACCEPTED', { status: res.status, url: run.endpoint.href });
}

async function checkGetStream(run: ProbeRun, headers: Record<string, string>, session: McpSessionReport): Promise<void> {
  const res = await send(run, {
    label: 'GET stream',
    method: 'GET',
    headers: { accept: 'text/event-stream', ...headers },
    maxBodyBytes: 0,
    quiet: true,
    separateConnection: true,
  });
  if (!res) return;
  const contentType = res.headers['content-type'];
  run.facts.session = {
    ...(run.facts.session ?? session),
    getStreamStatus: res.status,
    ...(contentType ? { getStreamContentType: contentType } : {}),
  };
  const isStream = res.status === 200 && (contentType ?? '').includes('text/event-stream');
  if (!isStream && res.status !== 405 && res.status !== 429) {
    report(run, 'MCP_GET_STREAM_UNEXPECTED', { url: run.endpoint.href, status: res.status, contentType });
  }
}
