import { type AuthorizationServerInfo, type ProtectedResourceInfo } from '../auth/types';
import { canonicalResource, sdkAcceptsResource } from '../auth/urls';
import { makeFinding } from '../findings/finding';
import { fetchJwks } from '../jwt/jwks';
import { type TokenSummary } from '../jwt/types';
import { verifyToken } from '../jwt/verify';
import { authorize } from './authorize';
import { FlowContext } from './context';
import { askUnauthenticated, findAuthorizationServerMetadata, findResourceMetadata } from './discover';
import { identityProviderOf } from './idp';
import { startLoopbackListener } from './loopback';
import { redactExchange, redactFlow } from './redaction';
import { registerClient, type Client } from './register';
import { exchangeCode, refresh, type Tokens } from './token';
import { useToken, type UseOutcome } from './use';
import { type FlowDeps, type FlowOptions, type FlowResult, type FlowStepName, type OAuthFlowReport } from './types';

const DEFAULT_CALLBACK_MS = 5 * 60_000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Mutable<Omit<OAuthFlowReport, 'exchanges' | 'timing'>>;

/** Everything the flow learned that later steps need (never reported as is). */
interface Session {
  readonly ctx: FlowContext;
  readonly draft: Draft;
  readonly resource: string;
  prm?: ProtectedResourceInfo;
  as?: AuthorizationServerInfo;
  client?: Client;
  redirectPort?: number;
  tokens?: Tokens;
}

/**
 * The MCP authorization flow, run as a client would and explained step by step (issue 17 steps
 * 1-8): challenge, protected resource metadata, AS metadata, registration, authorization in the
 * browser, the code for a token, the token checked and used, one step-up round, one refresh.
 * A plain library: the browser opener, loopback listener, transport and clock are injected.
 * Never throws; the report and findings are redacted, the token is returned only to the caller.
 */
export async function runAuthorizationFlow(options: FlowOptions, deps: FlowDeps): Promise<FlowResult> {
  const ctx = new FlowContext(deps, options);
  const started = performance.now();
  const session: Session = { ctx, draft: { resource: canonicalResource(options.url) }, resource: canonicalResource(options.url) };
  try {
    const stoppedAt = await run(session);
    if (stoppedAt) session.draft.stoppedAt = stoppedAt;
  } catch (err) {
    ctx.add(makeFinding('INTERNAL_ERROR', { step: 'auth', message: err instanceof Error ? err.message.slice(0, 200) : '' }));
    session.draft.stoppedAt = 'use';
  }
  const exchangesMs = ctx.exchanges.reduce((sum, e) => sum + e.durationMs, 0);
  const report: OAuthFlowReport = {
    ...session.draft,
    exchanges: ctx.exchanges,
    timing: { totalMs: Math.round(performance.now() - started), exchangesMs, waitingForUserMs: Math.round(ctx.waitingForUserMs) },
  };
  const secrets = [...ctx.secrets];
  return {
    report: { ...redactFlow(report, secrets), exchanges: report.exchanges.map((e) => redactExchange(e, secrets)) },
    findings: redactFlow(ctx.findings, secrets),
    accessToken: session.draft.stoppedAt ? undefined : session.tokens?.accessToken,
    refreshToken: session.draft.stoppedAt ? undefined : session.tokens?.refreshToken,
    expiresAt: session.draft.stoppedAt ? undefined : session.tokens?.expiresAt,
    client:
      session.draft.stoppedAt || !session.client
        ? undefined
        : { clientId: session.client.clientId, clientSecret: session.client.clientSecret, authMethod: session.client.authMethod },
  };
}

