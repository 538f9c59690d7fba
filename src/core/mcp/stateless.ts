import { type HttpResult } from '../http/client';
import { type HopRequest } from '../http/redirects';
import { terminalAnswer } from './answers';
import {
  METHOD_NOT_FOUND,
  MODERN_ERROR_CODES,
  readRpcResponse,
  rpcRequest,
  SESSION_ERA_VERSIONS,
  statelessParams,
  STATELESS_VERSIONS,
} from './jsonrpc';
import { callRpc, reportRpcFailure } from './rpcCall';
import { report, type ProbeRun } from './run';
import { listTools } from './tools';
import { type JsonObject, isPlainObject } from '../json/parse';

/** What the opening request told us about the era. */
export type EraStep = 'done' | 'fallback' | 'stop';

/** Headers every stateless-era POST carries (they mirror the body for intermediaries). */
export function statelessHeaders(version: string, rpcMethod: string): Record<string, string> {
  return { 'mcp-protocol-version': version, 'mcp-method': rpcMethod };
}

/** The opening request of every probe: server/discover, which only a stateless-era server answers. */
export function discoverRequest(id: number, version: string = STATELESS_VERSIONS[0]): HopRequest {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...statelessHeaders(version, 'server/discover'),
    },
    body: rpcRequest(id, 'server/discover', statelessParams(version)),
  };
}

/**
 * Reads the answer to server/discover: a DiscoverResult or a recognised stateless-era error means
 * a 2026-07-28 server (probe it to the tool list); anything else means "try initialize".
 */
export async function interpretDiscover(run: ProbeRun, res: HttpResult, id: number): Promise<EraStep> {
  // An older server may fail on a method it does not know; initialize decides whether 5xx is real.
  if (res.status >= 500) return 'fallback';
  if (terminalAnswer(run, res, 'POST', run.endpoint)) return 'stop';
  const outcome = readRpcResponse(res, id);
  if (outcome.kind === 'result' && Array.isArray(outcome.result.supportedVersions)) return finishStateless(run, outcome.result);
  if (outcome.kind !== 'error') return 'fallback';
  if (res.status === 400 && outcome.code === MODERN_ERROR_CODES.unsupportedVersion) return retryWithSupported(run, outcome.data);
  if (res.status === 400 && (outcome.code === MODERN_ERROR_CODES.headerMismatch || outcome.code === MODERN_ERROR_CODES.missingCapability)) {
    run.facts.era = 'stateless';
    reportRpcFailure(run, res, outcome, 'server/discover');
    return 'stop';
  }
  if (res.status === 404 && outcome.code === METHOD_NOT_FOUND) return withoutDiscover(run);
  return 'fallback';
}

async function retryWithSupported(run: ProbeRun, data: unknown): Promise<EraStep> {
  const supported =
    isPlainObject(data) && Array.isArray(data.supported) ? data.supported.filter((v): v is string => typeof v === 'string') : [];
  run.facts.supportedVersions = supported;
  const common = STATELESS_VERSIONS.find((v) => supported.includes(v));
  if (!common) return noCommonVersion(run, supported);
  const { result } = await callRpc(run, {
    rpcMethod: 'server/discover',
    headers: statelessHeaders(common, 'server/discover'),
    params: statelessParams(common),
  });
  return result ? finishStateless(run, result) : 'stop';
}

function noCommonVersion(run: ProbeRun, supported: readonly string[]): EraStep {
  if (supported.some((v) => (SESSION_ERA_VERSIONS as readonly string[]).includes(v))) return 'fallback';
  run.facts.era = 'stateless';
  report(run, 'MCP_PROTOCOL_VERSION_UNSUPPORTED', {
    serverVersions: [...supported],
    clientVersions: [...STATELESS_VERSIONS, ...SESSION_ERA_VERSIONS],
  });
  return 'stop';
}

async function withoutDiscover(run: ProbeRun): Promise<EraStep> {
  const version = STATELESS_VERSIONS[0];
  run.facts.era = 'stateless';
  run.facts.protocolVersion = version;
  report(run, 'MCP_DISCOVER_MISSING', { detail: '404 Method not found' });
  run.facts.reached = await listStatelessTools(run, version);
  return 'done';
}

async function finishStateless(run: ProbeRun, result: JsonObject): Promise<EraStep> {
  const supported = (result.supportedVersions as unknown[]).filter((v): v is string => typeof v === 'string');
  const version = STATELESS_VERSIONS.find((v) => supported.includes(v));
  run.facts.supportedVersions = supported;
  if (!version) return noCommonVersion(run, supported);
  run.facts.era = 'stateless';
  run.facts.protocolVersion = version;
  run.facts.serverInfo = serverInfoOf(result);
  run.facts.reached = true;
  report(run, 'MCP_STATELESS_ERA', { supportedVersions: supported });
  const capabilities = isPlainObject(result.capabilities) ? result.capabilities : {};
  if (!('tools' in capabilities)) {
    run.facts.tools = [];
    run.facts.toolCount = 0;
    return 'done';
  }
  await listStatelessTools(run, version);
  return 'done';
}

function listStatelessTools(run: ProbeRun, version: string): Promise<boolean> {
  return listTools(run, statelessHeaders(version, 'tools/list'), (cursor) => statelessParams(version, cursor ? { cursor } : {}));
}

/** serverInfo from the result `_meta` (2026-07-28) or a plain `serverInfo` member. */
export function serverInfoOf(result: JsonObject): { name?: string; version?: string } | undefined {
  const meta = isPlainObject(result._meta) ? result._meta['io.modelcontextprotocol/serverInfo'] : undefined;
  const info = isPlainObject(meta) ? meta : isPlainObject(result.serverInfo) ? result.serverInfo : undefined;
  if (!info) return undefined;
  return {
    ...(typeof info.name === 'string' ? { name: info.name.slice(0, 100) } : {}),
    ...(typeof info.version === 'string' ? { version: info.version.slice(0, 50) } : {}),
  };
}
