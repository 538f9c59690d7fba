import type * as tls from 'node:tls';
import { makeFinding, type Finding } from '../findings/finding';
import { type HttpClient } from '../http/client';
import { type McpReport } from '../mcp/types';
import { postRpc } from './rpc';
import { bearerChallenge, MAX_HEADER_CHARS, parseWwwAuthenticate, type BearerChallenge } from './wwwAuthenticate';

/** The server's answer to a request without a token. */
export interface UnauthenticatedAnswer {
  readonly status?: number;
  readonly wwwAuthenticate?: string;
  readonly errorCode?: string;
  /** Whether we had to ask ourselves (counts as the "no token" probe request). */
  readonly ownRequest: boolean;
}

/** What the run knows already: the MCP step's report and whether a token is configured. */
export interface KnownAnswers {
  readonly mcp?: McpReport;
  readonly input: { readonly token?: string };
}

/** Reuses the MCP step's token-less 401/403 when it has one; otherwise POSTs initialize without a token. */
export async function unauthenticatedAnswer(
  state: KnownAnswers,
  url: URL,
  deps: { http: HttpClient; tls: tls.ConnectionOptions; signal: AbortSignal; timeoutMs: number; connectMs?: number },
): Promise<UnauthenticatedAnswer> {
  const known = state.mcp?.unauthorized;
  if (known && !known.tokenSent) return { status: known.status, wwwAuthenticate: known.wwwAuthenticate, ownRequest: false };
  if (state.mcp?.reached && !state.input.token) return { status: 200, ownRequest: false };
  const params = { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'mcp-doctor', version: '0.1.0' } };
  const answer = await postRpc({
    url,
    http: deps.http,
    tls: deps.tls,
    signal: deps.signal,
    timeoutMs: deps.timeoutMs,
    connectMs: deps.connectMs,
    method: 'initialize',
    id: 1,
    params,
  });
  return { status: answer.status, wwwAuthenticate: answer.headers?.['www-authenticate'], errorCode: answer.errorCode, ownRequest: true };
}

export interface ChallengeAnalysis {
  readonly bearer?: BearerChallenge;
  readonly problems: readonly string[];
  readonly findings: Finding[];
}

/** A 401 must carry `WWW-Authenticate: Bearer` and, for 2025-06-18 clients, `resource_metadata`. */
export function analyzeChallenge(answer: UnauthenticatedAnswer): ChallengeAnalysis {
  if (answer.status !== 401 && answer.status !== 403) return { problems: [], findings: [] };
  const header = answer.wwwAuthenticate?.slice(0, MAX_HEADER_CHARS * 2);
  const parsed = header ? parseWwwAuthenticate(header) : undefined;
  const bearer = parsed ? bearerChallenge(parsed) : undefined;
  const problems = parsed?.problems ?? [];
  const schemes = parsed?.challenges.map((c) => c.scheme) ?? [];
  if (!bearer) {
    const evidence = { status: answer.status, missing: header ? ('bearer' as const) : ('header' as const), schemes };
    return { problems, findings: [makeFinding('AUTH_CHALLENGE_MISSING', evidence)] };
  }
  if (!bearer.resourceMetadata) {
    const evidence = { status: answer.status, missing: 'resource_metadata' as const, schemes };
    return { bearer, problems, findings: [makeFinding('AUTH_CHALLENGE_MISSING', evidence, { severity: 'warning' })] };
  }
  return { bearer, problems, findings: [] };
}
