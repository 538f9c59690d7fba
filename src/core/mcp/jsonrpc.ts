import { type HttpResult } from '../http/client';
import { parseSse } from '../http/sse';
import { type JsonObject, isPlainObject, parseJson } from '../json/parse';

/** Session-era versions we speak, newest first (2024-11-05 is the HTTP+SSE transport's). */
export const SESSION_ERA_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;
/** Stateless-era versions we speak, newest first. */
export const STATELESS_VERSIONS = ['2026-07-28'] as const;
export const CLIENT_INFO = { name: 'mcp-doctor', version: '0.1.0' } as const;

/** JSON-RPC error codes the 2026-07-28 revision defines; any of them proves a stateless-era server. */
export const MODERN_ERROR_CODES = { headerMismatch: -32020, missingCapability: -32021, unsupportedVersion: -32022 } as const;
export const METHOD_NOT_FOUND = -32601;

export function rpcRequest(id: number, method: string, params?: JsonObject): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
}

export function rpcNotification(method: string, params?: JsonObject): string {
  return JSON.stringify({ jsonrpc: '2.0', method, ...(params ? { params } : {}) });
}

/** Params of a stateless-era request: the version, identity and capabilities ride on every request. */
export function statelessParams(version: string, extra: JsonObject = {}): JsonObject {
  return {
    ...extra,
    _meta: {
      'io.modelcontextprotocol/protocolVersion': version,
      'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  };
}

/** How a response body answered one JSON-RPC request. */
export type RpcOutcome =
  | { readonly kind: 'result'; readonly result: JsonObject }
  | { readonly kind: 'error'; readonly code: number; readonly message: string; readonly data?: unknown }
  /** JSON or SSE, but not a valid JSON-RPC response to our request. */
  | { readonly kind: 'invalid'; readonly reason: string }
  /** An SSE stream that ended or stalled without the response. */
  | { readonly kind: 'missing'; readonly reason: 'timeout' | 'ended' | 'limit'; readonly events: number }
  /** Neither JSON nor an event stream (HTML, text, empty). */
  | { readonly kind: 'not-json' };

export function bodyKind(res: HttpResult): 'json' | 'sse' | 'other' {
  const type = (res.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('text/event-stream')) return 'sse';
  if (/application\/([\w.+-]*\+)?json/.test(type)) return 'json';
  if (type === '' && /^\s*[[{]/.test(res.body)) return 'json';
  return 'other';
}

/** Reads the response to request `id` from a JSON body or an SSE stream. */
export function readRpcResponse(res: HttpResult, id: number): RpcOutcome {
  const kind = bodyKind(res);
  if (kind === 'other') return { kind: 'not-json' };
  if (kind === 'json') {
    const parsed = parseJson(res.body);
    if (parsed === undefined)
      return { kind: 'invalid', reason: res.truncated ? 'the JSON body was cut off at the size limit' : 'the body is not valid JSON' };
    return validateResponse(parsed, id);
  }
  return readSseResponse(res, id);
}

function readSseResponse(res: HttpResult, id: number): RpcOutcome {
  const { events } = parseSse(res.body);
  let invalid: string | undefined;
  for (const event of events) {
    if (event.event !== 'message') continue;
    const parsed = parseJson(event.data);
    if (parsed === undefined) {
      invalid ??= 'an SSE event carries data that is not JSON';
      continue;
    }
    if (!isPlainObject(parsed) || (!('result' in parsed) && !('error' in parsed))) continue; // notification or server request
    if (parsed.id !== id && parsed.id !== null) continue;
    return validateResponse(parsed, id);
  }
  if (invalid) return { kind: 'invalid', reason: invalid };
  const reason = res.endedBy === 'timeout' ? 'timeout' : res.endedBy === 'limit' ? 'limit' : 'ended';
  return { kind: 'missing', reason, events: events.length };
}

/** True once the text read so far holds the response to `id` (as JSON or as an SSE event). */
export function hasRpcResponse(id: number): (textSoFar: string) => boolean {
  return (text) => {
    if (/^\s*[[{]/.test(text)) return false; // a JSON body: read it to the end
    return parseSse(text).events.some((e) => {
      const parsed = parseJson(e.data);
      return isPlainObject(parsed) && parsed.id === id && ('result' in parsed || 'error' in parsed);
    });
  };
}

function validateResponse(message: unknown, id: number): RpcOutcome {
  const single = Array.isArray(message) ? message.find((m) => isPlainObject(m) && m.id === id) : message;
  if (!isPlainObject(single)) return { kind: 'invalid', reason: 'the body is not a JSON-RPC object' };
  if (single.jsonrpc !== '2.0') return { kind: 'invalid', reason: 'the "jsonrpc" member is not "2.0"' };
  const hasResult = 'result' in single;
  const hasError = 'error' in single;
  if (hasResult === hasError) return { kind: 'invalid', reason: 'a response needs exactly one of "result" and "error"' };
  if (hasError) return errorOutcome(single.error);
  if (single.id !== id)
    return { kind: 'invalid', reason: `the response id ${JSON.stringify(single.id)} does not match the request id ${id}` };
  if (!isPlainObject(single.result)) return { kind: 'invalid', reason: 'the "result" member is not an object' };
  return { kind: 'result', result: single.result };
}

function errorOutcome(error: unknown): RpcOutcome {
  if (!isPlainObject(error) || typeof error.code !== 'number' || typeof error.message !== 'string') {
    return { kind: 'invalid', reason: 'the "error" member lacks a numeric code and a message' };
  }
  return { kind: 'error', code: error.code, message: error.message.slice(0, 300), data: error.data };
}

/** The JSON-RPC error in a body, if the body is one (used to read 4xx bodies). */
export function rpcErrorIn(res: HttpResult): { code: number; message: string; data?: unknown } | undefined {
  if (bodyKind(res) === 'other') return undefined;
  const parsed = bodyKind(res) === 'json' ? parseJson(res.body) : parseJson(parseSse(res.body).events[0]?.data ?? '');
  if (!isPlainObject(parsed) || !isPlainObject(parsed.error)) return undefined;
  const { code, message } = parsed.error;
  if (typeof code !== 'number') return undefined;
  return { code, message: typeof message === 'string' ? message.slice(0, 300) : '', data: parsed.error.data };
}
