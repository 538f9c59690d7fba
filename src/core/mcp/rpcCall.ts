import { type HttpResult } from '../http/client';
import { terminalAnswer } from './answers';
import { hasRpcResponse, readRpcResponse, rpcRequest, type RpcOutcome } from './jsonrpc';
import { bodySnippet, report, send, type ProbeRun } from './run';
import { type JsonObject } from '../json/parse';

export interface CallInit {
  readonly rpcMethod: string;
  readonly params?: JsonObject;
  readonly headers: Readonly<Record<string, string>>;
  /** Exchange label; defaults to the method name. */
  readonly label?: string;
}

/** A JSON-RPC call's result, or undefined once a finding explained why there is none. */
export interface CallResult {
  readonly res?: HttpResult;
  readonly result?: JsonObject;
}

/**
 * One JSON-RPC request over POST, read from JSON or SSE (stopping at the response, so an endless
 * stream cannot hold it), with every failure turned into a finding.
 */
export async function callRpc(run: ProbeRun, init: CallInit): Promise<CallResult> {
  const id = run.nextId++;
  const res = await send(run, {
    label: init.label ?? init.rpcMethod,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...init.headers },
    body: rpcRequest(id, init.rpcMethod, init.params),
    until: hasRpcResponse(id),
  });
  if (!res) return {};
  if (terminalAnswer(run, res, 'POST', run.endpoint)) return { res };
  const outcome = readRpcResponse(res, id);
  if (outcome.kind === 'result') return { res, result: outcome.result };
  reportRpcFailure(run, res, outcome, init.rpcMethod);
  return { res };
}

/** Words a failed JSON-RPC exchange: rejected, malformed, or a stream that never answered. */
export function reportRpcFailure(run: ProbeRun, res: HttpResult, outcome: RpcOutcome, rpcMethod: string): void {
  const base = { rpcMethod, url: run.endpoint.href, status: res.status, contentType: res.headers['content-type'] };
  switch (outcome.kind) {
    case 'result':
      return;
    case 'error':
      if (rpcMethod === 'tools/list') report(run, 'MCP_TOOLS_LIST_FAILED', { ...base, rpcCode: outcome.code, rpcMessage: outcome.message });
      else report(run, 'MCP_REQUEST_REJECTED', { ...base, rpcCode: outcome.code, rpcMessage: outcome.message });
      return;
    case 'invalid':
      report(run, 'MCP_INVALID_RESPONSE', { ...base, reason: outcome.reason, bodySnippet: bodySnippet(run, res.body) });
      return;
    case 'missing':
      report(run, 'MCP_NO_RESPONSE', {
        ...base,
        reason: missingReason(outcome.reason),
        events: outcome.events,
        timeoutMs: run.deps.timeouts.bodyMs,
      });
      return;
    case 'not-json':
      if (res.status < 300)
        report(run, 'MCP_INVALID_RESPONSE', {
          ...base,
          reason: `HTTP ${res.status} ${res.body ? 'with a body that is neither JSON nor an event stream' : 'with no body'} instead of a JSON-RPC response`,
        });
      else report(run, 'MCP_REQUEST_REJECTED', { ...base, bodySnippet: bodySnippet(run, res.body) });
      return;
  }
}

function missingReason(reason: 'timeout' | 'ended' | 'limit'): string {
  if (reason === 'timeout') return 'the stream stayed open without it';
  if (reason === 'limit') return 'the size limit was reached first';
  return 'the stream ended without it';
}
