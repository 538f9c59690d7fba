import { type ClientTlsOptions, type HttpClient, type HttpResult } from './client';
import { errorCode, hasCode } from '../net/errors';
import { makeFinding, type Finding } from '../findings/finding';
import { type TlsFor } from './types';
import {
  checkNamedUrl,
  FORBIDDEN_ADDRESS,
  forbiddenAddressKind,
  guardedConnectLookup,
  refusalOutcome,
  sameOrigin,
  type UrlGuard,
  type UrlRefusal,
} from './urlGuard';

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
  /** Set when the URL-fetch rule refused this URL: nothing was sent (or the connection was refused). */
  readonly refused?: UrlRefusal;
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
  /**
   * The URL-fetch rule for URLs a server or authorization server names (every hop is checked), or
   * 'user-url' for a URL the user typed (e.g. `mcp-doctor jwt --jwks-url`), fetched as given.
   */
  readonly guard: UrlGuard | 'user-url';
}

export interface FetchedJson {
  readonly attempts: UrlAttempt[];
  /** Where the document finally came from (differs from the asked URL after redirects). */
  readonly finalUrl?: string;
  readonly result?: HttpResult;
  /** The parsed JSON, when the final answer was 200 and parsed. */
  readonly json?: unknown;
  /** Why no JSON: network error code, "status 404", "html", "not-json", "too-large", "refused". */
  readonly failure?: string;
  readonly errorCode?: string;
  /** Why the URL-fetch rule refused the URL (failure is then "refused"). */
  readonly refused?: { readonly url: string; readonly refusal: UrlRefusal };
}

const MAX_METADATA_BYTES = 256 * 1024;

/** GETs a JSON document, walking redirects by hand and recording every exchange. Never throws. */
export async function fetchJson(url: URL, purpose: string, options: FetchOptions): Promise<FetchedJson> {
  const attempts: UrlAttempt[] = [];
  let current = url;
  for (let hop = 0; ; hop++) {
    const refusal = options.guard === 'user-url' ? undefined : await checkNamedUrl(current, options.guard, options.signal);
    if (refusal) return refused(attempts, current, purpose, refusal);
    const exchange = await getOnce(current, options);
    if ('refusal' in exchange) return refused(attempts, current, purpose, exchange.refusal);
    if ('error' in exchange) {
      attempts.push({
        url: current.href,
        purpose,
        errorCode: exchange.error,
        outcome: exchange.error === 'TIMEOUT' ? 'timeout' : 'no response',
      });
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

function refused(attempts: UrlAttempt[], url: URL, purpose: string, refusal: UrlRefusal): FetchedJson {
  attempts.push({ url: url.href, purpose, outcome: refusalOutcome(refusal), refused: refusal });
  return { attempts, failure: 'refused', refused: { url: url.href, refusal } };
}

async function getOnce(url: URL, options: FetchOptions): Promise<{ result: HttpResult } | { error: string } | { refusal: UrlRefusal }> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  try {
    const tls = typeof options.tls === 'function' ? options.tls(url) : options.tls;
    const result = await options.http({
      url,
      method: 'GET',
      signal,
      tls: connectionOptions(url, url.protocol === 'https:' ? tls : undefined, options.guard),
      headers: { accept: 'application/json, application/jwk-set+json;q=0.9, */*;q=0.1' },
      maxBodyBytes: options.maxBodyBytes ?? MAX_METADATA_BYTES,
      timeouts: options.connectMs === undefined ? undefined : { connectMs: options.connectMs },
    });
    return { result };
  } catch (err) {
    if (timeout.aborted && !options.signal.aborted) return { error: 'TIMEOUT' };
    if (options.signal.aborted) return { error: 'ABORTED' };
    if (hasCode(err, FORBIDDEN_ADDRESS)) return { refusal: connectRefusal(err) };
    return { error: errorCode(err) ?? 'UNKNOWN' };
  }
}

/**
 * Cross-origin named URLs connect through the guard's lookup, so the address really connected to is
 * checked. Same-origin requests keep the MCP step's options and so share its connections.
 */
export function connectionOptions(url: URL, tls: ClientTlsOptions | undefined, guard: UrlGuard | 'user-url'): ClientTlsOptions | undefined {
  if (guard === 'user-url' || sameOrigin(url, guard.serverUrl)) return tls;
  return { ...tls, lookup: guardedConnectLookup(guard) };
}

function connectRefusal(err: unknown): UrlRefusal {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === 'object'; i++, e = (e as { cause?: unknown }).cause) {
    const address = (e as { address?: unknown }).address;
    if (typeof address === 'string') return { reason: 'forbidden-address', address, addressKind: forbiddenAddressKind(address) };
  }
  return { reason: 'forbidden-address' };
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

/** The finding for a URL the fetch rule refused; it names the URL (which the server chose) and never a body. */
export function refusalFinding(purpose: string, refused: NonNullable<FetchedJson['refused']>): Finding {
  const { reason, address, addressKind } = refused.refusal;
  return makeFinding('OAUTH_URL_REFUSED', { purpose, url: refused.url, reason, address, addressKind });
}

/** Combines a caller signal with a per-request timeout. */
export function withTimeout(signal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}
