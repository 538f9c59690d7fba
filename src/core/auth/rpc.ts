import type * as tls from 'node:tls';
import { type HttpClient, type HttpResult } from '../http/client';
import { errorCode } from '../net/errors';
import { isPlainObject, parseJson } from '../json/parse';
import { withTimeout } from '../http/fetchDocument';

/** One JSON-RPC POST to the MCP endpoint and what came back. Holds no credential. */
export interface RpcExchange {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly result?: Record<string, unknown>;
  readonly rpcError?: { readonly code: unknown; readonly message: unknown };
  readonly errorCode?: string;
}

/** Where and how the auth step's requests go: the endpoint under diagnosis, with the run's transport. */
export interface EndpointRequest {
  readonly url: URL;
  readonly http: HttpClient;
  readonly tls?: tls.ConnectionOptions;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Connect deadline; the same as the MCP step's, so both share one connection pool. */
  readonly connectMs?: number;
  /** Sent as `Authorization: Bearer …`; never recorded. */
  readonly token?: string;
}

export interface RpcRequest extends EndpointRequest {
  readonly method: string;
  readonly params?: Record<string, unknown>;
  /** Omit for notifications. */
  readonly id?: number;
  readonly sessionId?: string;
  readonly protocolVersion?: string;
}

const MAX_RPC_BYTES = 256 * 1024;

/** POSTs one JSON-RPC message the Streamable HTTP way and reads a JSON or SSE answer. Never throws. */
export async function postRpc(req: RpcRequest): Promise<RpcExchange> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  if (req.token !== undefined) headers.authorization = `Bearer ${req.token}`;
  if (req.sessionId) headers['mcp-session-id'] = req.sessionId;
  if (req.protocolVersion) headers['mcp-protocol-version'] = req.protocolVersion;
  const message = {
    jsonrpc: '2.0',
    method: req.method,
    ...(req.params ? { params: req.params } : {}),
    ...(req.id !== undefined ? { id: req.id } : {}),
  };
  try {
    const res = await req.http({
      url: req.url,
      method: 'POST',
      headers,
      body: JSON.stringify(message),
      tls: req.url.protocol === 'https:' ? req.tls : undefined,
      signal: withTimeout(req.signal, req.timeoutMs),
      maxBodyBytes: MAX_RPC_BYTES,
      timeouts: req.connectMs === undefined ? undefined : { connectMs: req.connectMs },
      until: req.id === undefined ? undefined : (text) => findResponse(text, req.id as number) !== undefined,
    });
    return { status: res.status, headers: res.headers, ...readResponse(res, req.id) };
  } catch (err) {
    return { errorCode: req.signal.aborted ? 'ABORTED' : (errorCode(err) ?? 'UNKNOWN') };
  }
}

function readResponse(res: HttpResult, id: number | undefined): Pick<RpcExchange, 'result' | 'rpcError'> {
  if (id === undefined || res.status < 200 || res.status > 299) return {};
  const message = findResponse(res.body, id);
  if (!message) return {};
  if (isPlainObject(message.result)) return { result: message.result };
  if (isPlainObject(message.error)) return { rpcError: { code: message.error.code, message: message.error.message } };
  return {};
}

/** The JSON-RPC response with this id in a JSON body or an SSE stream's data lines. */
function findResponse(body: string, id: number): Record<string, unknown> | undefined {
  const trimmed = body.trimStart();
  const candidates =
    trimmed.startsWith('{') || trimmed.startsWith('[')
      ? [trimmed]
      : body.split(/\r?\n\r?\n/).map((event) =>
          event
            .split(/\r?\n/)
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n'),
        );
  for (const text of candidates.slice(0, 200)) {
    const parsed = parseJson(text);
    const messages = Array.isArray(parsed) ? parsed : [parsed];
    const match = messages.find((m): m is Record<string, unknown> => isPlainObject(m) && m.id === id && ('result' in m || 'error' in m));
    if (match) return match;
  }
  return undefined;
}
