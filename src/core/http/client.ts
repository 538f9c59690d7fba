import { type buildConnector, type Dispatcher } from 'undici';
import { dispatchRequest, Pool } from './undici';
import { caListKey } from '../tls/secureContext';
import { hasCode, RESET_CODES } from '../net/errors';
import { nodeNetTransport, type NetTransport } from '../net/transport';
import { proxyRouter } from '../proxy/resolve';
import { type ProxyConfig } from '../proxy/types';
import { type ClientTlsOptions, connector, tunnelConnector } from './connectors';
import { type ConnectionTls, LiveConnections } from './liveConnections';

export { type ClientTlsOptions, PIN_MISMATCH } from './connectors';

/** One HTTP exchange as the probes want it: never follows redirects (undici 7 `request` does not), always bounded. */
export interface HttpRequestSpec {
  readonly url: URL;
  readonly method: 'GET' | 'POST' | 'DELETE' | 'HEAD' | 'OPTIONS';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly tls?: ClientTlsOptions;
  readonly signal: AbortSignal;
  /** Stop reading the body after this many bytes (the rest is discarded, `truncated` is set). */
  readonly maxBodyBytes?: number;
  /**
   * Stop reading early once the text read so far satisfies this (e.g. the SSE event carrying the
   * JSON-RPC response arrived), so endless streams cannot hold the probe.
   */
  readonly until?: (textSoFar: string) => boolean;
  /** Per-phase deadlines, all under `signal`. See {@link HttpTimeouts}. */
  readonly timeouts?: HttpTimeouts;
  /**
   * Send on a connection of its own, closed afterwards: for a response that will be cut (an endless
   * SSE stream), whose connection dies with it. On the shared pool the cut cost the kept-alive
   * connection and two new ones for the requests after it.
   */
  readonly separateConnection?: boolean;
}

/**
 * Per-phase deadlines. Connect and first-byte overruns reject (codes UND_ERR_CONNECT_TIMEOUT,
 * UND_ERR_HEADERS_TIMEOUT); a body overrun is not an error: the text read so far is returned with
 * `endedBy: 'timeout'`, so an endless SSE stream or a slow drip yields what it sent.
 */
export interface HttpTimeouts {
  readonly connectMs?: number;
  readonly firstByteMs?: number;
  /** Total time allowed for reading the body, counted from the response headers. */
  readonly bodyMs?: number;
}

export interface HttpResult {
  readonly status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly truncated: boolean;
  readonly timings: { readonly headersMs: number; readonly totalMs: number };
  /** Why reading stopped: the body ended, `until` matched, the byte cap, or the body deadline. */
  readonly endedBy?: 'complete' | 'until' | 'limit' | 'timeout';
}

