import { type HttpResult } from '../http/client';
import { hasRpcResponse, MODERN_ERROR_CODES, readRpcResponse, rpcRequest, statelessParams } from '../mcp/jsonrpc';
import { isPlainObject as isObject } from '../json/parse';
import { newRun, send, type ProbeDeps, type ProbeRun } from '../mcp/run';
import { statelessHeaders } from '../mcp/stateless';
import { type McpExchange } from '../mcp/types';
import { type StatelessRuleResult } from './types';

/** A version no server speaks, to see the -32022 answer with the supported list. */
const UNKNOWN_VERSION = '2000-01-01';
const POST = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } as const;

/**
 * The 2026-07-28 transport rules intermediaries and clients rely on, each with one request:
 * Mcp-Method must match the body (400 + -32020), an unsupported version gets 400 + -32022 listing
 * the supported ones, and GET is answered 405 (no standalone stream). Bounds: 3 requests.
 */
export async function checkStatelessRules(
  deps: ProbeDeps,
  endpoint: URL,
  version: string,
): Promise<{ results: StatelessRuleResult[]; exchanges: readonly McpExchange[] }> {
  const run = newRun(deps, endpoint);
  const results = [await methodMismatch(run, version), await unknownVersion(run), await getAnswered405(run)];
  return { results, exchanges: run.exchanges };
}

async function methodMismatch(run: ProbeRun, version: string): Promise<StatelessRuleResult> {
  const id = run.nextId++;
  const res = await send(run, {
    label: 'rules: Mcp-Method mismatch',
    method: 'POST',
    quiet: true,
    until: hasRpcResponse(id),
    maxBodyBytes: 16 * 1024,
    headers: { ...POST, ...statelessHeaders(version, 'ping') },
    body: rpcRequest(id, 'tools/list', statelessParams(version)),
  });
  return expectError(
    res,
    id,
    'Mcp-Method must match the body',
    'a request whose Mcp-Method header (ping) differs from its body (tools/list)',
    MODERN_ERROR_CODES.headerMismatch,
  );
}

async function unknownVersion(run: ProbeRun): Promise<StatelessRuleResult> {
  const id = run.nextId++;
  const res = await send(run, {
    label: 'rules: unsupported version',
    method: 'POST',
    quiet: true,
    until: hasRpcResponse(id),
    maxBodyBytes: 16 * 1024,
    headers: { ...POST, ...statelessHeaders(UNKNOWN_VERSION, 'server/discover') },
    body: rpcRequest(id, 'server/discover', statelessParams(UNKNOWN_VERSION)),
  });
  const result = expectError(
    res,
    id,
    'an unsupported version is refused with the supported list',
    `server/discover with protocol version ${UNKNOWN_VERSION}`,
    MODERN_ERROR_CODES.unsupportedVersion,
  );
  if (!result.ok || !res) return result;
  const outcome = readRpcResponse(res, id);
  const listed = outcome.kind === 'error' && isObject(outcome.data) && Array.isArray(outcome.data.supported);
  return listed ? result : { ...result, ok: false, got: `${result.got} without data.supported` };
}

async function getAnswered405(run: ProbeRun): Promise<StatelessRuleResult> {
  const res = await send(run, {
    label: 'rules: GET',
    method: 'GET',
    headers: { accept: 'text/event-stream' },
    quiet: true,
    maxBodyBytes: 0,
    separateConnection: true,
  });
  const rule = 'GET is answered 405 (the revision has no standalone stream)';
  if (!res) return { rule, request: 'GET on the endpoint', expected: 'HTTP 405', got: 'no answer', ok: false };
  return { rule, request: 'GET on the endpoint', expected: 'HTTP 405', got: `HTTP ${res.status}`, ok: res.status === 405 };
}

function expectError(res: HttpResult | undefined, id: number, rule: string, request: string, code: number): StatelessRuleResult {
  const expected = `HTTP 400 with JSON-RPC error ${code}`;
  if (!res) return { rule, request, expected, got: 'no answer', ok: false };
  const outcome = readRpcResponse(res, id);
  const got = `HTTP ${res.status}${outcome.kind === 'error' ? ` with JSON-RPC error ${outcome.code}` : outcome.kind === 'result' ? ' with a result' : ''}`;
  return { rule, request, expected, got, ok: res.status === 400 && outcome.kind === 'error' && outcome.code === code };
}
