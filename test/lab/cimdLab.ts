/**
 * The flow lab with the CIMD authorization server (cimdAuthServer.ts) in place of oidc-provider:
 * the lab MCP server (official SDK, Bearer JWTs checked with jose against the AS's JWKS) behind a
 * plain forwarding front on 127.0.0.1, so its URL (the token audience) is known before it starts.
 */
import { request } from 'node:http';
import { startCimdAuthServer, type CimdAuthServer, type CimdAuthServerOptions } from './cimdAuthServer';
import { startJwtBackendBehindFront } from './jwtFront';

export interface CimdLab {
  /** http://127.0.0.1:<front>/mcp/ (also the token audience). */
  readonly url: string;
  readonly as: CimdAuthServer;
  stop(): Promise<void>;
}

export async function startCimdLab(options: CimdAuthServerOptions = {}): Promise<CimdLab> {
  const as = await startCimdAuthServer(options);
  const lab = await startJwtBackendBehindFront(as, 'mcp:tools', (req, res, target) => {
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
  return { url: lab.url, as, stop: lab.stop };
}
