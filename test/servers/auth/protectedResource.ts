import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';
import { createLocalJWKSet, decodeJwt, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';

/** How the test resource server checks tokens (the broken ones are what the probes must catch). */
export type TokenPolicy = 'strict' | 'no-signature-check' | 'accept-alg-none' | 'open';
/** How the JWKS endpoint misbehaves. */
export type JwksVariant = 'ok' | 'redirect' | 'html' | 'private-keys' | 'unreachable' | 'empty';

export interface ResourceServerOptions {
  readonly policy?: TokenPolicy;
  readonly jwks?: JwksVariant;
  /** Leave out the WWW-Authenticate header on 401. */
  readonly noChallenge?: boolean;
  /** Serve no protected resource metadata at all. */
  readonly noPrm?: boolean;
  /** The PRM's "resource" (default: the server's /mcp URL). */
  readonly prmResource?: (origin: string) => string;
  /** The AS metadata's "issuer" (default: the origin). */
  readonly asIssuer?: (origin: string) => string;
  readonly noPkce?: boolean;
  readonly requiredScope?: string;
  /** What the strict server itself expects as audience (default: its /mcp URL), to simulate a misconfigured server. */
  readonly serverAudience?: (origin: string) => string;
  /** Answer 429 with this Retry-After (seconds) to N MCP POSTs, after letting `skip` through. */
  readonly rateLimit?: { readonly skip: number; readonly count: number; readonly retryAfter: string };
}

export interface ResourceServer {
  readonly origin: string;
  readonly mcpUrl: string;
  readonly issuer: string;
  readonly jwksUrl: string;
  /** MCP POSTs received, with whether they carried a token (never the token). */
  readonly posts: { readonly method: string; readonly hadToken: boolean }[];
  mintToken(claims?: JWTPayload, options?: { expiresInSec?: number; kid?: string }): Promise<string>;
  stop(): Promise<void>;
}

export const TOOLS = ['get_customer_info', 'create_support_ticket', 'calculate_account_value'];

/** A small OAuth-protected MCP endpoint with PRM, AS metadata and a JWKS on loopback (port 0). */
export async function startResourceServer(options: ResourceServerOptions = {}): Promise<ResourceServer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid: 'test-key-1', alg: 'RS256', use: 'sig' };
  const state = { origin: '', posts: [] as { method: string; hadToken: boolean }[], rateLimited: 0 };
  const keys = createLocalJWKSet({ keys: [publicJwk] });
  const server = createServer((req, res) => {
    handle(req, res, { options, state, publicJwk, privateJwk, keys }).catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = options.asIssuer?.(state.origin) ?? state.origin;
  return {
    origin: state.origin,
    mcpUrl: `${state.origin}/mcp`,
    issuer: state.origin,
    jwksUrl: jwksUrlOf(state.origin, options.jwks),
    posts: state.posts,
    mintToken: (claims = {}, opts = {}) =>
      new SignJWT({ scope: options.requiredScope ?? 'mcp:tools', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'test-key-1', typ: 'at+jwt' })
        .setIssuer(claims.iss ?? issuer)
        .setAudience(claims.aud ?? `${state.origin}/mcp`)
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + (opts.expiresInSec ?? 600))
        .sign(privateKey),
    stop: () => stopServer(server),
  };
}

interface Ctx {
  readonly options: ResourceServerOptions;
  readonly state: { origin: string; posts: { method: string; hadToken: boolean }[]; rateLimited: number };
  readonly publicJwk: JWK;
  readonly privateJwk: JWK;
  readonly keys: ReturnType<typeof createLocalJWKSet>;
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: Ctx): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const origin = ctx.state.origin;
  if (req.method === 'GET' && path === '/.well-known/oauth-protected-resource/mcp' && !ctx.options.noPrm) {
    return json(res, 200, {
      resource: ctx.options.prmResource?.(origin) ?? `${origin}/mcp`,
      authorization_servers: [origin],
      scopes_supported: [ctx.options.requiredScope ?? 'mcp:tools'],
    });
  }
  if (req.method === 'GET' && path === '/.well-known/oauth-authorization-server') {
    return json(res, 200, {
      issuer: ctx.options.asIssuer?.(origin) ?? origin,
      authorization_endpoint: `${origin}/authorize`,
      token_endpoint: `${origin}/token`,
      jwks_uri: jwksUrlOf(origin, ctx.options.jwks),
      code_challenge_methods_supported: ctx.options.noPkce ? ['plain'] : ['S256'],
    });
  }
  if (req.method === 'GET' && path.startsWith('/jwks')) return serveJwks(res, path, ctx);
  if (req.method === 'POST' && path === '/mcp') return serveMcp(req, res, ctx);
  return json(res, 404, { error: 'not found' });
}

