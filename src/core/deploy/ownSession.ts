import { CLIENT_INFO, hasRpcResponse, readRpcResponse, rpcNotification, rpcRequest } from '../mcp/jsonrpc';
import { send, type ProbeRun } from '../mcp/run';

/** The headers a Streamable HTTP client sends with every POST. */
export const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } as const;

/** A session the deploy checks open for themselves, so what they measure touches no one else's. */
export interface OwnSession {
  readonly id?: string;
  /** `mcp-protocol-version`, and `mcp-session-id` when the server gave one. */
  readonly headers: Record<string, string>;
}

/**
 * initialize, then the `notifications/initialized` a real client sends next (labels `<prefix>: …`).
 * The session, or why there is none. Bounds: two requests (≤ 64 KiB, ≤ 4 KiB).
 */
export async function openOwnSession(run: ProbeRun, version: string, prefix: string): Promise<OwnSession | string> {
  const id = run.nextId++;
  const body = rpcRequest(id, 'initialize', { protocolVersion: version, capabilities: {}, clientInfo: CLIENT_INFO });
  const res = await send(run, {
    label: `${prefix}: initialize`,
    method: 'POST',
    headers: POST_HEADERS,
    body,
    until: hasRpcResponse(id),
    maxBodyBytes: 64 * 1024,
    quiet: true,
  });
  if (!res) return 'initialize failed';
  if (readRpcResponse(res, id).kind !== 'result') return `initialize answered HTTP ${res.status} without a result`;
  const sessionId = res.headers['mcp-session-id'];
  const headers: Record<string, string> = { 'mcp-protocol-version': version, ...(sessionId ? { 'mcp-session-id': sessionId } : {}) };
  await send(run, {
    label: `${prefix}: notifications/initialized`,
    method: 'POST',
    headers: { ...POST_HEADERS, ...headers },
    body: rpcNotification('notifications/initialized'),
    maxBodyBytes: 4096,
    quiet: true,
  });
  return { ...(sessionId ? { id: sessionId } : {}), headers };
}

/** DELETE the session, if the server gave it an id (a stateless server has nothing to end). */
export async function endOwnSession(run: ProbeRun, prefix: string, session: OwnSession, headers: Record<string, string>): Promise<void> {
  if (session.id) await send(run, { label: `${prefix}: end session`, method: 'DELETE', headers, maxBodyBytes: 4096, quiet: true });
}
