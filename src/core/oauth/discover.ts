import { checkAuthorizationServer, checkProtectedResource, findAuthorizationServer } from '../auth/discovery';
import { isPlainObject } from '../json/parse';
import { type AuthorizationServerInfo, type ProtectedResourceInfo } from '../auth/types';
import { bearerChallenge, parseWwwAuthenticate, type BearerChallenge } from '../auth/wwwAuthenticate';
import { makeFinding } from '../findings/finding';
import { type FlowContext } from './context';
import { initializeMessage, mcpHeaders } from './use';
import { type PrmUrlCheck } from './types';

export interface ChallengeStep {
  readonly status?: number;
  readonly bearer?: BearerChallenge;
  /** resource_metadata resolved to an absolute URL (also when the server sent a relative one). */
  readonly resourceMetadataUrl?: URL;
}

/** Step 1: an unauthenticated initialize; the 401's WWW-Authenticate says where to go. */
export async function askUnauthenticated(ctx: FlowContext): Promise<ChallengeStep> {
  const sent = await ctx.send(
    'challenge',
    { method: 'POST', url: ctx.options.url, headers: mcpHeaders(), body: initializeMessage(1) },
    false,
  );
  if ('failure' in sent) return {};
  const { result, index } = sent;
  const header = result.headers['www-authenticate'];
  const parsed = header ? parseWwwAuthenticate(header) : undefined;
  const bearer = parsed ? bearerChallenge(parsed) : undefined;
  if (result.status !== 401) {
    ctx.judge(
      index,
      result.status < 300 ? 'the server answered without a token: no sign-in needed' : `expected 401, got ${result.status}`,
      result.status < 300,
    );
    return { status: result.status, bearer };
  }
  if (!bearer) {
    ctx.judge(index, '401 without a Bearer challenge', false);
    ctx.add(
      makeFinding('AUTH_CHALLENGE_MISSING', {
        status: 401,
        missing: header ? 'bearer' : 'header',
        schemes: parsed?.challenges.map((c) => c.scheme) ?? [],
      }),
      index,
    );
    return { status: 401 };
  }
  const resourceMetadataUrl = resolveResourceMetadata(ctx, bearer.resourceMetadata, index);
  ctx.judge(
    index,
    `401 Bearer${bearer.scope ? ` scope="${bearer.scope}"` : ''}${bearer.resourceMetadata ? ' with resource_metadata' : ' without resource_metadata'}`,
    true,
  );
  return { status: 401, bearer, resourceMetadataUrl };
}

function resolveResourceMetadata(ctx: FlowContext, value: string | undefined, index: number): URL | undefined {
  if (!value) return undefined;
  if (URL.canParse(value)) return new URL(value);
  if (!URL.canParse(value, ctx.options.url.href)) return undefined;
  const absolute = new URL(value, ctx.options.url);
  ctx.add(makeFinding('OAUTH_RESOURCE_METADATA_RELATIVE', { value, absolute: absolute.href }), index);
  return absolute;
}

/**
 * Step 2: the protected resource metadata at all three URLs clients use (the challenge's, the
 * path-inserted well-known one, the root one), so the report can say which work. The first that
 * works, in the spec's order, is used.
 */
