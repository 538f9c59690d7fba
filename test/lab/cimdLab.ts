/**
 * The flow lab with the CIMD authorization server (cimdAuthServer.ts) in place of oidc-provider:
 * the lab MCP server (official SDK, Bearer JWTs checked with jose against the AS's JWKS) behind a
 * plain forwarding front on 127.0.0.1, so its URL (the token audience) is known before it starts.
 */
import { createServer, request, type Server } from 'node:http';
import { startCimdAuthServer, type CimdAuthServer, type CimdAuthServerOptions } from './cimdAuthServer';
import { startMcpBackend, type McpBackend } from './mcpServer';
import { closeServer, listenOn } from './net';

export interface CimdLab {
  /** http://127.0.0.1:<front>/mcp/ (also the token audience). */
  readonly url: string;
  readonly as: CimdAuthServer;
  stop(): Promise<void>;
}

export async function startCimdLab(options: CimdAuthServerOptions = {}): Promise<CimdLab> {
  const as = await startCimdAuthServer(options);
  let target: McpBackend | undefined;
  const front: Server = createServer((req, res) => {
    if (!target) return void res.writeHead(503).end();
    const upstream = request(
      { host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const port = await listenOn(front, 0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}/mcp/`;
  try {
    target = await startMcpBackend({
      env: { MCP_JWT_ISSUER: as.issuer, MCP_JWT_AUDIENCE: url, MCP_JWT_JWKS_URI: `${as.issuer}/jwks`, MCP_REQUIRED_SCOPES: 'mcp:tools' },
      fetch: (input, init) => fetch(input, init),
    });
  } catch (err) {
    await Promise.all([closeServer(front), as.stop()]);
    throw err;
  }
  const backend = target;
  return {
    url,
    as,
    stop: async () => {
      await backend.stop();
      await closeServer(front);
      await as.stop();
    },
  };
}
