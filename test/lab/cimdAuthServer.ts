/**
 * A small authorization server written from the specs, for what oidc-provider lacks: Client ID
 * Metadata Documents (MCP authorization 2025-11-25 "Client ID Metadata Documents",
 * draft-ietf-oauth-client-id-metadata-document). RFC 8414 metadata advertising
 * `client_id_metadata_document_supported`, S256 only and RFC 9207 `iss`; an authorize endpoint that
 * fetches the document a URL client_id names (https, bounded, no redirects), checks its `client_id`
 * is exactly that URL and the `redirect_uri` is one it lists, and auto-approves (no login page); a
 * token endpoint checking PKCE S256 and `resource` (RFC 8707) that issues RS256 JWT access tokens
 * with `aud` = the resource; a JWKS. The client's side, the documents themselves, are served over
 * https by a second server with the lab's private CA, as a client's web host would.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { generateSigningJwk, publicJwk } from './authServer';
import { closeServer, listenOn } from './net';
import { createLeaf, createRootCa } from './pki';

export interface CimdAuthServerOptions {
  /** Advertise client_id_metadata_document_supported: true (default true). */
  readonly advertiseCimd?: boolean;
  /** Accept https URLs as client ids (default: as advertised). */
  readonly acceptUrlClientIds?: boolean;
  /** Scopes the AS grants (default mcp:tools). */
  readonly scopes?: readonly string[];
}

export interface CimdAuthServer {
  /** http://127.0.0.1:<port> (a loopback development AS, as the flow lab's). */
  readonly issuer: string;
  /** The root CA (PEM) of the https host serving the client metadata documents. */
  readonly caPem: string;
  /** https://127.0.0.1:<port>/clients/<name>.json */
  documentUrl(name: string): string;
  /** Serves `body` (JSON-encoded) at documentUrl(name). */
  setDocument(name: string, body: unknown): void;
  /** Document URLs the AS fetched, in order. */
  readonly documentFetches: string[];
  /** Why the AS refused an authorization request without redirecting (unknown client, bad document). */
  readonly refusals: string[];
  stop(): Promise<void>;
}

const DOCUMENT_MAX_BYTES = 16 * 1024;
const DOCUMENT_TIMEOUT_MS = 5_000;
const FORM_MAX_BYTES = 16 * 1024;
const CODE_TTL_MS = 60_000;
const TOKEN_TTL_SEC = 600;

interface PendingCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly challenge: string;
  readonly resource: string;
  readonly scope: string;
  readonly expires: number;
}

