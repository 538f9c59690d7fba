import { type HttpResult } from '../http/client';
import { CLIENT_INFO, hasRpcResponse, rpcRequest } from '../mcp/jsonrpc';
import { newRun, send, type ProbeDeps } from '../mcp/run';
import { type McpExchange } from '../mcp/types';
import { type CorsReport } from './types';

/** Request headers a browser MCP client sends (lower case, as browsers list them in the preflight). */
export const SESSION_ERA_HEADERS = ['authorization', 'content-type', 'mcp-protocol-version', 'mcp-session-id'] as const;
export const STATELESS_EXTRA_HEADERS = ['mcp-method', 'mcp-name'] as const;

export interface CorsInput {
  readonly endpoint: URL;
  readonly origin: string;
  readonly protocolVersion: string;
  readonly stateless: boolean;
}

/**
 * What a browser page on `origin` would be allowed: the preflight for POST with the MCP request
 * headers, then a real initialize carrying Origin, whose answer must let the page read
 * Mcp-Session-Id (and WWW-Authenticate when the server challenges). Bounds: OPTIONS, POST, DELETE.
 */
export async function checkCors(deps: ProbeDeps, input: CorsInput): Promise<{ report: CorsReport; exchanges: readonly McpExchange[] }> {
  const run = newRun(deps, input.endpoint);
  const requested = [...SESSION_ERA_HEADERS, ...(input.stateless ? STATELESS_EXTRA_HEADERS : [])];
  const preflight = await send(run, {
    label: 'cors: preflight',
    method: 'OPTIONS',
    maxBodyBytes: 4096,
    quiet: true,
    headers: { origin: input.origin, 'access-control-request-method': 'POST', 'access-control-request-headers': requested.join(',') },
  });
  const id = run.nextId++;
  const body = rpcRequest(id, 'initialize', { protocolVersion: input.protocolVersion, capabilities: {}, clientInfo: CLIENT_INFO });
  const actual = await send(run, {
    label: 'cors: initialize with Origin',
    method: 'POST',
    body,
    until: hasRpcResponse(id),
    maxBodyBytes: 64 * 1024,
    quiet: true,
    headers: {
      origin: input.origin,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': input.protocolVersion,
    },
  });
  const sessionId = actual?.headers['mcp-session-id'];
  if (sessionId)
    await send(run, {
      label: 'cors: end session',
      method: 'DELETE',
      headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': input.protocolVersion },
      maxBodyBytes: 4096,
      quiet: true,
    });
  return { report: analyse(input.origin, requested, preflight, actual), exchanges: run.exchanges };
}

function analyse(
  origin: string,
  requested: readonly string[],
  preflight: HttpResult | undefined,
  actual: HttpResult | undefined,
): CorsReport {
  const pre = preflight?.headers ?? {};
  const allowedHeaders = list(pre['access-control-allow-headers']);
  const allowedMethods = list(pre['access-control-allow-methods']);
  const preflightOk =
    !!preflight && preflight.status >= 200 && preflight.status < 300 && originAllowed(pre['access-control-allow-origin'], origin);
  // "*" allows any header except Authorization, which must be named (Fetch standard, CORS-safelisted rules).
  const headersNotAllowed = requested.filter(
    (h) => !allowedHeaders.includes(h) && !(allowedHeaders.includes('*') && h !== 'authorization'),
  );
  const methodAllowed = allowedMethods.includes('post') || allowedMethods.includes('*');
  const act = actual?.headers ?? {};
  const exposed = list(act['access-control-expose-headers']);
  const needExposed = ['mcp-session-id', 'www-authenticate'];
  return {
    origin,
    preflightStatus: preflight?.status ?? 0,
    preflightOk,
    allowOrigin: pre['access-control-allow-origin'],
    methodAllowed: preflightOk ? methodAllowed : false,
    headersNotAllowed: preflightOk ? headersNotAllowed : [...requested],
    actualStatus: actual?.status ?? 0,
    actualOriginAllowed: originAllowed(act['access-control-allow-origin'], origin),
    sessionIssued: !!act['mcp-session-id'],
    notExposed: needExposed.filter((h) => !exposed.includes(h) && !exposed.includes('*')),
  };
}

function originAllowed(value: string | undefined, origin: string): boolean {
  return value !== undefined && (value.trim() === '*' || value.trim() === origin);
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
}
