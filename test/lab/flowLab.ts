/**
 * A lab for the interactive OAuth flow: the lab MCP server (official SDK, Bearer JWTs checked with
 * jose against the AS's JWKS) behind a small front on 127.0.0.1 whose quirks reproduce the
 * server-side misconfigurations (PRM at only some URLs, a relative resource_metadata, a challenge
 * asking for fewer scopes than the server needs), and the flow authorization server.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { startFlowAuthServer, type FlowAuthServer, type FlowAuthServerOptions } from './flowAuthServer';
import { startJwtBackendBehindFront } from './jwtFront';
import { type McpBackend } from './mcpServer';

export interface FlowLabQuirks {
  /** Serve the protected resource metadata only at these well-known URLs (default both). */
  readonly prmAt?: readonly ('path-inserted' | 'root')[];
  /** Send resource_metadata as a relative URL. */
  readonly relativeResourceMetadata?: boolean;
  /** Replace the 401 challenge's scope (the server still requires MCP_REQUIRED_SCOPES): a step-up. */
  readonly challengeScope?: string;
  /** Scopes the server requires on every request (default mcp:tools). */
  readonly requiredScopes?: readonly string[];
}

export interface FlowLab {
  /** The MCP URL clients configure: http://127.0.0.1:<front>/mcp/ (also the token audience). */
  readonly url: string;
  readonly as: FlowAuthServer;
  readonly backend: McpBackend;
  /** Every bearer token a client sent the MCP server (tests assert none of them leaks anywhere). */
  readonly bearerTokens: ReadonlySet<string>;
  stop(): Promise<void>;
}

export async function startFlowLab(options: { as?: FlowAuthServerOptions; quirks?: FlowLabQuirks } = {}): Promise<FlowLab> {
  const as = await startFlowAuthServer(options.as);
  const quirks = options.quirks ?? {};
  const bearerTokens = new Set<string>();
  const scopes = (quirks.requiredScopes ?? ['mcp:tools']).join(' ');
  const lab = await startJwtBackendBehindFront(as, scopes, (req, res, target) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) bearerTokens.add(bearer);
    return target ? forward(req, res, target.port, quirks) : void res.writeHead(503).end();
  });
  return { url: lab.url, as, backend: lab.backend, bearerTokens, stop: lab.stop };
}

const PRM_PATHS = { 'path-inserted': '/.well-known/oauth-protected-resource/mcp', root: '/.well-known/oauth-protected-resource' } as const;

function forward(req: IncomingMessage, res: ServerResponse, port: number, quirks: FlowLabQuirks): void {
  const path = req.url ?? '/';
  const hidden = quirks.prmAt && Object.entries(PRM_PATHS).some(([kind, p]) => p === path && !quirks.prmAt!.includes(kind as 'root'));
  if (hidden) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
  const upstream = request({ host: '127.0.0.1', port, method: req.method, path, headers: req.headers }, (answer) => {
    const headers = { ...answer.headers };
    const challenge = headers['www-authenticate'];
    if (typeof challenge === 'string' && answer.statusCode === 401) headers['www-authenticate'] = rewriteChallenge(challenge, quirks);
    res.writeHead(answer.statusCode ?? 502, headers);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}

function rewriteChallenge(value: string, quirks: FlowLabQuirks): string {
  let out = value;
  if (quirks.relativeResourceMetadata) out = out.replace(/resource_metadata="https?:\/\/[^/"]+(\/[^"]*)"/, 'resource_metadata="$1"');
  if (quirks.challengeScope !== undefined) out = out.replace(/scope="[^"]*"/, `scope="${quirks.challengeScope}"`);
  return out;
}
