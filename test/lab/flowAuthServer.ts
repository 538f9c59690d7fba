/**
 * The lab's authorization server for the interactive flow: a real oidc-provider issuing RS256 JWT
 * access tokens through the authorization-code grant with PKCE S256, RFC 8707 resource indicators,
 * RFC 9207 `iss` in responses, and oidc-provider's own development login and consent pages (any
 * login works). Each misconfiguration the flow must explain is one option.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type ProviderClass from 'oidc-provider';
import { type LabKoaContext } from 'oidc-provider';
import { generateSigningJwk } from './authServer';
import { closeServer, listenOn } from './net';

export interface FlowAuthServerOptions {
  /** Scopes the resource grants (default mcp:tools and the three tool scopes). */
  readonly scopes?: readonly string[];
  /** Dynamic Client Registration open to anonymous public clients (default true). */
  readonly dcr?: boolean;
  /** Registration needs an initial access token (anonymous DCR refused with 401). */
  readonly dcrRequiresToken?: boolean;
  /** An issuer with a path, e.g. "/tenant-a" (metadata at the RFC 8414 path-inserted URL). */
  readonly issuerPath?: string;
  /** Advertise RFC 9207 but drop `iss` from the redirect (a custom login page that rebuilds it). */
  readonly dropIssFromResponse?: boolean;
  /** No RFC 9207 at all: neither advertised nor sent (older authorization servers). */
  readonly noIssParameter?: boolean;
  /** Issue refresh tokens (default true). */
  readonly refreshTokens?: boolean;
  /** The only resources the AS accepts; others get invalid_target (default: any). */
  readonly acceptedResources?: readonly string[];
  /** Put this in `aud` instead of the requested resource (an AS configured for another audience). */
  readonly audience?: string;
  /** Advertise only "plain" as a PKCE method (a server without S256). */
  readonly noS256?: boolean;
  /** Change the advertised `issuer` (metadata copied from another deployment). */
  readonly advertisedIssuer?: string;
  /**
   * The loopback address to serve on (default 127.0.0.1). The e2e run uses 127.0.0.2: code-server
   * (like VS Code in any remote window) rewrites an env.openExternal URL on localhost/127.0.0.1 into
   * its port-forwarding proxy, which a real authorization server's host name never is.
   */
  readonly host?: string;
}

export interface FlowAuthServer {
  readonly issuer: string;
  readonly origin: string;
  /** A pre-registered public native client with a loopback redirect URI (any port). */
  readonly publicClientId: string;
  /** Every request path the AS received, in order ("POST /reg"). */
  readonly requests: string[];
  stop(): Promise<void>;
}

export const DEFAULT_FLOW_SCOPES = ['mcp:tools', 'customers:read', 'tickets:write', 'accounts:read'] as const;

type ProviderModule = { default: typeof ProviderClass; errors: { InvalidTarget: new () => Error } };
let providerModule: Promise<ProviderModule> | undefined;

function loadProvider(): Promise<ProviderModule> {
  providerModule ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!/Unsupported runtime|development|devInteractions/i.test(String(args[0]))) warn(...args);
    };
    try {
      return (await import('oidc-provider')) as unknown as ProviderModule;
    } finally {
      console.warn = warn;
    }
  })();
  return providerModule;
}

/** Starts the AS on plain http 127.0.0.1 (a loopback development setup the URL-fetch rule allows). */
export async function startFlowAuthServer(options: FlowAuthServerOptions = {}): Promise<FlowAuthServer> {
  const { default: Provider, errors } = await loadProvider();
  const requests: string[] = [];
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => void res.writeHead(503).end();
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url?.split('?')[0]}`);
    handler(req, res);
  });
  const host = options.host ?? '127.0.0.1';
  const port = await listenOn(server, 0, host);
  const origin = `http://${host}:${port}`;
  const path = options.issuerPath?.replace(/\/+$/, '') ?? '';
  const issuer = `${origin}${path}`;
  const publicClientId = 'mcp-doctor-public';
  const config = await configuration(options, publicClientId, errors.InvalidTarget);
  const provider = quietly(() => new Provider(issuer, config));
  (provider as unknown as { proxy: boolean }).proxy = false;
  provider.use(adjustResponses(options));
  const callback = provider.callback();
  handler = (req, res) => {
    rewriteWellKnown(req, path);
    if (path && req.url?.startsWith(`${path}/`)) {
      // Mounted under the issuer's path, as express's app.use(path, …) would.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = req.url.slice(path.length);
    }
    callback(req, res);
  };
  return { issuer, origin, publicClientId, requests, stop: () => closeServer(server) };
}

