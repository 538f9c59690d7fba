import { type DiagnosisState } from '../state';
import { makeFinding, withSeverity, type Finding } from '../../findings/finding';
import { type HttpClient, withHttpClient } from '../../http/client';
import { phaseTimeouts } from './mcp';
import { fetchJwks } from '../../jwt/jwks';
import { type JwksFetchResult, type TokenVerification } from '../../jwt/types';
import { verifyToken } from '../../jwt/verify';
import { type Step, type StepContext } from '../../pipeline/types';
import { httpTlsOptions } from './tlsOptions';
import { analyzeChallenge, unauthenticatedAnswer } from '../../auth/challenge';
import { discoverAuthorization, type DiscoveryResult } from '../../auth/discovery';
import { type FetchOptions } from '../../http/fetchDocument';
import { type UrlGuard } from '../../http/urlGuard';
import { authOptionsOf, type AuthOptions } from '../../auth/options';
import { runAuthProbes } from '../../auth/probes';
import { type AuthExpectations, type AuthReport, type TokenReport } from '../../auth/types';
import { canonicalResource, parseUrl, sdkAcceptsResource } from '../../auth/urls';

/**
 * OAuth discovery (RFC 9728, RFC 8414 / OIDC), the JWKS, the user's token, and whether the server
 * really enforces auth. Runs after the MCP step and reuses its token-less 401 when there is one.
 */
export const authStep: Step<DiagnosisState> = {
  name: 'auth',
  label: 'OAuth discovery, JWKS and token checks',
  skipReason: (state) => (unreachable(state) && state.input.token === undefined ? 'the MCP endpoint did not answer' : undefined),
  run: (ctx) => withHttpClient(ctx.state.input.http, (http) => runAuthChecks(ctx, http)),
};

interface Run {
  readonly ctx: StepContext<DiagnosisState>;
  readonly http: HttpClient;
  readonly url: URL;
  readonly resource: string;
  readonly options: AuthOptions;
  readonly requestTimeoutMs: number;
  /** The MCP step's connect deadline: requests with the same TLS options and deadline share connections. */
  readonly connectMs?: number;
  /** The URL-fetch rule for every URL the server or its authorization server names. */
  readonly guard: UrlGuard;
  report: AuthReport;
}

function unreachable(state: DiagnosisState): boolean {
  return state.mcp !== undefined && !state.mcp.reached && !state.mcp.unauthorized;
}

async function runAuthChecks(ctx: StepContext<DiagnosisState>, http: HttpClient): Promise<void> {
  const url = endpointOf(ctx.state);
  // The resource identity is what the user configured; requests go where the server really answers.
  const run: Run = {
    ctx,
    http,
    url,
    resource: canonicalResource(ctx.state.input.url),
    options: authOptionsOf(ctx.state.input.auth),
    requestTimeoutMs: Math.max(1000, Math.floor(ctx.timeoutMs / 3)),
    connectMs: phaseTimeouts(ctx.timeoutMs).connectMs,
    guard: { serverUrl: ctx.state.input.url, lookup: ctx.state.input.auth?.lookup },
    report: { urlsTried: [] },
  };
  // With no server to ask, the token can still be read: expiry, claims, and that it is unverified.
  if (unreachable(ctx.state)) return void (await checkToken(run, undefined, expectations(run, { attempts: [], findings: [] }, undefined)));
  const answer = await unauthenticatedAnswer(ctx.state, url, {
    http,
    tls: httpTlsOptions(ctx.state, url),
    signal: ctx.signal,
    timeoutMs: run.requestTimeoutMs,
    connectMs: run.connectMs,
  });
  const challenge = analyzeChallenge(answer);
  update(run, {
    challenge: answer.wwwAuthenticate?.slice(0, 2048),
    unauthenticatedStatus: answer.status,
    bearer: challenge.bearer,
    challengeProblems: challenge.problems.length ? challenge.problems : undefined,
  });
  const open = answer.status !== undefined && answer.status >= 200 && answer.status < 300;
  if (!open && answer.status !== 401 && answer.status !== 403) return; // the MCP step explains other answers
  const discovery = await discoverAuthorization({
    resource: run.resource,
    resourceMetadataUrl: challenge.bearer?.resourceMetadata,
    fetch: fetchOptions(run),
  });
  update(run, {
    protectedResource: discovery.protectedResource,
    authorizationServer: discovery.authorizationServer,
    urlsTried: [...run.report.urlsTried, ...discovery.attempts],
  });
  if (open && !discovery.protectedResource) {
    ctx.add(makeFinding('AUTH_NOT_REQUIRED', { url: url.href, status: answer.status }));
    return;
  }
  addAll(run, challenge.findings, discovery.findings);
  const jwks = await checkJwks(run, discovery);
  const expected = expectations(run, discovery, challenge.bearer?.scope);
  update(run, { expected });
  const token = await checkToken(run, jwks, expected);
  if (run.options.authProbes) await probe(run, answer.status, token, expected);
}

function endpointOf(state: DiagnosisState): URL {
  const endpoint = state.mcp?.endpoint ? parseUrl(state.mcp.endpoint) : undefined;
  return endpoint ?? state.input.url;
}

function fetchOptions(run: Run): FetchOptions {
  return {
    http: run.http,
    tls: (u: URL) => httpTlsOptions(run.ctx.state, u),
    signal: run.ctx.signal,
    timeoutMs: run.requestTimeoutMs,
    connectMs: run.connectMs,
    guard: run.guard,
  };
}