export async function startCimdAuthServer(options: CimdAuthServerOptions = {}): Promise<CimdAuthServer> {
  const dir = await mkdtemp(join(tmpdir(), 'mcp-doctor-cimd-'));
  const ca = await createRootCa(dir, { name: 'cimd-root', commonName: 'MCP Doctor CIMD lab root' });
  const leaf = await createLeaf(dir, ca, { name: 'cimd-host' });
  const documents = new Map<string, string>();
  const host = createHttpsServer({ cert: leaf.certPem, key: leaf.keyPem }, (req, res) => {
    const body = req.method === 'GET' ? documents.get(req.url ?? '') : undefined;
    if (body === undefined) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}');
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' }).end(body);
  });
  const hostPort = await listenOn(host as unknown as Server, 0, '127.0.0.1');

  const jwk = await generateSigningJwk('cimd-key');
  const signingKey = await importJWK(jwk, 'RS256');
  const scopes = [...(options.scopes ?? ['mcp:tools'])];
  const advertise = options.advertiseCimd !== false;
  const acceptUrls = options.acceptUrlClientIds ?? advertise;
  const codes = new Map<string, PendingCode>();
  const documentFetches: string[] = [];
  const refusals: string[] = [];

  const as = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"server_error"}');
    });
  });
  const port = await listenOn(as, 0, '127.0.0.1');
  const issuer = `http://127.0.0.1:${port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/oauth-authorization-server') return json(res, 200, metadata());
    if (req.method === 'GET' && url.pathname === '/jwks') return json(res, 200, { keys: [publicJwk(jwk)] });
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url.searchParams, res);
    if (req.method === 'POST' && url.pathname === '/token') return token(await readForm(req), res);
    json(res, 404, { error: 'not_found' });
  }

  function metadata(): Record<string, unknown> {
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['none'],
      scopes_supported: scopes,
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: advertise,
    };
  }

  /** RFC 6749 §4.1.2.1: with an unknown client or an untrusted redirect URI, never redirect. */
  function refuse(res: ServerResponse, reason: string): void {
    refusals.push(reason);
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`authorization request refused: ${reason}`);
  }

  async function authorize(params: URLSearchParams, res: ServerResponse): Promise<void> {
    const clientId = params.get('client_id') ?? '';
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!URL.canParse(clientId) || new URL(clientId).protocol !== 'https:') return refuse(res, 'unknown client_id');
    if (!acceptUrls) return refuse(res, 'client_id is a URL, and this server does not support client ID metadata documents');
    const doc = await fetchDocument(clientId);
    if (typeof doc === 'string') return refuse(res, doc);
    if (doc.client_id !== clientId) return refuse(res, 'the document client_id is not its URL');
    const listed = Array.isArray(doc.redirect_uris) ? doc.redirect_uris.filter((u): u is string => typeof u === 'string') : [];
    if (!listed.some((u) => redirectMatches(u, redirectUri))) return refuse(res, 'redirect_uri is not listed in the document');
    const back = (extra: Record<string, string>) => {
      const target = new URL(redirectUri);
      for (const [k, v] of Object.entries({ ...extra, state: params.get('state') ?? '', iss: issuer }))
        if (v) target.searchParams.set(k, v);
      res.writeHead(302, { location: target.href, 'cache-control': 'no-store' }).end();
    };
    if (params.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
    const challenge = params.get('code_challenge') ?? '';
    if (params.get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(challenge))
      return back({ error: 'invalid_request', error_description: 'PKCE S256 is required' });
    const resource = params.get('resource') ?? '';
    if (!URL.canParse(resource) || new URL(resource).hash) return back({ error: 'invalid_target' });
    const scope = (params.get('scope') ?? scopes.join(' ')).split(/\s+/).filter(Boolean);
    if (scope.some((s) => !scopes.includes(s))) return back({ error: 'invalid_scope' });
    const code = randomBytes(24).toString('base64url');
    codes.set(code, { clientId, redirectUri, challenge, resource, scope: scope.join(' '), expires: Date.now() + CODE_TTL_MS });
    back({ code });
  }

  /** GET over https, trusting only the lab CA, no redirects, bounded in time and size. */
  function fetchDocument(url: string): Promise<Record<string, unknown> | string> {
    documentFetches.push(url);
    return new Promise((resolve) => {
      const req = httpsGet(url, { ca: ca.certPem, timeout: DOCUMENT_TIMEOUT_MS, headers: { accept: 'application/json' } }, (answer) => {
        if (answer.statusCode !== 200) {
          answer.resume();
          return resolve(`the document answered ${answer.statusCode}`);
        }
        const chunks: Buffer[] = [];
        let size = 0;
        answer.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > DOCUMENT_MAX_BYTES) {
            req.destroy();
            return resolve('the document is too large');
          }
          chunks.push(chunk);
        });
        answer.on('end', () => {
          try {
            const value = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
            resolve(value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'not a JSON object');
          } catch {
            resolve('the document is not JSON');
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (err: NodeJS.ErrnoException) => resolve(`the document could not be fetched (${err.code ?? err.message})`));
    });
  }

  async function token(form: URLSearchParams | undefined, res: ServerResponse): Promise<void> {
    const fail = (error: string, description?: string) => json(res, 400, { error, error_description: description });
    if (!form) return fail('invalid_request', 'unreadable form body');
    if (form.get('grant_type') !== 'authorization_code') return fail('unsupported_grant_type');
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code);
    if (!pending || pending.expires < Date.now()) return fail('invalid_grant', 'unknown or expired code');
    if (form.get('client_id') !== pending.clientId) return fail('invalid_grant', 'client_id differs from the authorization request');
    if (form.get('redirect_uri') !== pending.redirectUri)
      return fail('invalid_grant', 'redirect_uri differs from the authorization request');
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge)
      return fail('invalid_grant', 'PKCE verification failed');
    const resource = form.get('resource');
    if (resource !== null && resource !== pending.resource)
      return fail('invalid_target', 'resource differs from the authorization request');
    const accessToken = await new SignJWT({ scope: pending.scope, client_id: pending.clientId })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience(pending.resource)
      .setSubject('lab-user')
      .setIssuedAt()
      .setExpirationTime(`${TOKEN_TTL_SEC}s`)
      .setJti(randomBytes(12).toString('base64url'))
      .sign(signingKey);
    json(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: TOKEN_TTL_SEC, scope: pending.scope });
  }

  return {
    issuer,
    caPem: ca.certPem,
    documentUrl: (name) => `https://127.0.0.1:${hostPort}/clients/${name}.json`,
    setDocument: (name, body) => void documents.set(`/clients/${name}.json`, JSON.stringify(body)),
    documentFetches,
    refusals,
    stop: async () => {
      await Promise.all([closeServer(as), closeServer(host as unknown as Server)]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Exact string comparison (RFC 3986 §6.2.1), except that a loopback IP redirect URI matches on any
 * port (RFC 8252 §7.3, OAuth 2.1): native clients listen on whatever port is free.
 */
export function redirectMatches(listed: string, requested: string): boolean {
  if (listed === requested) return true;
  if (!URL.canParse(listed) || !URL.canParse(requested)) return false;
  const a = new URL(listed);
  const b = new URL(requested);
  const loopbackIp = a.hostname === '127.0.0.1' || a.hostname === '[::1]';
  return (
    loopbackIp &&
    a.protocol === 'http:' &&
    b.protocol === 'http:' &&
    a.hostname === b.hostname &&
    a.pathname === b.pathname &&
    a.search === b.search
  );
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > FORM_MAX_BYTES) {
        req.destroy();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', () => resolve(undefined));
  });
}
