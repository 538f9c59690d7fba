import { type Socket } from 'node:net';
import { errorCode } from '../net/errors';
import { type NetTransport } from '../net/transport';

/** The proxy answered CONNECT with something other than 2xx, or never answered. */
export interface TunnelRefusal {
  readonly ok: false;
  readonly kind: 'unreachable' | 'auth' | 'refused' | 'bad-response';
  readonly status?: number;
  readonly statusText?: string;
  /** The scheme(s) named by Proxy-Authenticate on a 407, e.g. "Basic", "Negotiate". */
  readonly schemes?: readonly string[];
  /** The start of the refusal body, tags stripped. */
  readonly bodyExcerpt?: string;
  /** Socket error code when the proxy could not be reached. */
  readonly errorCode?: string;
  /** Whether credentials were sent (from the proxy URL). */
  readonly sentCredentials: boolean;
}

export interface TunnelOpen {
  readonly ok: true;
  readonly socket: Socket;
  readonly status: number;
  readonly statusText: string;
  readonly ms: number;
}

export type TunnelResult = TunnelOpen | TunnelRefusal;

/** Error code carried by errors raised for a refused tunnel (the HTTP client's connector). */
export const TUNNEL_REFUSED = 'ERR_MCPDOCTOR_PROXY_TUNNEL';

/**
 * A socket opener for handshakes through the proxy: a fresh tunnel per call, or a coded error
 * (the socket error code when the proxy is unreachable, TUNNEL_REFUSED otherwise).
 */
export function tunnelOpener(
  net: NetTransport,
  proxy: URL,
  target: { host: string; port: number },
): (signal: AbortSignal) => Promise<Socket> {
  return async (signal) => {
    const result = await openTunnel(net, proxy, target, signal);
    if (result.ok) return result.socket;
    const code = result.kind === 'unreachable' ? (result.errorCode ?? TUNNEL_REFUSED) : TUNNEL_REFUSED;
    throw Object.assign(
      new Error(`the proxy did not open a tunnel to ${target.host}:${target.port} (${result.status ?? result.errorCode ?? 'no answer'})`),
      { code, status: result.status },
    );
  };
}

const MAX_HEAD_BYTES = 64 * 1024;
const BODY_WAIT_MS = 300;

/** Basic credentials from the proxy URL's user info, as curl and undici send them. */
function proxyAuthorization(proxy: URL): string | undefined {
  if (!proxy.username && !proxy.password) return undefined;
  const user = decodeURIComponent(proxy.username);
  const pass = decodeURIComponent(proxy.password);
  return `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
}

/** Connects to an http:// proxy and asks it for a tunnel to host:port (HTTP CONNECT). Never throws for the proxy's doing. */
export async function openTunnel(
  net: NetTransport,
  proxy: URL,
  target: { host: string; port: number },
  signal: AbortSignal,
): Promise<TunnelResult> {
  const auth = proxyAuthorization(proxy);
  const sentCredentials = auth !== undefined;
  if (proxy.protocol !== 'http:') return { ok: false, kind: 'unreachable', errorCode: 'UNSUPPORTED_PROXY_SCHEME', sentCredentials };
  const started = performance.now();
  let socket: Socket;
  try {
    socket = await net.connect(proxy.hostname.replace(/^\[(.*)\]$/, '$1'), Number(proxy.port) || 80, signal);
  } catch (err) {
    signal.throwIfAborted();
    return { ok: false, kind: 'unreachable', errorCode: errorCode(err) ?? 'UNKNOWN', sentCredentials };
  }
  const authority = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
  socket.write(
    `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}Proxy-Connection: keep-alive\r\n\r\n`,
  );
  const head = await readHead(socket, signal);
  if (!head) {
    socket.destroy();
    signal.throwIfAborted();
    return { ok: false, kind: 'bad-response', errorCode: 'ECONNRESET', sentCredentials };
  }
  const parsed = parseHead(head.text);
  if (parsed.status >= 200 && parsed.status < 300) {
    if (head.rest.length > 0) socket.unshift(head.rest);
    return { ok: true, socket, status: parsed.status, statusText: parsed.statusText, ms: Math.round(performance.now() - started) };
  }
  const body = await readSome(socket, head.rest, signal);
  socket.destroy();
  return refusal(parsed, body, sentCredentials);
}

function refusal(parsed: ReturnType<typeof parseHead>, body: string, sentCredentials: boolean): TunnelRefusal {
  // Some proxies (tinyproxy) answer rejected credentials with 401 + WWW-Authenticate instead of 407.
  const authFailed = parsed.status === 407 || parsed.status === 401;
  return {
    ok: false,
    kind: authFailed ? 'auth' : parsed.status === 0 ? 'bad-response' : 'refused',
    status: parsed.status || undefined,
    statusText: parsed.statusText || undefined,
    schemes: authFailed ? authSchemes(parsed.headers['proxy-authenticate'] ?? parsed.headers['www-authenticate'] ?? []) : undefined,
    bodyExcerpt: excerpt(body),
    sentCredentials,
  };
}

/** Reads until the end of the response head, the size cap, the socket's end, or the abort. */
function readHead(socket: Socket, signal: AbortSignal): Promise<{ text: string; rest: Buffer } | undefined> {
  return new Promise((resolve) => {
    let buffered = Buffer.alloc(0);
    const finish = (value: { text: string; rest: Buffer } | undefined) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onEnd);
      socket.off('close', onEnd);
      signal.removeEventListener('abort', onEnd);
      socket.pause();
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end >= 0) finish({ text: buffered.subarray(0, end).toString('latin1'), rest: buffered.subarray(end + 4) });
      else if (buffered.length > MAX_HEAD_BYTES) finish(undefined);
    };
    const onEnd = () => finish(buffered.length ? { text: buffered.toString('latin1'), rest: Buffer.alloc(0) } : undefined);
    if (signal.aborted) return finish(undefined);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onEnd);
    socket.once('close', onEnd);
    signal.addEventListener('abort', onEnd, { once: true });
    socket.resume();
  });
}

/** The refusal body: whatever arrives within a short wait (proxies often keep the connection open). */
function readSome(socket: Socket, first: Buffer, signal: AbortSignal): Promise<string> {
  return new Promise((resolve) => {
    let text = first.toString('utf8');
    const finish = () => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', finish);
      socket.off('error', finish);
      socket.off('close', finish);
      signal.removeEventListener('abort', finish);
      resolve(text);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.length > 4096) finish();
    };
    const timer = setTimeout(finish, BODY_WAIT_MS);
    socket.on('data', onData);
    socket.once('end', finish);
    socket.once('error', finish);
    socket.once('close', finish);
    signal.addEventListener('abort', finish, { once: true });
    socket.resume();
  });
}

function parseHead(text: string): { status: number; statusText: string; headers: Record<string, string[]> } {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})\s*(.*)$/.exec(statusLine);
  const headers: Record<string, string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    (headers[name] ??= []).push(line.slice(colon + 1).trim());
  }
  return { status: m ? Number(m[1]) : 0, statusText: m?.[2]?.trim() ?? '', headers };
}

/** "Basic realm=x", "Negotiate" → ["Basic", "Negotiate"]. */
function authSchemes(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)/.exec(v)?.[1]).filter((s): s is string => !!s))];
}

function excerpt(body: string): string | undefined {
  const text = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? text.slice(0, 200) : undefined;
}