async function checkJwks(run: Run, discovery: DiscoveryResult): Promise<JwksFetchResult | undefined> {
  const jwksUrl = parseUrl(run.options.jwksUrl ?? discovery.authorizationServer?.jwksUri ?? '');
  if (!jwksUrl) return undefined;
  const fetched = await fetchJwks(jwksUrl, fetchOptions(run));
  update(run, { jwks: fetched.summary, urlsTried: [...run.report.urlsTried, ...fetched.attempts] });
  addAll(run, fetched.findings);
  return fetched;
}

/** Explicit options first; else what the server itself says (AS issuer, canonical URL, challenge or PRM scopes). */
function expectations(run: Run, discovery: DiscoveryResult, challengeScope: string | undefined): AuthExpectations {
  const { options } = run;
  const asIssuer = discovery.authorizationServer?.issuer;
  const prmIssuer = discovery.protectedResource?.authorizationServers[0];
  const challengeScopes = challengeScope?.split(/\s+/).filter(Boolean) ?? [];
  const prmScopes = discovery.protectedResource?.scopesSupported ?? [];
  const [scopes, scopesSource] = options.requiredScopes
    ? [options.requiredScopes, 'option' as const]
    : challengeScopes.length
      ? [challengeScopes, 'challenge' as const]
      : prmScopes.length
        ? [prmScopes, 'prm' as const]
        : [[], 'none' as const];
  return {
    issuer: options.expectedIssuer ?? asIssuer ?? prmIssuer,
    issuerSource: options.expectedIssuer ? 'option' : asIssuer ? 'as-metadata' : prmIssuer ? 'prm' : undefined,
    ...expectedAudience(run, discovery),
    scopes,
    scopesSource,
  };
}

/**
 * Clients request tokens for the PRM's `resource` (the SDK sends it verbatim), so when that names
 * this server (same origin, parent path) it is the audience to expect; otherwise the canonical URL.
 */
function expectedAudience(run: Run, discovery: DiscoveryResult): Pick<AuthExpectations, 'audience' | 'audienceSource'> {
  if (run.options.expectedAudience) return { audience: run.options.expectedAudience, audienceSource: 'option' };
  const prmResource = discovery.protectedResource?.resource;
  if (prmResource && sdkAcceptsResource(run.resource, prmResource)) return { audience: prmResource, audienceSource: 'prm-resource' };
  return { audience: run.resource, audienceSource: 'canonical-url' };
}

async function checkToken(run: Run, jwks: JwksFetchResult | undefined, expected: AuthExpectations): Promise<TokenVerification | undefined> {
  const token = run.ctx.state.input.token;
  if (token === undefined) {
    run.ctx.add(makeFinding('AUTH_NO_TOKEN', { url: run.url.href }));
    return undefined;
  }
  const keySource = jwks?.jwks ? { jwks: jwks.jwks, jwksUrl: jwks.url } : undefined;
  const verification = await verifyToken(token, {
    keySource,
    issuer: expected.issuer,
    audience: expected.audience,
    requiredScopes: expected.scopes,
    clock: run.ctx.clock,
    signal: run.ctx.signal,
    timeoutMs: run.requestTimeoutMs,
  });
  // The set was already checked when fetched; keep only what is about this token.
  const findings = verification.findings
    .filter((f) => !f.code.startsWith('JWKS_') || f.code === 'JWKS_KID_NOT_FOUND')
    .map((f) => (f.code === 'JWT_SCOPE_MISSING' && expected.scopesSource === 'prm' ? withSeverity(f, 'warning') : f));
  update(run, { token: tokenReport(verification) });
  addAll(run, findings);
  return verification;
}

async function probe(
  run: Run,
  noTokenStatus: number | undefined,
  token: TokenVerification | undefined,
  expected: AuthExpectations,
): Promise<void> {
  const mcp = run.ctx.state.mcp;
  const output = await runAuthProbes({
    url: run.url,
    http: run.http,
    tls: httpTlsOptions(run.ctx.state, run.url),
    signal: run.ctx.signal,
    timeoutMs: run.requestTimeoutMs,
    connectMs: run.connectMs,
    clock: run.ctx.clock,
    noTokenStatus,
    token: run.ctx.state.input.token,
    tokenClaims: token?.claims,
    tokenScopes: token?.scopesGranted,
    tokenChecksPassed: token !== undefined && token.verified !== false && !token.findings.some((f) => f.severity === 'error'),
    kid: typeof token?.header?.kid === 'string' ? token.header.kid : run.report.jwks?.keys[0]?.kid,
    issuer: expected.issuer,
    audience: expected.audience,
    scopes: expected.scopes,
    skipValidToken: mcp?.era === 'stateless' || (mcp?.tools !== undefined && mcp.unauthorized === undefined),
  });
  update(run, { probes: output.probes });
  addAll(run, output.findings);
  if (output.tools && output.probes.some((p) => p.name === 'tools/list' && p.outcome === 'ok')) {
    run.ctx.add(
      makeFinding('AUTH_AUTHENTICATED_OK', { url: run.url.href, toolCount: output.tools.length, tools: output.tools.slice(0, 20) }),
    );
  }
}

function tokenReport(v: TokenVerification): TokenReport {
  const { kind, length, fingerprint, header, claims, verified, issuerMatch, audienceMatch, scopesGranted, scopesRequired, expiresAt } = v;
  return { kind, length, fingerprint, header, claims, verified, issuerMatch, audienceMatch, scopesGranted, scopesRequired, expiresAt };
}

/** state.auth is updated as we go, so a step timeout still leaves everything learned so far. */
function update(run: Run, patch: Partial<AuthReport>): void {
  run.report = { ...run.report, ...patch };
  run.ctx.state.auth = run.report;
}

function addAll(run: Run, ...lists: ReadonlyArray<readonly Finding[]>): void {
  for (const list of lists) for (const finding of list) run.ctx.add(finding);
}
