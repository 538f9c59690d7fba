/**
 * The lab MCP server: the official SDK's Streamable HTTP transport on express, mounted at `/mcp/`
 * on plain HTTP (127.0.0.1), behind Bearer-JWT auth. Configuration comes from environment-style
 * variables and the server refuses to start without MCP_JWT_ISSUER / MCP_JWT_AUDIENCE.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import express, { type Request, type Response } from 'express';
import { protectedResourceMetadata, requireBearer, requireToolScope } from './mcpAuth';
import { type EnvLike, readServerConfig, type McpServerConfig } from './mcpConfig';
import { createLabMcpServer } from './mcpTools';
import { closeServer, listenOn } from './net';
import { rateLimiter } from './rateLimit';
import { type LabFetch } from './trust';

export interface McpBackend {
  readonly port: number;
  /** http://127.0.0.1:<port>/mcp/ */
  readonly url: string;
  readonly config: McpServerConfig;
  stop(): Promise<void>;
}

export interface McpBackendOptions {
  /** Environment the server reads its configuration from (MCP_JWT_ISSUER, MCP_JWT_AUDIENCE, ...). */
  readonly env: EnvLike;
  /** Fetch used for the JWKS (it must trust the authorization server's certificate). */
  readonly fetch: LabFetch;
}

/** Starts the server on 127.0.0.1 (random port). Throws ServerConfigError, before listening, when misconfigured. */
export async function startMcpBackend(options: McpBackendOptions): Promise<McpBackend> {
  const config = readServerConfig(options.env);
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const app = buildApp(config, options.fetch, sessions);
  const server: Server = createServer(app);
  const port = await listenOn(server, 0, '127.0.0.1');
  return {
    port,
    url: `http://127.0.0.1:${port}/mcp/`,
    config,
    stop: async () => {
      await Promise.allSettled([...sessions.values()].map((t) => t.close()));
      await closeServer(server);
    },
  };
}

function buildApp(config: McpServerConfig, fetchImpl: LabFetch, sessions: Map<string, StreamableHTTPServerTransport>): express.Express {
  const app = express();
  app.set('strict routing', true);
  app.disable('x-powered-by');
  const metadata = protectedResourceMetadata(config);
  app.get(['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp'], (_req, res) => {
    res.json(metadata);
  });
  // Like Starlette/FastMCP `redirect_slashes`: the URL is rebuilt from this server's own scheme
  // (plain http) and the Host header, so behind a TLS proxy that sends `Host: $host` (no port)
  // the client is sent to http://<host>/mcp/: scheme and port lost.
  app.all('/mcp', (req, res) => {
    const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
    res.redirect(307, `http://${req.headers.host ?? '127.0.0.1'}/mcp/${query}`);
  });
  const mcp = express.Router({ strict: true });
  if (config.rateLimit) mcp.use(rateLimiter(config.rateLimit.limit, config.rateLimit.windowSec));
  mcp.use(requireBearer(config, fetchImpl), express.json({ limit: '1mb' }), requireToolScope(config));
  mcp.all('/', (req, res) => void handleMcp(req, res, sessions));
  app.use('/mcp/', mcp);
  return app;
}

/** Routes one request to its session's transport (404 for unknown sessions, as the spec requires). */
async function handleMcp(req: Request, res: Response, sessions: Map<string, StreamableHTTPServerTransport>): Promise<void> {
  const sessionId = req.header('mcp-session-id');
  let transport = sessionId ? sessions.get(sessionId) : undefined;
  if (sessionId && !transport) return jsonRpcError(res, 404, -32001, 'Session not found');
  if (!transport) {
    if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
      return jsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    transport = newSession(sessions);
    await createLabMcpServer().connect(transport);
  }
  try {
    await transport.handleRequest(req, res, req.body);
  } catch {
    if (!res.headersSent) jsonRpcError(res, 500, -32603, 'Internal error');
  }
}

function newSession(sessions: Map<string, StreamableHTTPServerTransport>): StreamableHTTPServerTransport {
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => void sessions.set(id, transport),
    onsessionclosed: (id) => void sessions.delete(id),
  });
  return transport;
}

function jsonRpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', id: null, error: { code, message } });
}
