/**
 * The lab MCP server (official SDK, Bearer JWTs checked with jose against an authorization server's
 * JWKS) behind a front on 127.0.0.1: the front listens first, so its URL, the token audience, is
 * known before the server starts. The flow and CIMD labs differ only in what their front does.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { startMcpBackend, type McpBackend } from './mcpServer';
import { closeServer, listenOn } from './net';

export interface LabAuthServer {
  readonly issuer: string;
  stop(): Promise<void>;
}

/** Handles one request at the front; `target` is undefined until the MCP server is up. */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse, target: McpBackend | undefined) => void;

export interface JwtFrontedBackend {
  /** http://127.0.0.1:<front>/mcp/ (also the token audience). */
  readonly url: string;
  readonly backend: McpBackend;
  /** Stops the server, the front, then the authorization server. */
  stop(): Promise<void>;
}

/** Starts the front and the MCP server requiring `requiredScopes` (space-separated); on failure stops the front and `as`. */
export async function startJwtBackendBehindFront(
  as: LabAuthServer,
  requiredScopes: string,
  handle: FrontHandler,
): Promise<JwtFrontedBackend> {
  let target: McpBackend | undefined;
  const front: Server = createServer((req, res) => handle(req, res, target));
  const port = await listenOn(front, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/mcp/`;
  try {
    target = await startMcpBackend({
      env: { MCP_JWT_ISSUER: as.issuer, MCP_JWT_AUDIENCE: url, MCP_JWT_JWKS_URI: `${as.issuer}/jwks`, MCP_REQUIRED_SCOPES: requiredScopes },
      fetch: (input, init) => fetch(input, init),
    });
  } catch (err) {
    await Promise.all([closeServer(front), as.stop()]);
    throw err;
  }
  const backend = target;
  return {
    url,
    backend,
    stop: async () => {
      await backend.stop();
      await closeServer(front);
      await as.stop();
    },
  };
}
