/**
 * Hostile servers for the robustness suite: raw TCP on loopback, so they can break HTTP (and TLS)
 * in ways `node:http` would refuse to. Every timer and socket is tracked and ended by `close()`.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { type AddressInfo } from 'node:net';
import { after } from 'node:test';

/** One parsed request head (and its body, when Content-Length announced one). */
export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What a behaviour gets: the socket, and timers that `close()` clears. */
export interface Conn {
  readonly socket: Socket;
  every(ms: number, tick: () => void): void;
  after(ms: number, fire: () => void): void;
}

export interface HostileServer {
  readonly port: number;
  readonly origin: string;
  /** Every request head seen, in order: "METHOD /path". */
  readonly requests: string[];
  url(path: string): URL;
  close(): Promise<void>;
}

/** Answers each request on a connection (keep-alive included). */
export type RequestBehaviour = (req: RawRequest, conn: Conn) => void;

const MAX_REQUEST_BUFFER = 1024 * 1024;

/** A loopback server that parses request heads itself and lets `onRequest` write anything back. */
export function startHostileHttp(onRequest: RequestBehaviour): Promise<HostileServer> {
  const requests: string[] = [];
  return startRaw((conn) => {
    let buffer = Buffer.alloc(0);
    conn.socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length > MAX_REQUEST_BUFFER) return void conn.socket.destroy();
      for (let req = takeRequest(buffer); req; req = takeRequest(buffer)) {
        buffer = buffer.subarray(req.consumed);
        requests.push(`${req.request.method} ${req.request.path}`);
        onRequest(req.request, conn);
      }
    });
  }, requests);
}

/** A loopback server that hands over each raw socket (for TLS-level misbehaviour). */
export function startRaw(onConnection: (conn: Conn) => void, requests: string[] = []): Promise<HostileServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const own: NodeJS.Timeout[] = [];
    const stopOwn = () =>
      own.forEach((t) => {
        clearTimeout(t);
        clearInterval(t);
        timers.delete(t);
      });
    socket.on('close', () => {
      sockets.delete(socket);
      stopOwn();
    });
    socket.on('error', () => undefined);
    const track = (t: NodeJS.Timeout) => {
      own.push(t);
      timers.add(t);
    };
    onConnection({
      socket,
      every: (ms, tick) =>
        track(
          setInterval(() => {
            if (!socket.destroyed && socket.writable) tick();
          }, ms),
        ),
      after: (ms, fire) =>
        track(
          setTimeout(() => {
            if (!socket.destroyed) fire();
          }, ms),
        ),
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        port,
        origin,
        requests,
        url: (path) => new URL(path, origin),
        close: () =>
          new Promise<void>((done) => {
            for (const t of timers) {
              clearTimeout(t);
              clearInterval(t);
            }
            timers.clear();
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function takeRequest(buffer: Buffer): { request: RawRequest; consumed: number } | undefined {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [line = '', ...headerLines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const [method = '', path = ''] = line.split(' ');
  const headers: Record<string, string> = {};
  for (const h of headerLines) {
    const colon = h.indexOf(':');
    if (colon > 0) headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
  }
  const length = Number(headers['content-length'] ?? 0) || 0;
  if (buffer.length < end + 4 + length) return undefined;
  const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
  return { request: { method, path, headers, body }, consumed: end + 4 + length };
}

/** A complete response head; `headers` may repeat names and hold any bytes (latin1). */
export function head(status: number, headers: ReadonlyArray<readonly [string, string]>): string {
  return `HTTP/1.1 ${status} X\r\n${headers.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`;
}

/** A whole JSON response with a correct Content-Length. */
export function jsonResponse(status: number, body: string | Buffer, extra: ReadonlyArray<readonly [string, string]> = []): Buffer {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([
    Buffer.from(head(status, [['content-type', 'application/json'], ['content-length', String(bytes.length)], ...extra]), 'latin1'),
    bytes,
  ]);
}

/** The request id of a JSON-RPC request body (1 when unreadable). */
export function rpcId(req: RawRequest): number {
  try {
    const id = (JSON.parse(req.body) as { id?: unknown }).id;
    return typeof id === 'number' ? id : 1;
  } catch {
    return 1;
  }
}

/** Starts hostile servers for one test file and closes them all when the file's tests end. */
export function hostilePool(): (...args: Parameters<typeof startHostileHttp>) => Promise<HostileServer> {
  const servers: HostileServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));
  return async (...args) => {
    const server = await startHostileHttp(...args);
    servers.push(server);
    return server;
  };
}
