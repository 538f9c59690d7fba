import { isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import { buildConnector, type Dispatcher, Pool, request } from 'undici';
import { caListKey, withSharedCaContext } from '../tls/secureContext';
import { nodeNetTransport, type NetTransport } from '../net/transport';
import { proxyRouter } from '../proxy/resolve';
import { openTunnel, TUNNEL_REFUSED, type TunnelRefusal } from '../proxy/tunnel';
import { type ProxyConfig } from '../proxy/types';

/**
 * TLS options for a request. `pinnedFingerprint256` continues past an untrusted certificate for
 * diagnosis only while the server presents exactly that leaf: Node skips `checkServerIdentity`
 * when verification is off, so the pin is checked on the socket after the handshake instead.
 */
export interface ClientTlsOptions extends tls.ConnectionOptions {
  readonly pinnedFingerprint256?: string;
}

/** Code of the error raised when a pinned server presents a different certificate. */
export const PIN_MISMATCH = 'ERR_MCPDOCTOR_CERT_CHANGED';

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
}

/**
 * Default client on undici: one keep-alive connection pool per origin, TLS configuration and proxy.
 * Pools rather than an undici Agent: the Agent closes an origin's pool whenever its last connection
 * drops (a stream cut early), so the next request of the run would open yet another TLS connection.
 */
