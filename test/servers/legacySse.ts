import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { startServer, type TestServer } from './base';
import { newMcpServer } from './mcpTools';

/** The deprecated HTTP+SSE transport (2024-11-05) on the SDK: GET /sse, POST /messages?sessionId=. */
export async function startLegacySseServer(): Promise<TestServer> {
  const transports = new Map<string, SSEServerTransport>();
  const server = await startServer(async (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/sse') {
      const transport = new SSEServerTransport('/messages', res);
      transports.set(transport.sessionId, transport);
      res.on('close', () => transports.delete(transport.sessionId));
      await newMcpServer('legacy-sse').connect(transport);
      return;
    }
    const transport = transports.get(url.searchParams.get('sessionId') ?? '');
    if (req.method === 'POST' && url.pathname === '/messages' && transport) {
      return transport.handlePostMessage(req, res, body ? JSON.parse(body) : undefined);
    }
    // What Express answers for an unrouted request: an HTML 404.
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!DOCTYPE html><html><head><title>Error</title></head><body><pre>Cannot ${req.method} ${url.pathname}</pre></body></html>`);
  });
  return {
    ...server,
    close: async () => {
      await Promise.all([...transports.values()].map((t) => t.close().catch(() => undefined)));
      await server.close();
    },
  };
}