/** oidc-provider warns that its development login pages are on: they are, on purpose. */
function quietly<T>(make: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!/devInteractions|development-only/i.test(String(args[0]))) warn(...args);
  };
  try {
    return make();
  } finally {
    console.warn = warn;
  }
}

/** RFC 8414 metadata at /.well-known/oauth-authorization-server[/path]: oidc-provider serves only the OIDC path. */
function rewriteWellKnown(req: IncomingMessage, path: string): void {
  const url = req.url ?? '/';
  if (url === `/.well-known/oauth-authorization-server${path}`) req.url = `${path}/.well-known/openid-configuration`;
}

async function configuration(
  options: FlowAuthServerOptions,
  publicClientId: string,
  InvalidTarget: new () => Error,
): Promise<Record<string, unknown>> {
  const scopes = [...(options.scopes ?? DEFAULT_FLOW_SCOPES)];
  const refreshTokens = options.refreshTokens !== false;
  const grantTypes = refreshTokens ? ['authorization_code', 'refresh_token'] : ['authorization_code'];
  return {
    adapter: memoryAdapter(),
    jwks: { keys: [await generateSigningJwk('flow-key')] },
    clients: [
      {
        client_id: publicClientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: ['http://127.0.0.1/callback'],
        grant_types: grantTypes,
        response_types: ['code'],
      },
    ],
    clientDefaults: { grant_types: grantTypes, response_types: ['code'], token_endpoint_auth_method: 'none' },
    scopes,
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
    cookies: { keys: [randomBytes(16).toString('hex')] },
    pkce: { required: () => true },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      refreshTokens && client.grantTypeAllowed('refresh_token'),
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: options.dcr !== false, initialAccessToken: options.dcrRequiresToken === true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: LabKoaContext, resource: string) => {
          if (options.acceptedResources && !options.acceptedResources.includes(resource)) throw new InvalidTarget();
          return {
            scope: scopes.join(' '),
            audience: options.audience ?? resource,
            accessTokenTTL: 600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, RefreshToken: 3600, Grant: 3600, Session: 3600, Interaction: 600 },
  };
}

interface KoaLike extends LabKoaContext {
  status: number;
  response: { get(name: string): string };
  set(name: string, value: string): void;
}

/** The misconfigurations that live in responses: metadata edits and the iss-less redirect. */
function adjustResponses(options: FlowAuthServerOptions) {
  return async (raw: LabKoaContext, next: () => Promise<void>): Promise<void> => {
    await next();
    const ctx = raw as KoaLike;
    if (ctx.path.endsWith('/.well-known/openid-configuration') && ctx.body && typeof ctx.body === 'object') {
      const doc = ctx.body as Record<string, unknown>;
      if (options.noS256) doc.code_challenge_methods_supported = ['plain'];
      if (options.advertisedIssuer) doc.issuer = options.advertisedIssuer;
      if (options.noIssParameter) delete doc.authorization_response_iss_parameter_supported;
    }
    if ((options.dropIssFromResponse || options.noIssParameter) && ctx.status >= 300 && ctx.status < 400) {
      const location = ctx.response.get('location');
      if (/^http:\/\/127\.0\.0\.1:\d+\/callback\?/.test(location)) {
        const url = new URL(location);
        url.searchParams.delete('iss');
        ctx.set('location', url.href);
      }
    }
  };
}

/** In-memory storage with the lookups devInteractions needs (by uid for sessions). */
function memoryAdapter() {
  const store = new Map<string, Record<string, unknown>>();
  const byUid = new Map<string, string>();
  return class {
    constructor(private readonly model: string) {}
    async upsert(id: string, payload: Record<string, unknown>): Promise<void> {
      store.set(`${this.model}:${id}`, payload);
      if (typeof payload.uid === 'string') byUid.set(`${this.model}:${payload.uid}`, id);
    }
    async find(id: string) {
      return store.get(`${this.model}:${id}`);
    }
    async findByUid(uid: string) {
      const id = byUid.get(`${this.model}:${uid}`);
      return id ? store.get(`${this.model}:${id}`) : undefined;
    }
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }
    async consume(id: string): Promise<void> {
      const entry = store.get(`${this.model}:${id}`);
      if (entry) entry.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string): Promise<void> {
      store.delete(`${this.model}:${id}`);
    }
    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [key, value] of store) if (value.grantId === grantId) store.delete(key);
    }
  };
}