export async function findResourceMetadata(
  ctx: FlowContext,
  challenge: ChallengeStep,
): Promise<{ prm?: ProtectedResourceInfo; checks: PrmUrlCheck[] }> {
  const checks: PrmUrlCheck[] = [];
  let prm: ProtectedResourceInfo | undefined;
  for (const { url, kind } of prmCandidates(ctx.options.url, challenge.resourceMetadataUrl)) {
    const fetched = await ctx.fetchDocument('resource-metadata', url, `protected resource metadata (${kind})`);
    const doc = fetched.json;
    const works = isPlainObject(doc) && Array.isArray(doc.authorization_servers) && doc.authorization_servers.length > 0;
    checks.push({ url: url.href, kind, works, outcome: fetched.attempts.at(-1)?.outcome ?? 'no answer' });
    if (works && !prm) prm = prmInfo(fetched.finalUrl ?? url.href, doc);
  }
  const working = checks.filter((c) => c.works);
  if (working.length === 0) {
    ctx.add(
      makeFinding('AUTH_PRM_MISSING', {
        resource: ctx.options.url.href,
        tried: checks.map((c) => c.url),
        wellKnown: checks.find((c) => c.kind === 'path-inserted')?.url,
      }),
    );
  } else if (working.length < checks.length) {
    const failing = checks.filter((c) => !c.works);
    const pathInserted = pathInsertedUrl(ctx.options.url);
    // The challenge URL is often the path-inserted one itself: then both kinds of client miss it.
    const failingKinds = [
      ...new Set(failing.flatMap((c) => (c.url === pathInserted && c.kind === 'challenge' ? ['challenge', 'path-inserted'] : [c.kind]))),
    ];
    ctx.add(
      makeFinding('OAUTH_PRM_PARTIAL', {
        working: working.map((c) => c.url),
        failing: failing.map((c) => `${c.url} (${c.outcome})`),
        all: checks.map((c) => c.url),
        failingKinds,
      }),
    );
  }
  if (prm) for (const f of checkProtectedResource(prm, ctx.options.url.href)) ctx.add(f);
  return { prm, checks };
}

function pathInsertedUrl(mcpUrl: URL): string | undefined {
  const path = mcpUrl.pathname.replace(/\/+$/, '');
  return path === '' ? undefined : new URL(`/.well-known/oauth-protected-resource${path}`, mcpUrl.origin).href;
}

function prmCandidates(mcpUrl: URL, fromChallenge: URL | undefined): { url: URL; kind: PrmUrlCheck['kind'] }[] {
  const out: { url: URL; kind: PrmUrlCheck['kind'] }[] = [];
  const add = (url: URL, kind: PrmUrlCheck['kind']) => {
    if (!out.some((c) => c.url.href === url.href)) out.push({ url, kind });
  };
  if (fromChallenge) add(fromChallenge, 'challenge');
  const pathInserted = pathInsertedUrl(mcpUrl);
  if (pathInserted) add(new URL(pathInserted), 'path-inserted');
  add(new URL('/.well-known/oauth-protected-resource', mcpUrl.origin), 'root');
  return out;
}

function prmInfo(url: string, doc: Record<string, unknown>): ProtectedResourceInfo {
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').slice(0, 50) : undefined);
  return {
    url,
    resource: typeof doc.resource === 'string' ? doc.resource : undefined,
    authorizationServers: strings(doc.authorization_servers) ?? [],
    scopesSupported: strings(doc.scopes_supported),
    bearerMethodsSupported: strings(doc.bearer_methods_supported),
  };
}

/**
 * Step 3: the authorization server's metadata (RFC 8414, then OpenID Connect, in the spec's
 * path-aware order), then what a client must refuse: an issuer that is not exactly the one asked,
 * no PKCE S256. Returns undefined when the flow cannot go on.
 */
export async function findAuthorizationServerMetadata(
  ctx: FlowContext,
  prm: ProtectedResourceInfo,
): Promise<AuthorizationServerInfo | undefined> {
  const issuer = prm.authorizationServers[0];
  if (!issuer) return undefined;
  const attempts: Parameters<typeof findAuthorizationServer>[2] = [];
  const findings: Parameters<typeof findAuthorizationServer>[3] = [];
  const started = performance.now();
  const as = await findAuthorizationServer(issuer, fetchOptions(ctx), attempts, findings);
  const each = Math.round((performance.now() - started) / Math.max(1, attempts.length));
  let index: number | undefined;
  for (const a of attempts) {
    index = ctx.record({
      step: 'as-metadata',
      method: 'GET',
      url: a.url,
      status: a.status,
      errorCode: a.errorCode,
      verdict: `${a.purpose}: ${a.outcome}`,
      ok: a.outcome === 'ok',
      durationMs: each,
    });
  }
  for (const f of findings) ctx.add(f, index);
  if (!as) return undefined;
  for (const f of checkAuthorizationServer(as)) {
    // The JWKS is only needed to verify the token here; its absence is reported, not fatal.
    ctx.add(f, index);
  }
  return as;
}

function fetchOptions(ctx: FlowContext) {
  return { http: ctx.deps.http, tls: ctx.tlsFor, signal: ctx.signal, timeoutMs: ctx.requestTimeoutMs, guard: ctx.guard };
}
