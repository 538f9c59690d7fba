/**
 * The lab's OAuth authorization server: a real oidc-provider on its own HTTPS port, issuing RS256
 * JWT access tokens to a confidential client (client_credentials) with RFC 8707 resource indicators.
 */
import { generateKeyPair, randomBytes, type JsonWebKey } from 'node:crypto';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import * as https from 'node:https';
import { type Server } from 'node:net';
import type ProviderClass from 'oidc-provider';
import { type LabAdapter, type LabKoaContext } from 'oidc-provider';
import { closeServer, listenLoopback } from './net';
import { type LabFetch } from './trust';

/** A private signing JWK (RSA, with kid/alg/use). */
export type SigningJwk = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

export interface AuthServerOptions {
  /** PEM key and certificate chain (leaf first) for the HTTPS listener. */
  readonly tls: { readonly key: string; readonly cert: string };
  /** Keys the provider holds; the first signs the tokens. */
  readonly signingKeys: readonly SigningJwk[];
  /** Scopes the lab client may request for any resource. */
  readonly scopes: readonly string[];
  /** Replaces what `/jwks` publishes (key rotation: tokens signed by a key no longer published). */
  readonly publishedJwks?: { readonly keys: readonly JsonWebKey[] };
  /** Replaces `jwks_uri` in discovery (keys "hosted elsewhere", e.g. a closed port). */
  readonly advertisedJwksUri?: string;
}

export interface AuthServer {
  readonly issuer: string;
  readonly port: number;
  readonly tokenEndpoint: string;
  /** What discovery advertises. */
  readonly jwksUri: string;
  readonly clientId: string;
  readonly clientSecret: string;
  stop(): Promise<void>;
}

export interface TokenRequest {
  readonly resource: string;
  readonly scopes: readonly string[];
  /** Lifetime in seconds; zero or negative yields an already expired token (issued as if the AS clock were behind). */
  readonly expiresInSec?: number;
}

const DEFAULT_TTL_SEC = 600;
const EXPIRES_PARAM = 'lab_expires_in';
let providerModule: Promise<typeof ProviderClass> | undefined;

/** Generates an RSA-2048 private JWK for RS256 signing. */
export function generateSigningJwk(kid: string): Promise<SigningJwk> {
  return new Promise((resolve, reject) => {
    generateKeyPair('rsa', { modulusLength: 2048 }, (err, _publicKey, privateKey) => {
      if (err) return reject(err);
      resolve({ ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' });
    });
  });
}

/** The public half of a signing JWK, as a JWKS publishes it. */
export function publicJwk(jwk: SigningJwk): JsonWebKey {
  const { kty, n, e, kid, alg, use } = jwk;
  return { kty, n, e, kid, alg, use };
}

/** Starts the authorization server on a random loopback port (127.0.0.1 and ::1). */
export async function startAuthServer(options: AuthServerOptions): Promise<AuthServer> {
  const Provider = await loadProvider();
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const { port, servers } = await listenLoopback(() => https.createServer(options.tls, (req, res) => handler(req, res)));
  const issuer = `https://localhost:${port}`;
  const clientId = 'mcp-doctor-lab';
  const clientSecret = randomBytes(24).toString('base64url');
  const provider = new Provider(issuer, providerConfiguration(options, clientId, clientSecret));
  if (options.advertisedJwksUri) provider.use(rewriteJwksUri(options.advertisedJwksUri));
  handler = routeRequests(provider.callback(), options.publishedJwks);
  return {
    issuer,
    port,
    tokenEndpoint: `${issuer}/token`,
    jwksUri: options.advertisedJwksUri ?? `${issuer}/jwks`,
    clientId,
    clientSecret,
    stop: () => Promise.all(servers.map((s: Server) => closeServer(s))).then(() => undefined),
  };
}

/** Obtains a real access token from the AS token endpoint (client_credentials + resource). */
export async function requestToken(as: AuthServer, request: TokenRequest, fetchImpl: LabFetch): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', resource: request.resource, scope: request.scopes.join(' ') });
  if (request.expiresInSec !== undefined) body.set(EXPIRES_PARAM, String(Math.trunc(request.expiresInSec)));
  const basic = Buffer.from(`${encodeURIComponent(as.clientId)}:${encodeURIComponent(as.clientSecret)}`).toString('base64');
  const response = await fetchImpl(as.tokenEndpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  const json = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
  if (!response.ok || !json.access_token) {
    throw new Error(`token request failed: ${response.status} ${json.error ?? ''} ${json.error_description ?? ''}`.trim());
  }
  return json.access_token;
}

/** oidc-provider warns on import that Node 20 is not a supported LTS (it works); keep test output clean. */
function loadProvider(): Promise<typeof ProviderClass> {
  providerModule ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).includes('Unsupported runtime')) warn(...args);
    };
    try {
      return (await import('oidc-provider')).default;
    } finally {
      console.warn = warn;
    }
  })();
  return providerModule;
}

