/**
 * A small TLS front in Node for machines without nginx (`npm start` on a bare machine). It reproduces,
 * on the wire, what the nginx configurations in `nginx.ts` do for the lab: the lab's chain on TLS 1.2+,
 * ALPN http/1.1, the same locations proxied to the SDK server with the same Host and forwarding
 * headers, responses (SSE included) streamed through unbuffered, 404 elsewhere, 502 when the upstream
 * fails. It is a stand-in, not nginx: tests keep running against the real nginx.
 */
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type OutgoingHttpHeaders, Agent, type ServerResponse, request as httpRequest } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type Server } from 'node:net';
import { closeServer, hasIpv6Loopback, listenOn } from './net';
import { type NginxMode } from './nginx';

export interface NodeFrontOptions {
  readonly port: number;
  readonly backendPort: number;
  readonly mode: NginxMode;
  /** Certificate chain file as served (leaf first) and its key; unused for `plain-http`. */
  readonly certFile: string;
  readonly keyFile: string;
}

export interface NodeFront {
  readonly port: number;
  stop(): Promise<void>;
}

/** nginx's default client_max_body_size: larger request bodies are refused with 413. */
const MAX_BODY_BYTES = 1024 * 1024;
/** nginx's proxy_read_timeout in the lab configs. */
const UPSTREAM_IDLE_MS = 300_000;
/** Hop-by-hop headers a proxy must not forward (RFC 9110 §7.6.1), as nginx drops them. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

/** Starts the front on 127.0.0.1 (and ::1 where available) on `port`; rejects with EADDRINUSE if taken. */
export async function startNodeFront(options: NodeFrontOptions): Promise<NodeFront> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const handler = (req: IncomingMessage, res: ServerResponse): void => route(req, res, options, agent);
  const tls = options.mode === 'plain-http' ? undefined : await loadTls(options);
  const make = (): Server =>
    tls ? createHttpsServer({ ...tls, minVersion: 'TLSv1.2', ALPNProtocols: ['http/1.1'] }, handler) : createHttpServer(handler);
  const hosts = (await hasIpv6Loopback()) ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
  const servers: Server[] = [];
  try {
    for (const host of hosts) {
      const server = make();
      servers.push(server);
      await listenOn(server, options.port, host);
    }
  } catch (err) {
    await Promise.all(servers.map(closeServer));
    agent.destroy();
    throw err;
  }
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= Promise.all(servers.map(closeServer)).then(() => agent.destroy()));
  return { port: options.port, stop };
}

async function loadTls(options: NodeFrontOptions): Promise<{ cert: string; key: string }> {
  const [cert, key] = await Promise.all([readFile(options.certFile, 'utf8'), readFile(options.keyFile, 'utf8')]);
  return { cert, key };
}

/** The nginx `location` blocks: `= /mcp`, `/mcp/` and `/.well-known/` are proxied; the rest is 404. */
function route(req: IncomingMessage, res: ServerResponse, options: NodeFrontOptions, agent: Agent): void {
  const target = upstreamPath(req.url ?? '/', options.mode);
  if (target === undefined) return void errorPage(res, 404, 'Not Found');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) return void errorPage(res, 413, 'Request Entity Too Large');
  proxy(req, res, { port: options.backendPort, path: target, headers: upstreamHeaders(req, options.mode) }, agent);
}

/** The upstream URI nginx would send, or undefined when no location matches. */
export function upstreamPath(url: string, mode: NginxMode): string | undefined {
  const [path = '/', query] = splitQuery(url);
  if (path === '/mcp') return mode === 'incident' ? url : `/mcp/${query === undefined ? '' : `?${query}`}`;
  if (path.startsWith('/mcp/') || path.startsWith('/.well-known/')) return url;
  return undefined;
}

function splitQuery(url: string): [string, string | undefined] {
  const at = url.indexOf('?');
  return at < 0 ? [url, undefined] : [url.slice(0, at), url.slice(at + 1)];
}

/**
 * The request headers the upstream sees. `incident`: `Host $host` (the host name without the port:
 * the root of the incident). Otherwise `Host $http_host`, `X-Forwarded-Proto $scheme` and
 * `X-Forwarded-For $proxy_add_x_forwarded_for`. Both: `Connection ""` (no hop-by-hop headers).
 */
export function upstreamHeaders(req: IncomingMessage, mode: NginxMode): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  const httpHost = req.headers.host ?? 'localhost';
  if (mode === 'incident') return { ...headers, host: hostWithoutPort(httpHost) };
  const forwardedFor = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
  return { ...headers, host: httpHost, 'x-forwarded-proto': mode === 'plain-http' ? 'http' : 'https', 'x-forwarded-for': forwardedFor };
}

/** nginx `$host`: the Host header's name, lower-cased, without the port (IPv6 literals keep their brackets). */
export function hostWithoutPort(httpHost: string): string {
  const host = httpHost.toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon < 0 ? host : host.slice(0, colon);
}

interface Upstream {
  readonly port: number;
  readonly path: string;
  readonly headers: OutgoingHttpHeaders;
}

/** Streams the request up and the response down as bytes arrive (nginx `proxy_buffering off`). */
function proxy(req: IncomingMessage, res: ServerResponse, upstream: Upstream, agent: Agent): void {
  const out = httpRequest({
    host: '127.0.0.1',
    port: upstream.port,
    method: req.method,
    path: upstream.path,
    headers: upstream.headers,
    agent,
    timeout: UPSTREAM_IDLE_MS,
  });
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_BODY_BYTES) {
      out.destroy();
      errorPage(res, 413, 'Request Entity Too Large');
      req.destroy();
    }
  });
  out.on('response', (up) => {
    res.writeHead(up.statusCode ?? 502, up.statusMessage, responseHeaders(up));
    res.flushHeaders();
    up.pipe(res);
    up.on('error', () => res.destroy());
  });
  out.on('timeout', () => out.destroy(new Error('upstream timed out')));
  out.on('error', () => (res.headersSent ? res.destroy() : errorPage(res, 502, 'Bad Gateway')));
  res.on('close', () => out.destroy());
  req.pipe(out);
}

function responseHeaders(up: IncomingMessage): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
  return headers;
}

/** A short HTML error page like nginx's (no Server header: this is not nginx and does not claim to be). */
function errorPage(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.destroy();
  const body = `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