/** Runs the steps in order; returns the step the flow stopped at, or undefined when it completed. */
async function run(s: Session): Promise<FlowStepName | undefined> {
  const { ctx, draft } = s;
  const challenge = await askUnauthenticated(ctx);
  if (challenge.status !== 401) {
    if (challenge.status !== undefined && challenge.status < 300)
      ctx.add(makeFinding('AUTH_NOT_REQUIRED', { url: ctx.options.url.href, status: challenge.status }));
    else
      stop(
        ctx,
        'challenge',
        challenge.status === undefined ? 'the MCP server did not answer' : `the server answered ${challenge.status} instead of 401`,
        'Run mcp-doctor diagnose URL to see why the server does not answer with 401 and a Bearer challenge.',
      );
    return 'challenge';
  }
  const { prm, checks } = await findResourceMetadata(ctx, challenge);
  draft.prmUrls = checks;
  draft.protectedResource = prm;
  if (!prm) return 'resource-metadata';
  s.prm = prm;
  const as = await findAuthorizationServerMetadata(ctx, prm);
  draft.authorizationServer = as;
  // Clients must refuse an issuer that is not exactly the one asked, and an AS without S256.
  if (!as || ctx.findings.some((f) => f.code === 'AUTH_AS_ISSUER_MISMATCH' || f.code === 'AUTH_AS_NO_PKCE_S256')) return 'as-metadata';
  s.as = as;
  if (as.grantTypesSupported && !as.grantTypesSupported.includes('authorization_code')) {
    stop(
      ctx,
      'as-metadata',
      `the authorization server lists grant_types_supported ${JSON.stringify(as.grantTypesSupported)}, without authorization_code`,
      'Enable the authorization-code grant with PKCE on the authorization server: MCP clients sign users in with it.',
    );
    return 'as-metadata';
  }
  const scopes = ctx.options.scopes?.length
    ? [...ctx.options.scopes]
    : challenge.bearer?.scope
      ? challenge.bearer.scope.split(/\s+/).filter(Boolean)
      : [...(prm.scopesSupported ?? [])];
  const first = await signIn(s, scopes);
  if (typeof first === 'string') return first;
  return useAndStepUp(s, scopes);
}

/** Steps 4-7 once: listener, registration (first round only), browser, callback, token, checks. */
async function signIn(s: Session, scopes: readonly string[]): Promise<FlowStepName | Tokens> {
  const { ctx, draft, as } = s;
  const listener = await (ctx.deps.listen ?? startLoopbackListener)({
    signal: ctx.signal,
    timeoutMs: ctx.options.callbackTimeoutMs ?? DEFAULT_CALLBACK_MS,
    port: s.redirectPort,
  });
  s.redirectPort = Number(new URL(listener.redirectUri).port);
  try {
    draft.redirectUri = listener.redirectUri;
    s.client ??= await registerClient(ctx, as!, listener.redirectUri);
    if (!s.client) return 'registration';
    draft.registration = s.client.kind;
    draft.clientId = s.client.clientId;
    draft.scopesRequested = scopes;
    const grant = await authorize(ctx, as!, s.client, listener, s.resource, scopes);
    if (!grant) return ctx.exchanges.some((e) => e.step === 'callback') ? 'callback' : 'authorization';
    const tokens = await exchangeCode(
      ctx,
      as!,
      s.client,
      { code: grant.code, verifier: grant.pkce.verifier, redirectUri: listener.redirectUri },
      s.resource,
    );
    if (!tokens) return 'token';
    s.tokens = tokens;
    draft.scopesGranted = tokens.scope;
    draft.token = await checkToken(s, tokens.accessToken, scopes);
    return tokens;
  } finally {
    listener.close();
  }
}

/** The existing verification: signature against the AS's JWKS, iss, aud = the resource, scopes. */
async function checkToken(s: Session, token: string, scopes: readonly string[]): Promise<TokenSummary | undefined> {
  const { ctx, as, prm } = s;
  const jwksUrl = as?.jwksUri && URL.canParse(as.jwksUri) ? new URL(as.jwksUri) : undefined;
  const fetchStarted = performance.now();
  const jwks = jwksUrl
    ? await fetchJwks(jwksUrl, {
        http: ctx.deps.http,
        tls: ctx.tlsFor,
        signal: ctx.signal,
        timeoutMs: ctx.requestTimeoutMs,
        guard: ctx.guard,
      })
    : undefined;
  // The fetch's time, shared by its attempts (redirect hops): the report's exchange time includes the JWKS.
  const each = Math.round((performance.now() - fetchStarted) / Math.max(1, jwks?.attempts.length ?? 1));
  let jwksIndex: number | undefined;
  for (const a of jwks?.attempts ?? []) {
    jwksIndex = ctx.record({
      step: 'jwks',
      method: 'GET',
      url: a.url,
      status: a.status,
      errorCode: a.errorCode,
      verdict: `JWKS: ${a.outcome}`,
      ok: a.outcome === 'ok',
      durationMs: each,
    });
  }
  for (const f of jwks?.findings ?? []) if (f.severity === 'error') ctx.add(f, jwksIndex);
  const audience = prm?.resource && sdkAcceptsResource(s.resource, prm.resource) ? prm.resource : s.resource;
  const verification = await verifyToken(token, {
    keySource: jwks?.jwks ? { jwks: jwks.jwks, jwksUrl: jwks.url } : undefined,
    issuer: as?.issuer,
    audience,
    requiredScopes: scopes,
    clock: ctx.clock,
    signal: ctx.signal,
    timeoutMs: ctx.requestTimeoutMs,
  });
  const tokenIndex = ctx.exchanges.findLastIndex((e) => e.step === 'token' || e.step === 'refresh');
  for (const f of verification.findings) if (!f.code.startsWith('JWKS_')) ctx.add(f, tokenIndex);
  const idp = identityProviderOf(as?.issuer);
  if (idp && verification.audienceMatch === false) {
    ctx.add(
      makeFinding('OAUTH_IDP_AUDIENCE', { ...idp, issuer: as?.issuer, aud: verification.claims?.aud, resource: s.resource }),
      tokenIndex,
    );
  }
  const { kind, length, fingerprint, header, claims, verified, issuerMatch, audienceMatch, scopesGranted, scopesRequired, expiresAt } =
    verification;
  return { kind, length, fingerprint, header, claims, verified, issuerMatch, audienceMatch, scopesGranted, scopesRequired, expiresAt };
}