function providerConfiguration(options: AuthServerOptions, clientId: string, clientSecret: string): Record<string, unknown> {
  const scope = options.scopes.join(' ');
  return {
    adapter: memoryAdapter(),
    jwks: { keys: options.signingKeys },
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        scope,
      },
    ],
    scopes: [...options.scopes],
    cookies: { keys: [randomBytes(16).toString('hex')] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx: LabKoaContext, resource: string) => ({
          scope,
          audience: resource,
          accessTokenTTL: Math.max(1, requestedLifetime(ctx) ?? DEFAULT_TTL_SEC),
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    ttl: {
      ClientCredentials: (_ctx: unknown, token: { resourceServer?: { accessTokenTTL?: number } }) =>
        token.resourceServer?.accessTokenTTL ?? DEFAULT_TTL_SEC,
    },
    formats: { customizers: { jwt: backdateExpiredTokens } },
  };
}

function requestedLifetime(ctx: LabKoaContext | undefined): number | undefined {
  // Token-endpoint extension parameter: oidc-provider drops unknown params but keeps the parsed body.
  const raw = ctx?.oidc?.body?.[EXPIRES_PARAM];
  return typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}

/** For a non-positive lifetime, shift iat and exp back together, as an AS with a slow clock would. */
function backdateExpiredTokens(ctx: LabKoaContext, _token: unknown, jwt: { payload: { iat: number; exp: number } }): void {
  const lifetime = requestedLifetime(ctx);
  if (lifetime === undefined || lifetime > 0) return;
  const shift = Math.floor(Date.now() / 1000) + lifetime - jwt.payload.exp;
  jwt.payload.iat += shift;
  jwt.payload.exp += shift;
}

/** Serves RFC 8414 metadata too (oidc-provider only serves the OIDC path) and the rotated JWKS when configured. */
function routeRequests(
  callback: (req: IncomingMessage, res: ServerResponse) => void,
  published?: { readonly keys: readonly JsonWebKey[] },
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.url === '/.well-known/oauth-authorization-server') req.url = '/.well-known/openid-configuration';
    if (published && req.method === 'GET' && req.url === '/jwks') {
      res.writeHead(200, { 'content-type': 'application/jwk-set+json; charset=utf-8' }).end(JSON.stringify(published));
      return;
    }
    callback(req, res);
  };
}

function rewriteJwksUri(uri: string) {
  return async (ctx: LabKoaContext, next: () => Promise<void>): Promise<void> => {
    await next();
    if (ctx.path === '/.well-known/openid-configuration' && ctx.body && typeof ctx.body === 'object') {
      (ctx.body as Record<string, unknown>).jwks_uri = uri;
    }
  };
}

/** Per-provider in-memory storage (also keeps oidc-provider from warning about its development adapter). */
function memoryAdapter(): new (model: string) => LabAdapter {
  const store = new Map<string, Record<string, unknown>>();
  return class implements LabAdapter {
    constructor(private readonly model: string) {}
    async upsert(id: string, payload: Record<string, unknown>): Promise<void> {
      store.set(`${this.model}:${id}`, payload);
    }
    async find(id: string): Promise<Record<string, unknown> | undefined> {
      return store.get(`${this.model}:${id}`);
    }
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }
    async findByUid(): Promise<undefined> {
      return undefined;
    }
    async consume(id: string): Promise<void> {
      const entry = store.get(`${this.model}:${id}`);
      if (entry) entry.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string): Promise<void> {
      store.delete(`${this.model}:${id}`);
    }
    async revokeByGrantId(): Promise<void> {}
  };
}