/** The HTTP transport every probe uses; injectable for tests. */
export type HttpClient = (spec: HttpRequestSpec) => Promise<HttpResult>;

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Outer code of errors thrown while reading a body (the socket's own code is in `cause`). */
export const BODY_FAILED = 'ERR_MCPDOCTOR_BODY';

/** Runs work with the injected client, or with a fresh one that is closed afterwards. */
export async function withHttpClient<T>(injected: HttpClient | undefined, work: (http: HttpClient) => Promise<T>): Promise<T> {
  if (injected) return work(injected);
  const own = createHttpClient();
  try {
    return await work(own);
  } finally {
    await own.close();
  }
}

/** How the default client reaches servers. */
export interface HttpClientOptions {
  /** The http:// proxy for a URL (CONNECT tunnel), or undefined to go direct. See `proxyRouter`. */
  readonly proxyFor?: (url: URL) => URL | undefined;
  /** Or the proxy settings to route by (explicit config + the environment's HTTPS_PROXY/NO_PROXY); `proxyFor` wins. */
  readonly proxy?: { readonly config?: ProxyConfig; readonly env: Readonly<Record<string, string | undefined>> };
  /** Socket transport for connecting to the proxy (default Node's). */
  readonly net?: NetTransport;
  /**
   * How long an idle connection is kept for the next request (default 4000 ms, enough within one
   * run). A long-lived client that checks every few minutes keeps it at least that long.
   */
  readonly keepAliveMs?: number;
  /**
   * Resume TLS sessions on reconnects (default true). A resumed handshake shows no certificates,
   * so a client whose connections the TLS analysis reuses turns this off.
   */
  readonly resumeTlsSessions?: boolean;
  /**
   * Resend a request once when it went out on a kept connection and failed before any response
   * with a socket-level code (default false). For long-lived clients whose idle connections a server
   * may close just as a check sends; a one-off diagnosis reports the reset as the server's answer
   * (a server that resets mid-session is one of the failures it diagnoses).
   */
  readonly retryStaleConnections?: boolean;
}

/** The default client: requests, plus the TLS facts of the connections it keeps. */
export interface PooledHttpClient extends HttpClient {
  close(): Promise<void>;
  /**
   * What the handshake of a live connection to `url`'s origin with these TLS options showed, when
   * one exists that was verified (never pinned or unverified) in a full handshake less than
   * `maxAgeMs` ago (default {@link MAX_REUSED_TLS_AGE_MS}). Idle connections older than that are
   * closed, so the next request handshakes again and sees a certificate the server changed since.
   */
  liveTls(url: URL, tls: ClientTlsOptions | undefined, maxAgeMs?: number): ConnectionTls | undefined;
  /**
   * Opens a connection to `url`'s origin exactly as the next request would, keeps it for that
   * request, and returns its handshake. Rejects as the connection would (e.g. an untrusted chain).
   */
  openTls(
    url: URL,
    tls: ClientTlsOptions | undefined,
    options: { readonly connectMs?: number; readonly signal: AbortSignal },
  ): Promise<ConnectionTls | undefined>;
}

export const DEFAULT_KEEP_ALIVE_MS = 4000;

/**
 * How old a connection's handshake may be for its chain to stand for the server's (one hour, as
 * nginx's default keepalive_time): a server may renew or replace its certificate while an old
 * connection lives on, and new clients would get the new one.
 */
export const MAX_REUSED_TLS_AGE_MS = 3_600_000;

/**
 * Default client on undici: one keep-alive connection pool per origin, TLS configuration and proxy.
 * Pools rather than an undici Agent: the Agent closes an origin's pool whenever its last connection
 * drops (a stream cut early), so the next request of the run would open yet another TLS connection.
 */
export function createHttpClient(clientOptions: HttpClientOptions = {}): PooledHttpClient {
  const pools = new Map<string, PoolEntry>();
  const live = new LiveConnections();
  const inFlight = new Map<string, number>();
  const track = (key: string, delta: number) => inFlight.set(key, (inFlight.get(key) ?? 0) + delta);
  const route = clientOptions.proxyFor ?? (clientOptions.proxy && proxyRouter(clientOptions.proxy.config, clientOptions.proxy.env));
  const keepAliveMs = clientOptions.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  const connectionKey = (url: URL, options: ClientTlsOptions | undefined) => `${url.origin}|${route?.(url)?.href ?? ''}|${tlsKey(options)}`;
  const poolFor = (url: URL, options: ClientTlsOptions | undefined, connectMs: number | undefined): PoolEntry => {
    const connKey = connectionKey(url, options);
    const key = `${connKey}|${connectMs ?? ''}`;
    let entry = pools.get(key);
    if (!entry) {
      const proxy = route?.(url);
      const raw = proxy
        ? tunnelConnector(proxy, options, connectMs, clientOptions.net ?? nodeNetTransport)
        : connector(options, connectMs, clientOptions.resumeTlsSessions !== false);
      const verifying = options?.rejectUnauthorized !== false && !options?.pinnedFingerprint256;
      const pool = new Pool(url.origin, {
        connect: live.track(connKey, raw, verifying),
        keepAliveTimeout: keepAliveMs,
        keepAliveMaxTimeout: Math.max(keepAliveMs, 600_000),
      });
      entry = { pool, raw, verifying, connKey };
      pools.set(key, entry);
    }
    return entry;
  };
  const client = async (spec: HttpRequestSpec): Promise<HttpResult> => {
    const started = performance.now();
    const entry = poolFor(spec.url, spec.tls, spec.timeouts?.connectMs);
    if (spec.separateConnection) return sendOnOwnConnection(spec, entry, started);
    const reusing = clientOptions.retryStaleConnections === true && live.hasOpen(entry.connKey);
    track(entry.connKey, 1);
    try {
      return await respond(await sendRetryingStale(spec, entry.pool, reusing), spec, started);
    } finally {
      track(entry.connKey, -1);
    }
  };
  return Object.assign(client, {
    close: async () => {
      live.close();
      await Promise.all([...pools.values()].map((p) => p.pool.close().catch(() => undefined)));
      pools.clear();
    },
    liveTls: (url: URL, options: ClientTlsOptions | undefined, maxAgeMs = MAX_REUSED_TLS_AGE_MS) => {
      const key = connectionKey(url, options);
      if (!inFlight.get(key)) live.retire(key, maxAgeMs);
      return live.find(key, maxAgeMs);
    },
    openTls: (url: URL, options: ClientTlsOptions | undefined, o: { connectMs?: number; signal: AbortSignal }) => {
      const entry = poolFor(url, options, o.connectMs);
      return live.open(entry.connKey, entry.raw, entry.verifying, url, o.signal);
    },
  });
}

/**
 * Sends the request; when it may have gone out on a kept connection and failed before any response
 * byte with a socket-level code, the server most likely closed that idle connection just as we sent:
 * that says nothing about the server, so the request goes once more (the failed connection is gone).
 */
async function sendRetryingStale(spec: HttpRequestSpec, pool: Dispatcher, reusing: boolean): Promise<Dispatcher.ResponseData> {
  const send = () =>
    dispatchRequest(pool, spec.url, {
      method: spec.method,
      headers: spec.headers,
      body: spec.body,
      signal: spec.signal,
      headersTimeout: spec.timeouts?.firstByteMs,
    });
  try {
    return await send();
  } catch (err) {
    if (!reusing || spec.signal.aborted || !hasCode(err, ...RESET_CODES)) throw err;
    return send();
  }
}

/** One request on a connection opened for it (same TLS options and route), closed after the response. */
async function sendOnOwnConnection(spec: HttpRequestSpec, entry: PoolEntry, started: number): Promise<HttpResult> {
  const pool = new Pool(spec.url.origin, { connect: entry.raw });
  try {
    return await respond(
      await dispatchRequest(pool, spec.url, {
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        signal: spec.signal,
        headersTimeout: spec.timeouts?.firstByteMs,
      }),
      spec,
      started,
    );
  } finally {
    void pool.destroy().catch(() => undefined);
  }
}

async function respond(res: Dispatcher.ResponseData, spec: HttpRequestSpec, started: number): Promise<HttpResult> {
  const headersMs = performance.now() - started;
  const { text, truncated, endedBy } = await readBounded(res.body, spec, Number(res.headers['content-length']));
  // undici hands a kept-alive socket back to its pool one event-loop turn after the response; a
  // request sent before that would open another TLS connection.
  await new Promise((resolve) => setImmediate(resolve));
  return {
    status: res.statusCode,
    headers: flattenHeaders(res.headers),
    body: text,
    truncated,
    timings: { headersMs: Math.round(headersMs), totalMs: Math.round(performance.now() - started) },
    endedBy,
  };
}

interface PoolEntry {
  readonly pool: Dispatcher;
  /** The connector without tracking, for connections opened ahead of a request. */
  readonly raw: buildConnector.connector;
  /** Whether its connections verify the chain (not pinned, not verification off). */
  readonly verifying: boolean;
  readonly connKey: string;
}

type EndedBy = NonNullable<HttpResult['endedBy']>;

/**
 * After `until` matched, a declared rest of at most this many bytes is read (and dropped) within
 * DRAIN_MAX_MS so the connection can carry the next request; a longer or endless rest is cut.
 */
const DRAIN_MAX_BYTES = 64 * 1024;
const DRAIN_MAX_MS = 100;

/** Reads at most `maxBodyBytes`, stopping early on `until` or when the body deadline passes. */
async function readBounded(body: Dispatcher.ResponseData['body'], spec: HttpRequestSpec, declaredLength: number) {
  const max = spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let text = '';
  let bytes = 0;
  let endedBy: EndedBy = 'complete';
  // Destroying an unconsumed undici body emits 'error' (UND_ERR_ABORTED); with no listener that
  // would be an uncaught exception. The read loop below still sees real errors.
  body.on('error', () => undefined);
  if (max <= 0) {
    body.destroy();
    return { text, truncated: true, endedBy: 'limit' as EndedBy };
  }
  const bodyMs = spec.timeouts?.bodyMs;
  const cut = (reason?: EndedBy) => {
    if (reason && endedBy === 'complete') endedBy = reason;
    body.destroy();
  };
  const timer = bodyMs === undefined ? undefined : setTimeout(() => cut('timeout'), bodyMs);
  let drainTimer: NodeJS.Timeout | undefined;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (endedBy === 'until') continue; // draining a small declared rest
      text += decoder.decode(chunk.subarray(0, Math.max(0, chunk.length - Math.max(0, bytes - max))), { stream: true });
      if (bytes >= max) {
        endedBy = 'limit';
        break;
      }
      if (spec.until?.(text)) {
        endedBy = 'until';
        if (!(declaredLength - bytes <= DRAIN_MAX_BYTES)) break; // NaN (no Content-Length): cut
        drainTimer = setTimeout(cut, DRAIN_MAX_MS);
      }
    }
  } catch (err) {
    // Our own deadline destroys the stream, as does a failed drain after `until` was satisfied; any
    // other failure is tagged so callers can tell a connection lost mid-body from one lost before the response.
    if ((endedBy as EndedBy) === 'complete')
      throw Object.assign(new Error('response body failed', { cause: err }), { code: BODY_FAILED, bytesRead: bytes });
  } finally {
    clearTimeout(timer);
    clearTimeout(drainTimer);
    body.destroy();
  }
  return { text: text + decoder.decode(), truncated: endedBy === 'limit', endedBy };
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Dispatchers are shared per TLS configuration; functions (pinning) compare by identity. */
const fnIds = new WeakMap<object, number>();
let nextFnId = 0;
function tlsKey(options: ClientTlsOptions | undefined): string {
  if (!options) return 'default';
  return JSON.stringify(options, (k, v: unknown) => {
    if (k === 'ca' && Array.isArray(v) && v.every((c) => typeof c === 'string')) return caListKey(v as string[]);
    if (typeof v !== 'function') return v;
    if (!fnIds.has(v)) fnIds.set(v, nextFnId++);
    return `fn#${fnIds.get(v)}`;
  });
}
