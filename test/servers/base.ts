import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>;

/** A loopback test server on an OS-chosen port. `close()` also drops open (streaming) connections. */
export interface TestServer {
  readonly port: number;
  readonly origin: string;
  /** Every request seen, in order: "METHOD /path". */
  readonly requests: string[];
  url(path: string): URL;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly tls?: { readonly key: string; readonly cert: string };
}

const MAX_BODY = 1024 * 1024;

export async function startServer(handler: Handler, options: ServerOptions = {}): Promise<TestServer> {
  const requests: string[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method} ${req.url}`);
    readBody(req)
      .then((body) => handler(req, res, body))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `${options.tls ? 'https' : 'http'}://localhost:${port}`;
  return {
    port,
    origin,
    requests,
    url: (path) => new URL(path, origin),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > MAX_BODY) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}