export function createHttpClient(clientOptions: HttpClientOptions = {}): HttpClient & { close(): Promise<void> } {
  const pools = new Map<string, Dispatcher>();
  const route = clientOptions.proxyFor ?? (clientOptions.proxy && proxyRouter(clientOptions.proxy.config, clientOptions.proxy.env));
  const dispatcherFor = (url: URL, options: ClientTlsOptions | undefined, connectMs: number | undefined): Dispatcher => {
    const proxy = route?.(url);
    const key = `${url.origin}|${proxy?.href ?? ''}|${connectMs ?? ''}|${tlsKey(options)}`;
    let pool = pools.get(key);
    if (!pool) {
      const connect = proxy ? tunnelConnector(proxy, options, connectMs, clientOptions.net ?? nodeNetTransport) : connector(options, connectMs);
      pool = new Pool(url.origin, { connect, keepAliveTimeout: 4000 });
      pools.set(key, pool);
    }
    return pool;
  };
  const client = async (spec: HttpRequestSpec): Promise<HttpResult> => {
    const started = performance.now();
    const res = await request(spec.url, {
      method: spec.method,
      headers: spec.headers,
      body: spec.body,
      signal: spec.signal,
      dispatcher: dispatcherFor(spec.url, spec.tls, spec.timeouts?.connectMs),
      headersTimeout: spec.timeouts?.firstByteMs,
    });
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
  };
  return Object.assign(client, {
    close: async () => {
      await Promise.all([...pools.values()].map((p) => p.close().catch(() => undefined)));
      pools.clear();
    },
  });
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
  const cut = (reason?: EndedBy) => { if (reason && endedBy === 'complete') endedBy = reason; body.destroy(); };
  const timer = bodyMs === undefined ? undefined : setTimeout(() => cut('timeout'), bodyMs);
  let drainTimer: NodeJS.Timeout | undefined;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (endedBy === 'until') continue; // draining a small declared rest
      text += decoder.decode(chunk.subarray(0, Math.max(0, chunk.length - Math.max(0, bytes - max))), { stream: true });
      if (bytes >= max) { endedBy = 'limit'; break; }
      if (spec.until?.(text)) {
        endedBy = 'until';
        if (!(declaredLength - bytes <= DRAIN_MAX_BYTES)) break; // NaN (no Content-Length): cut
        drainTimer = setTimeout(cut, DRAIN_MAX_MS);
      }
    }
  } catch (err) {
    // Our own deadline destroys the stream, as does a failed drain after `until` was satisfied; any
    // other failure is tagged so callers can tell a connection lost mid-body from one lost before the response.
    if ((endedBy as EndedBy) === 'complete') throw Object.assign(new Error('response body failed', { cause: err }), { code: BODY_FAILED, bytesRead: bytes });
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
function connector(options: ClientTlsOptions | undefined, connectMs: number | undefined): buildConnector.connector {
  const { pinnedFingerprint256: pin, ...tlsOptions } = options ?? {};
  // A resumed TLS session presents no certificate to check, so pinned connections never resume.
  const base = buildConnector({ ...withSharedCaContext(tlsOptions), timeout: connectMs, ...(pin ? { maxCachedSessions: 0 } : {}) } as buildConnector.BuildOptions);
  if (!pin) return base;
  return (opts, callback) => base(opts, (err, socket) => {
    if (err || !socket) return callback(err ?? new Error('no socket'), null);
    if (opts.protocol !== 'https:') return callback(null, socket);
    const mismatch = pinMismatch(socket as tls.TLSSocket, pin);
    if (!mismatch) return callback(null, socket);
    socket.destroy();
    callback(mismatch, null);
  });
}

function pinMismatch(socket: tls.TLSSocket, pin: string | undefined): Error | undefined {
  if (!pin) return undefined;
  const presented = socket.getPeerX509Certificate?.()?.fingerprint256;
  if (presented === pin) return undefined;
  return Object.assign(new Error(`the server presented a different certificate (${presented ?? 'none'}) than the one diagnosed (${pin})`), { code: PIN_MISMATCH });
}

/**
 * Connects through an http:// proxy: CONNECT host:port, then (for https) TLS over the tunnel with the
 * same options and pin as a direct connection. undici's own ProxyAgent cannot carry the pin check.
 */
function tunnelConnector(proxy: URL, options: ClientTlsOptions | undefined, connectMs: number | undefined, net: NetTransport): buildConnector.connector {
  const { pinnedFingerprint256: pin, ...tlsOptions } = options ?? {};
  return (opts, callback) => {
    let settled = false;
    const settle = (err: Error | null, socket: Socket | null) => {
      if (settled) return void socket?.destroy();
      settled = true;
      if (err) callback(err, null);
      else callback(null, socket!);
    };
    const host = opts.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
    openTunnel(net, proxy, { host, port }, AbortSignal.timeout(connectMs ?? 10_000)).then((tunnel) => {
      if (!tunnel.ok) return settle(tunnelError(tunnel, `${host}:${port}`), null);
      if (opts.protocol !== 'https:') return settle(null, tunnel.socket);
      const servername = opts.servername || (isIP(host) ? undefined : host);
      const socket = tls.connect({ ...withSharedCaContext(tlsOptions), socket: tunnel.socket, host, servername, ALPNProtocols: ['http/1.1'] });
      const onError = (err: Error) => { socket.destroy(); settle(err, null); };
      socket.once('error', onError);
      socket.once('secureConnect', () => {
        socket.off('error', onError);
        const mismatch = pinMismatch(socket, pin);
        if (mismatch) { socket.destroy(); return settle(mismatch, null); }
        settle(null, socket);
      });
    }, (err: unknown) => settle(err instanceof Error ? err : new Error(String(err)), null));
  };
}

function tunnelError(refusal: TunnelRefusal, target: string): Error {
  const what = refusal.status ? `${refusal.status} ${refusal.statusText ?? ''}`.trim() : (refusal.errorCode ?? 'no answer');
  return Object.assign(new Error(`the proxy did not open a tunnel to ${target} (${what})`), { code: refusal.kind === 'unreachable' ? (refusal.errorCode ?? TUNNEL_REFUSED) : TUNNEL_REFUSED, status: refusal.status });
}

function tlsKey(options: ClientTlsOptions | undefined): string {
  if (!options) return 'default';
  return JSON.stringify(options, (k, v: unknown) => {
    if (k === 'ca' && Array.isArray(v) && v.every((c) => typeof c === 'string')) return caListKey(v as string[]);
    if (typeof v !== 'function') return v;
    if (!fnIds.has(v)) fnIds.set(v, nextFnId++);
    return `fn#${fnIds.get(v)}`;
  });
}
