import { bearerChallenge, parseWwwAuthenticate } from '../auth/wwwAuthenticate';
import { isPlainObject } from '../json/parse';
import { type FlowContext } from './context';
import { type FlowStepName } from './types';

const PROTOCOL_VERSION = '2025-06-18';

export function mcpHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...extra };
}

export function initializeMessage(id: number): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'mcp-doctor', version: '0.1.0' } },
  });
}

export type UseOutcome =
  | { readonly kind: 'ok'; readonly tools: string[] }
  /** 403 insufficient_scope: the scopes the server asked for (the step-up input). */
  | { readonly kind: 'insufficient-scope'; readonly scope: string[] }
  | { readonly kind: 'failed'; readonly status?: number; readonly error?: string };

/** Step 8: `initialize` and `tools/list` with the token, as a client would right after signing in. */
export async function useToken(ctx: FlowContext, token: string, step: FlowStepName = 'use'): Promise<UseOutcome> {
  const auth = { authorization: `Bearer ${token}` };
  const init = await ctx.send(step, { method: 'POST', url: ctx.options.url, headers: mcpHeaders(auth), body: initializeMessage(1) }, false);
  const refused = refusal(ctx, init);
  if (refused) return refused;
  const initResult = 'result' in init ? init.result : undefined;
  ctx.judge(init.index, `initialize: ${initResult?.status ?? '?'}, the server accepted the token`, true);
  const sessionId = initResult?.headers['mcp-session-id'];
  ctx.secret(sessionId);
  const session: Record<string, string> = {
    ...auth,
    'mcp-protocol-version': PROTOCOL_VERSION,
    ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
  };
  const initialized = await ctx.send(
    step,
    {
      method: 'POST',
      url: ctx.options.url,
      headers: mcpHeaders(session),
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    },
    false,
  );
  if ('result' in initialized)
    ctx.judge(initialized.index, `notifications/initialized: ${initialized.result.status}`, initialized.result.status < 300);
  const list = await ctx.send(
    step,
    {
      method: 'POST',
      url: ctx.options.url,
      headers: mcpHeaders(session),
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    },
    false,
  );
  const listRefused = refusal(ctx, list);
  if (listRefused) return listRefused;
  if (!('result' in list)) return { kind: 'failed' };
  const tools = toolNames(list.result.body);
  if (!tools) {
    ctx.judge(list.index, 'tools/list: no tools in the answer', false);
    return { kind: 'failed', status: list.result.status };
  }
  ctx.judge(list.index, `tools/list: ${tools.length} tools with the new token`, true);
  return { kind: 'ok', tools };
}

/** A non-2xx answer as the flow sees it: a step-up request, or a failure. */
function refusal(ctx: FlowContext, sent: Awaited<ReturnType<FlowContext['send']>>): UseOutcome | undefined {
  if ('failure' in sent) return { kind: 'failed', error: sent.failure };
  const { status, headers } = sent.result;
  if (status >= 200 && status < 300) return undefined;
  const bearer = headers['www-authenticate'] ? bearerChallenge(parseWwwAuthenticate(headers['www-authenticate'])) : undefined;
  if (status === 403 && bearer?.error === 'insufficient_scope') {
    ctx.judge(sent.index, `403 insufficient_scope: the server wants "${bearer.scope ?? ''}"`, false);
    return { kind: 'insufficient-scope', scope: (bearer.scope ?? '').split(/\s+/).filter(Boolean) };
  }
  ctx.judge(sent.index, `${status}${bearer?.error ? ` ${bearer.error}` : ''}: the server refused the new token`, false);
  return { kind: 'failed', status, error: bearer?.error };
}

/** Tool names from a JSON or SSE tools/list answer. */
function toolNames(body: string): string[] | undefined {
  const texts = body.trimStart().startsWith('{')
    ? [body]
    : body
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5));
  for (const text of texts) {
    try {
      const message = JSON.parse(text) as unknown;
      if (isPlainObject(message) && isPlainObject(message.result) && Array.isArray(message.result.tools)) {
        return message.result.tools
          .filter(isPlainObject)
          .map((t) => String(t.name))
          .slice(0, 200);
      }
    } catch {
      // next event
    }
  }
  return undefined;
}
