import { createServer, request, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';

export interface CorsWrapper {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A CORS layer in front of an MCP server, as a reverse proxy or middleware adds one: answers the
 * preflight (any origin, the requested headers) and adds Access-Control-Allow-Origin: *, exposing
 * only the `expose` headers (none: the common mistake of forgetting Mcp-Session-Id).
 */
export async function startCorsWrapper(backendPort: number, expose: readonly string[]): Promise<CorsWrapper> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET, POST, DELETE',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '',
        'access-control-max-age': '0',
      });
      return void res.end();
    }
    const upstream = request({ host: '127.0.0.1', port: backendPort, path: req.url, method: req.method, headers: req.headers }, (up) => {
      const headers = {
        ...up.headers,
        'access-control-allow-origin': '*',
        ...(expose.length ? { 'access-control-expose-headers': expose.join(', ') } : {}),
      };
      res.writeHead(up.statusCode ?? 502, headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
