import type * as tls from 'node:tls';
import { portOf } from '../net/transport';
import { type HttpClient, type HttpResult, type HttpTimeouts } from './client';
import { requestErrorCode, requestErrorText } from './requestError';
import { type RedirectChange, type RedirectHop } from './types';

/** The request that starts a chain. Authorization is added per hop, never passed in here. */
export interface HopRequest {
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/**
 * How a probe's requests go out: transport, trust per URL, deadlines and the client's credentials.
 * Credentials are secrets: sent only to the original origin (scheme, host and port), never recorded.
 */
export interface RequestDeps {
  readonly http: HttpClient;
  readonly signal: AbortSignal;
  /** Bearer token. */
  readonly token?: string;
  /** Extra headers from the client's configuration (mcp.json `headers`). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly tlsFor: (url: URL) => tls.ConnectionOptions | undefined;
  readonly timeouts?: HttpTimeouts;
}

export interface WalkOptions extends RequestDeps {
  readonly maxBodyBytes?: number;
  readonly until?: (textSoFar: string) => boolean;
  /** Redirects to follow before giving up (default 10). */
  readonly maxRedirects?: number;
}

/** The chain as walked: every request made, and how the walk ended. */
export interface RedirectWalk {
  readonly hops: RedirectHop[];
  /** The response that ended the chain (anything but a followed redirect). */
  readonly final?: { readonly url: URL; readonly method: string; readonly result: HttpResult };
  /** The request that failed before any response (connection refused, reset, timeout...). */
  readonly failure?: { readonly url: URL; readonly method: string; readonly error: unknown };
  readonly stoppedBy?: 'loop' | 'too-many';
}

export const DEFAULT_MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Follows redirects by hand, the way a careful client would: relative Locations resolved, POST
 * turned into GET where 301/302/303 demand it, and the token never sent off the original origin
 * (an https-to-http or cross-origin hop is still probed, without it). Bounded in hops and time.
 */
export async function walkRedirects(start: URL, request: HopRequest, options: WalkOptions): Promise<RedirectWalk> {
  const max = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const hops: RedirectHop[] = [];
  const seen = new Set<string>();
  let url = start;
  let current = request;
  for (;;) {
    seen.add(`${current.method} ${url.href}`);
    const sendAuth = hasCredentials(options) && sameOrigin(start, url);
    const began = performance.now();
    let result: HttpResult;
    try {
      result = await options.http(specFor(url, current, sendAuth, options));
    } catch (error) {
      const code = requestErrorCode(error);
      hops.push({
        url: url.href,
        method: current.method,
        status: 0,
        authorizationSent: sendAuth,
        errorCode: code,
        error: requestErrorText(code),
        durationMs: elapsed(began),
      });
      return { hops, failure: { url, method: current.method, error } };
    }
    const next = nextRequest(url, current, result);
    hops.push(hopRecord(url, current, result, next, sendAuth, elapsed(began)));
    if (!next) return { hops, final: { url, method: current.method, result } };
    if (hops.length > max) return { hops, stoppedBy: 'too-many' };
    if (seen.has(`${next.request.method} ${next.url.href}`)) return { hops, stoppedBy: 'loop' };
    url = next.url;
    current = next.request;
  }
}

function hasCredentials(options: WalkOptions): boolean {
  return options.token !== undefined || Object.keys(options.headers ?? {}).length > 0;
}

function specFor(url: URL, request: HopRequest, sendAuth: boolean, options: WalkOptions) {
  const headers: Record<string, string> = { ...(sendAuth ? options.headers : undefined), ...request.headers };
  if (sendAuth && options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return {
    url,
    method: request.method,
    headers,
    body: request.body,
    tls: url.protocol === 'https:' ? options.tlsFor(url) : undefined,
    signal: options.signal,
    maxBodyBytes: options.maxBodyBytes,
    until: options.until,
    timeouts: options.timeouts,
  };
}

interface NextStep {
  readonly url: URL;
  readonly request: HopRequest;
}

/** The request a client makes after this response, or undefined when the chain ends here. */
function nextRequest(url: URL, request: HopRequest, result: HttpResult): NextStep | undefined {
  const location = result.headers.location;
  if (!REDIRECT_STATUSES.has(result.status) || !location) return undefined;
  let next: URL;
  try {
    next = new URL(location, url);
  } catch {
    return undefined;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return undefined;
  return { url: next, request: redirectedRequest(request, result.status) };
}

/** Fetch semantics: 303 always, and 301/302 for POST, become a GET without body. */
function redirectedRequest(request: HopRequest, status: number): HopRequest {
  const toGet = status === 303 || ((status === 301 || status === 302) && request.method === 'POST');
  if (!toGet) return request;
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
  return { method: 'GET', headers };
}

function hopRecord(
  url: URL,
  request: HopRequest,
  result: HttpResult,
  next: NextStep | undefined,
  sendAuth: boolean,
  durationMs: number,
): RedirectHop {
  const base = { url: url.href, method: request.method, status: result.status, authorizationSent: sendAuth, durationMs };
  const server = result.headers.server;
  const withServer = server ? { ...base, server } : base;
  if (!next) return result.headers.location ? { ...withServer, location: result.headers.location } : withServer;
  return {
    ...withServer,
    location: result.headers.location,
    nextUrl: next.url.href,
    nextMethod: next.request.method,
    changed: redirectChanges(url, next.url, request.method, next.request.method),
  };
}

/** Every way the next request differs from this one. */
export function redirectChanges(from: URL, to: URL, fromMethod: string, toMethod: string): RedirectChange[] {
  const changes: RedirectChange[] = [];
  if (from.protocol !== to.protocol) changes.push('scheme');
  if (from.hostname.toLowerCase() !== to.hostname.toLowerCase()) changes.push('host');
  if (portOf(from) !== portOf(to)) changes.push('port');
  if (from.pathname !== to.pathname) changes.push(differsOnlyBySlash(from.pathname, to.pathname) ? 'trailing-slash' : 'path');
  if (from.search !== to.search) changes.push('query');
  if (fromMethod !== toMethod) changes.push('method');
  return changes;
}

export function differsOnlyBySlash(a: string, b: string): boolean {
  return a !== b && (a === `${b}/` || b === `${a}/`);
}

/** Same scheme, host and port: the only hops a careful client sends credentials to. */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.protocol === b.protocol && a.hostname.toLowerCase() === b.hostname.toLowerCase() && portOf(a) === portOf(b);
}

function elapsed(began: number): number {
  return Math.round(performance.now() - began);
}
