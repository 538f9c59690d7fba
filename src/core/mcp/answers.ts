import { type HttpResult } from '../http/client';
import { parseRateLimit } from '../http/rateLimit';
import { bodyKind } from './jsonrpc';
import { bodySnippet, report, type ProbeRun } from './run';

/** Why the probe of an endpoint stopped before MCP could be checked. */
export type TerminalAnswer = 'auth' | 'rate-limited' | 'server-error' | 'not-mcp';

/** Statuses after which a client tries the old HTTP+SSE transport, so they are not final yet. */
export const LEGACY_FALLBACK_STATUSES = new Set([400, 404, 405]);

/**
 * Handles answers that end the probe whatever the era: 401/403 (kept for the auth step), 429
 * (honoured: no more requests), 5xx, and bodies that are neither JSON nor an event stream.
 */
export function terminalAnswer(run: ProbeRun, res: HttpResult, method: string, url: URL): TerminalAnswer | undefined {
  if (res.status === 401 || res.status === 403) return unauthorized(run, res, url);
  if (res.status === 429) return rateLimited(run, res, method, url);
  if (res.status >= 500) {
    report(run, 'HTTP_SERVER_ERROR', {
      method,
      url: url.href,
      status: res.status,
      server: res.headers.server,
      bodySnippet: bodySnippet(run, res.body),
    });
    return 'server-error';
  }
  if (LEGACY_FALLBACK_STATUSES.has(res.status) || res.status === 202) return undefined;
  if (bodyKind(res) === 'other') {
    report(run, 'HTTP_NOT_MCP', {
      method,
      url: url.href,
      status: res.status,
      contentType: res.headers['content-type'],
      pageTitle: htmlTitle(res.body),
      bodySnippet: bodySnippet(run, res.body, 120),
    });
    return 'not-mcp';
  }
  return undefined;
}

function unauthorized(run: ProbeRun, res: HttpResult, url: URL): TerminalAnswer {
  const tokenSent = run.deps.token !== undefined;
  const wwwAuthenticate = res.headers['www-authenticate'];
  run.facts.unauthorized = { url: url.href, status: res.status, tokenSent, ...(wwwAuthenticate ? { wwwAuthenticate } : {}) };
  if (!tokenSent) report(run, 'HTTP_AUTH_REQUIRED', { method: 'POST', url: url.href, status: res.status, wwwAuthenticate });
  return 'auth';
}

function rateLimited(run: ProbeRun, res: HttpResult, method: string, url: URL): TerminalAnswer {
  const info = parseRateLimit(res.headers, run.deps.now());
  run.facts.rateLimited = info.retryAfterSeconds !== undefined ? { retryAfterSeconds: info.retryAfterSeconds } : {};
  report(run, 'HTTP_RATE_LIMITED', { method, url: url.href, status: res.status, ...info });
  return 'rate-limited';
}

export function htmlTitle(body: string): string | undefined {
  const match = /<title[^>]*>([^<]{1,120})/i.exec(body);
  return match?.[1]?.replace(/\s+/g, ' ').trim() || undefined;
}
