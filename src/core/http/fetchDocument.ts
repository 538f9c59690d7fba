import { type HttpClient, type HttpResult } from './client';
import { errorCode } from '../net/errors';
import { type TlsFor } from './types';

/** One URL the auth checks asked, and what came back. Shown to the user as "URLs tried". */
export interface UrlAttempt {
  readonly url: string;
  /** What we were looking for, e.g. "protected resource metadata", "JWKS". */
  readonly purpose: string;
  readonly status?: number;
  readonly contentType?: string;
  /** Network / TLS error code when no response arrived. */
  readonly errorCode?: string;
  /** Redirect target, when the answer was a 3xx. */
  readonly location?: string;
  /** Short outcome, e.g. "ok", "not JSON", "timeout". */
  readonly outcome: string;
}

export interface FetchOptions {
  readonly http: HttpClient;
  readonly tls?: TlsFor;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Connect deadline; the same as the MCP step's, so both share one connection pool. */
  readonly connectMs?: number;
  readonly maxBodyBytes?: number;
  /** Redirects followed by hand (each recorded). 0 = report the 3xx and stop. */
  readonly maxRedirects?: number;
}

export interface FetchedJson {
  readonly attempts: UrlAttempt[];
  /** Where the document finally came from (differs from the asked URL after redirects). */
  readonly finalUrl?: string;
  readonly result?: HttpResult;
  /** The parsed JSON, when the final answer was 200 and parsed. */
  readonly json?: unknown;
  /** Why no JSON: network error code, "status 404", "html", "not-json", "too-large". */
  readonly failure?: string;
  readonly errorCode?: string;
}

const MAX_METADATA_BYTES = 256 * 1024;

/** GETs a JSON document, walking redirects by hand and recording every exchange. Never throws. */
export async function fetchJson(url: URL, purpose: string, options: FetchOptions): Promise<FetchedJson> {
  const attempts: UrlAttempt[] = [];
  let current = url;
  for (let hop = 0; ; hop++) {
    const exchange = await getOnce(current, options);
    if ('error' in exchange) {
      attempts.push({ url: current.href, purpose, errorCode: exchange.error, outcome: exchange.error === 'TIMEOUT' ? 'timeout' : 'no response' });
      return { attempts, failure: exchange.error, errorCode: exchange.error };
    }
    const res = exchange.result;
    const location = redirectTarget(res, current);
    if (location && hop < (options.maxRedirects ?? 0)) {
      attempts.push(attemptOf(current, purpose, res, 'redirect', location.href));
      current = location;
      continue;
    }
    const parsed = parseJsonBody(res);
    attempts.push(attemptOf(current, purpose, res, parsed.outcome, location?.href));
    return { attempts, finalUrl: current.href, result: res, json: parsed.json, failure: parsed.failure };
  }
}

async function getOnce(url: URL, options: FetchOptions): Promise<{ result: HttpResult } | { error: string }> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  try {
    const tls = typeof options.tls === 'function' ? options.tls(url) : options.tls;
    const result = await options.http({
      url, method: 'GET', signal, tls: url.protocol === 'https:' ? tls : undefined,
      headers: { accept: 'application/json, application/jwk-set+json;q=0.9, */*;q=0.1' },
      maxBodyBytes: options.maxBodyBytes ?? MAX_METADATA_BYTES,
      timeouts: options.connectMs === undefined ? undefined : { connectMs: options.connectMs },
    });
    return { result };
  } catch (err) {
    if (timeout.aborted && !options.signal.aborted) return { error: 'TIMEOUT' };
    if (options.signal.aborted) return { error: 'ABORTED' };
    return { error: errorCode(err) ?? 'UNKNOWN' };
  }
}

function redirectTarget(res: HttpResult, base: URL): URL | undefined {
  if (res.status < 300 || res.status > 399 || !res.headers.location) return undefined;
  try {
    return new URL(res.headers.location, base);
  } catch {
    return undefined;
  }
}

function parseJsonBody(res: HttpResult): { json?: unknown; outcome: string; failure?: string } {
  if (res.status !== 200) return { outcome: `status ${res.status}`, failure: `status ${res.status}` };
  if (res.truncated) return { outcome: 'too large', failure: 'too-large' };
  const type = (res.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('text/html') || /^\s*<(!doctype|html)/i.test(res.body)) return { outcome: 'HTML page', failure: 'html' };
  try {
    return { json: JSON.parse(res.body) as unknown, outcome: 'ok' };
  } catch {
    return { outcome: 'not JSON', failure: 'not-json' };
  }
}

function attemptOf(url: URL, purpose: string, res: HttpResult, outcome: string, location?: string): UrlAttempt {
  return { url: url.href, purpose, status: res.status, contentType: res.headers['content-type'], location, outcome };
}

/** Combines a caller signal with a per-request timeout. */
export function withTimeout(signal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}
