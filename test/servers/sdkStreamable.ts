import { randomUUID } from 'node:crypto';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { sendJson, startServer, type ServerOptions, type TestServer } from './base';
import { newMcpServer } from './mcpTools';

export interface StreamableOptions extends ServerOptions {
  /**
   * Status for a request whose Mcp-Session-Id is unknown. 400 reproduces the pattern of the SDK's
   * own example servers ("No valid session ID provided"), which clients turn into "Session terminated".
   */
  readonly unknownSessionStatus?: 400 | 404;
  readonly path?: string;
  /** Answer with JSON bodies instead of SSE streams. */
  readonly json?: boolean;
  /** Require `Authorization: Bearer <token>`; otherwise 401 with a challenge. */
  readonly token?: string;
  /** Redirects served before the MCP path, by exact path (e.g. nginx's `/mcp` → `/mcp/`). */
  readonly redirects?: Readonly<Record<string, { readonly status: number; readonly location: string }>>;
  /** Every Authorization header value seen (to check where a token went). */
  readonly seenAuthorization?: string[];
}

/** The official SDK's Streamable HTTP transport, one transport and McpServer per session. */
export async function startSdkStreamableServer(options: StreamableOptions = {}): Promise<TestServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const path = options.path ?? '/mcp';
  const server = await startServer(async (req, res, body) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.headers.authorization) options.seenAuthorization?.push(req.headers.authorization);
    const redirect = options.redirects?.[pathname];
    if (redirect) {
      res.writeHead(redirect.status, { location: redirect.location, server: 'nginx/1.22.1', 'content-type': 'text/html' });
      return void res.end(`<html><body><center><h1>${redirect.status}</h1></center><hr><center>nginx/1.22.1</center></body></html>`);
    }
    if (pathname !== path) return sendJson(res, 404, { error: 'not found' });
    if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
      res.writeHead(401, { 'www-authenticate': 'Bearer resource_metadata="http://localhost/.well-known/oauth-protected-resource"' });
      return void res.end();
    }
    const parsed: unknown = body ? JSON.parse(body) : undefined;
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? transports.get(sessionId) : undefined;
    if (existing) return existing.handleRequest(req, res, parsed);
    if (sessionId === undefined && req.method === 'POST' && isInitializeRequest(parsed)) {
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: options.json ?? false,
        onsessioninitialized: (id) => {
          transports.set(id, transport);
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) transports.delete(transport.sessionId);
      };
      await newMcpServer().connect(transport);
      return transport.handleRequest(req, res, parsed);
    }
    const status = sessionId === undefined ? 400 : (options.unknownSessionStatus ?? 404);
    sendJson(res, status, {
      jsonrpc: '2.0',
      error: { code: -32000, message: status === 404 ? 'Session not found' : 'Bad Request: No valid session ID provided' },
      id: null,
    });
  }, options);
  return {
    ...server,
    close: async () => {
      await Promise.all([...transports.values()].map((t) => t.close().catch(() => undefined)));
      await server.close();
    },
  };
}