/** Step 8: use the token; on 403 insufficient_scope one step-up round with the union; then one refresh. */
async function useAndStepUp(s: Session, scopes: readonly string[]): Promise<FlowStepName | undefined> {
  const { ctx, draft } = s;
  let outcome: UseOutcome = await useToken(ctx, s.tokens!.accessToken);
  if (outcome.kind === 'insufficient-scope') {
    const union = [...new Set([...scopes, ...outcome.scope])];
    const challengeScope = outcome.scope.join(' ');
    draft.stepUp = true;
    const again = await signIn(s, union);
    if (typeof again === 'string') return again;
    outcome = await useToken(ctx, again.accessToken, 'step-up');
    ctx.add(
      makeFinding(
        'OAUTH_STEP_UP',
        { challengeScope, scopes: union.join(' '), ok: outcome.kind === 'ok' },
        outcome.kind === 'ok' ? {} : { severity: 'error' },
      ),
    );
  }
  if (outcome.kind !== 'ok') {
    if (outcome.kind === 'failed')
      stop(
        ctx,
        'use',
        `the server refused the new token (${outcome.status ?? outcome.error ?? 'no answer'})`,
        'See the token findings above: the server checks something (audience, issuer, scopes, keys) the authorization server does not put in its tokens.',
      );
    return 'use';
  }
  draft.tools = outcome.tools;
  await tryRefresh(s);
  ctx.add(
    makeFinding('OAUTH_FLOW_OK', {
      issuer: s.as?.issuer,
      registration: draft.registration,
      toolCount: outcome.tools.length,
      tools: outcome.tools.slice(0, 20),
    }),
  );
  return undefined;
}

async function tryRefresh(s: Session): Promise<void> {
  const { ctx, draft, tokens } = s;
  if (ctx.options.tryRefresh === false || !tokens?.refreshToken || !s.as || !s.client) return;
  const before = claimsOf(tokens.accessToken);
  const refreshed = await refresh(ctx, s.as, s.client, tokens.refreshToken, s.resource);
  if (!refreshed) return;
  const after = claimsOf(refreshed.accessToken);
  const audienceKept = JSON.stringify(before?.aud) === JSON.stringify(after?.aud);
  draft.refreshed = true;
  if (before && after && !audienceKept) {
    ctx.add(
      makeFinding('OAUTH_REFRESH_FAILED', {
        resource: s.resource,
        problem: `has aud ${JSON.stringify(after.aud)} instead of ${JSON.stringify(before.aud)}`,
      }),
    );
    return;
  }
  ctx.add(makeFinding('OAUTH_REFRESH_OK', { resource: s.resource, audienceKept: before !== undefined && audienceKept }));
  s.tokens = { ...refreshed, refreshToken: refreshed.refreshToken ?? tokens.refreshToken };
}

function claimsOf(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function stop(ctx: FlowContext, step: FlowStepName, reason: string, fix: string): void {
  ctx.add(makeFinding('OAUTH_FLOW_STOPPED', { step, reason, fix }));
}