function jwksUrlOf(origin: string, variant: JwksVariant | undefined): string {
  if (variant === 'unreachable') return 'http://127.0.0.1:9/jwks';
  return `${origin}/jwks${variant && variant !== 'ok' ? `-${variant}` : ''}`;
}

function serveJwks(res: ServerResponse, path: string, ctx: Ctx): void {
  if (path === '/jwks' || path === '/jwks-final') return json(res, 200, { keys: [ctx.publicJwk] });
  if (path === '/jwks-redirect') {
    res.writeHead(302, { location: '/jwks-final' });
    res.end();
    return;
  }
  if (path === '/jwks-html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Sign in</title>');
    return;
  }
  if (path === '/jwks-private-keys') return json(res, 200, { keys: [ctx.privateJwk] });
  if (path === '/jwks-empty') return json(res, 200, { keys: [] });
  return json(res, 404, {});
}

async function serveMcp(req: IncomingMessage, res: ServerResponse, ctx: Ctx): Promise<void> {
  const body = await readBody(req);
  const message = JSON.parse(body || '{}') as { id?: number; method?: string };
  const auth = req.headers.authorization;
  ctx.state.posts.push({ method: message.method ?? '?', hadToken: auth !== undefined });
  const limit = ctx.options.rateLimit;
  if (limit && ctx.state.posts.length > limit.skip && ctx.state.rateLimited < limit.count) {
    ctx.state.rateLimited++;
    res.writeHead(429, { 'retry-after': limit.retryAfter });
    res.end();
    return;
  }
  const verdict = await checkToken(auth, ctx);
  if (verdict !== 'ok') return challenge(res, verdict, ctx);
  if (message.id === undefined) {
    res.writeHead(202);
    res.end();
    return;
  }
  if (message.method === 'initialize') {
    res.setHeader('mcp-session-id', 'session-1');
    return json(res, 200, {
      jsonrpc: '2.0',
      id: message.id,
      result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'test', version: '1' } },
    });
  }
  if (message.method === 'tools/list')
    return json(res, 200, {
      jsonrpc: '2.0',
      id: message.id,
      result: { tools: TOOLS.map((name) => ({ name, inputSchema: { type: 'object' } })) },
    });
  return json(res, 200, { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
}

type Verdict = 'ok' | 'missing' | 'scope' | { readonly invalid: string };

async function checkToken(auth: string | undefined, ctx: Ctx): Promise<Verdict> {
  const policy = ctx.options.policy ?? 'strict';
  if (policy === 'open') return 'ok';
  const token = /^Bearer (.+)$/.exec(auth ?? '')?.[1];
  if (!token) return 'missing';
  const audience = ctx.options.serverAudience?.(ctx.state.origin) ?? `${ctx.state.origin}/mcp`;
  try {
    let claims: JWTPayload;
    if (policy === 'strict')
      claims = (
        await jwtVerify(token, ctx.keys, {
          issuer: ctx.options.asIssuer?.(ctx.state.origin) ?? ctx.state.origin,
          audience,
          algorithms: ['RS256'],
        })
      ).payload;
    else if (
      policy === 'accept-alg-none' &&
      token.split('.')[0] &&
      JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()).alg === 'none'
    )
      claims = decodeJwt(token);
    else if (policy === 'accept-alg-none') claims = (await jwtVerify(token, ctx.keys, { audience, algorithms: ['RS256'] })).payload;
    else claims = decodeJwt(token); // no-signature-check: the bug the probes must catch
    if (policy === 'no-signature-check' && (claims.exp ?? 0) * 1000 < Date.now()) return { invalid: 'token expired' };
    const scopes = String(claims.scope ?? '').split(' ');
    return scopes.includes(ctx.options.requiredScope ?? 'mcp:tools') ? 'ok' : 'scope';
  } catch (err) {
    return { invalid: err instanceof Error ? err.message.replace(/["\\]/g, "'") : 'token rejected' };
  }
}

function challenge(res: ServerResponse, verdict: Exclude<Verdict, 'ok'>, ctx: Ctx): void {
  const prm = `${ctx.state.origin}/.well-known/oauth-protected-resource/mcp`;
  const scope = ctx.options.requiredScope ?? 'mcp:tools';
  const params =
    verdict === 'scope'
      ? `error="insufficient_scope", scope="${scope}", resource_metadata="${prm}"`
      : typeof verdict === 'object'
        ? `error="invalid_token", error_description="${verdict.invalid}", resource_metadata="${prm}"`
        : `resource_metadata="${prm}", scope="${scope}"`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!ctx.options.noChallenge) headers['www-authenticate'] = `Bearer ${params}`;
  res.writeHead(verdict === 'scope' ? 403 : 401, headers);
  res.end(JSON.stringify({ error: typeof verdict === 'object' ? 'invalid_token' : verdict }));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 65536) break;
  }
  return text;
}

function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
