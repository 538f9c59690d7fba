import { makeFinding, type Finding } from '../findings/finding';
import { humanDuration, numericDateToIso } from './duration';

export interface ClaimExpectations {
  readonly issuer?: string;
  readonly audience?: string;
  readonly requiredScopes?: readonly string[];
  readonly nowMs: number;
  readonly toleranceSec: number;
}

export interface ClaimCheck {
  readonly findings: Finding[];
  readonly issuerMatch?: boolean;
  readonly audienceMatch?: boolean;
  readonly scopesGranted: string[];
  readonly expiresAt?: string;
}

/**
 * Checks every claim and reports every problem at once (a verifier stops at the first, which makes
 * people fix one thing at a time). Pure: time comes from `nowMs`.
 */
export function checkClaims(
  claims: Readonly<Record<string, unknown>>,
  header: Readonly<Record<string, unknown>>,
  expect: ClaimExpectations,
): ClaimCheck {
  const findings = [...timeFindings(claims, expect), ...typeFindings(claims, header)];
  const issuer = checkIssuer(claims.iss, expect.issuer);
  const audience = checkAudience(claims.aud, expect.audience);
  const scopesGranted = grantedScopes(claims);
  const missing = (expect.requiredScopes ?? []).filter((s) => !scopesGranted.includes(s));
  if (issuer.finding) findings.push(issuer.finding);
  if (audience.finding) findings.push(audience.finding);
  if (missing.length > 0)
    findings.push(makeFinding('JWT_SCOPE_MISSING', { missing, granted: scopesGranted, required: expect.requiredScopes ?? [] }));
  return { findings, issuerMatch: issuer.match, audienceMatch: audience.match, scopesGranted, expiresAt: numericDateToIso(claims.exp) };
}

function timeFindings(claims: Readonly<Record<string, unknown>>, expect: ClaimExpectations): Finding[] {
  const findings: Finding[] = [];
  const now = expect.nowMs;
  const leeway = expect.toleranceSec * 1000;
  const common = { now: new Date(now).toISOString(), toleranceSec: expect.toleranceSec };
  const exp = numberClaim(claims, 'exp', findings);
  const nbf = numberClaim(claims, 'nbf', findings);
  const iat = numberClaim(claims, 'iat', findings);
  if (claims.exp === undefined) findings.push(makeFinding('JWT_NO_EXPIRY', { iat: numericDateToIso(iat) }));
  if (exp !== undefined && exp * 1000 <= now - leeway) {
    const ago = now - exp * 1000;
    findings.push(
      makeFinding('JWT_EXPIRED', {
        ...common,
        exp: numericDateToIso(exp),
        ago: humanDuration(ago),
        agoMs: ago,
        lifetime: lifetime(iat, exp),
      }),
    );
  }
  if (nbf !== undefined && nbf * 1000 > now + leeway) {
    findings.push(
      makeFinding('JWT_NOT_YET_VALID', { ...common, claim: 'nbf', at: numericDateToIso(nbf), ahead: humanDuration(nbf * 1000 - now) }),
    );
  } else if (iat !== undefined && iat * 1000 > now + Math.max(leeway, 60_000)) {
    findings.push(
      makeFinding('JWT_NOT_YET_VALID', { ...common, claim: 'iat', at: numericDateToIso(iat), ahead: humanDuration(iat * 1000 - now) }),
    );
  }
  return findings;
}

function numberClaim(claims: Readonly<Record<string, unknown>>, name: string, findings: Finding[]): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  findings.push(
    makeFinding('JWT_MALFORMED', {
      problem: `The token's "${name}" claim is not a number of seconds (it is ${JSON.stringify(value)?.slice(0, 40)}).`,
    }),
  );
  return undefined;
}

function lifetime(iat: number | undefined, exp: number): string | undefined {
  return iat === undefined || exp <= iat ? undefined : humanDuration((exp - iat) * 1000);
}

/** RFC 9068 says access tokens are `at+jwt`; ID-token-only claims give an ID token away. */
function typeFindings(claims: Readonly<Record<string, unknown>>, header: Readonly<Record<string, unknown>>): Finding[] {
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : undefined;
  const idTokenClaims = ['nonce', 'at_hash', 'c_hash', 'auth_time'].filter((c) => claims[c] !== undefined);
  const looksLikeIdToken = idTokenClaims.some((c) => c !== 'auth_time') || typ === 'id_token' || typ === 'id+jwt';
  const unexpectedTyp = typ !== undefined && !['jwt', 'at+jwt'].includes(typ);
  if (!looksLikeIdToken && !unexpectedTyp) return [];
  return [
    makeFinding('JWT_WRONG_TOKEN_TYPE', { typ: header.typ, idToken: looksLikeIdToken, idTokenClaims, aud: claims.aud, azp: claims.azp }),
  ];
}

function checkIssuer(iss: unknown, expected: string | undefined): { match?: boolean; finding?: Finding } {
  if (expected === undefined) return {};
  if (iss === expected) return { match: true };
  const hint = typeof iss === 'string' ? urlDifference(iss, expected) : 'the token has no "iss" claim';
  return { match: false, finding: makeFinding('JWT_ISSUER_MISMATCH', { expected, actual: iss, hint }) };
}

function checkAudience(aud: unknown, expected: string | undefined): { match?: boolean; finding?: Finding } {
  if (expected === undefined) return {};
  const audiences = (Array.isArray(aud) ? aud : [aud]).filter((a): a is string => typeof a === 'string');
  if (audiences.includes(expected)) return { match: true };
  const hint =
    audiences.length === 0 ? 'the token has no "aud" claim' : (audiences.map((a) => urlDifference(a, expected)).find((h) => h) ?? '');
  return { match: false, finding: makeFinding('JWT_AUDIENCE_MISMATCH', { expected, actual: aud, hint }) };
}

/** Scopes from `scope` (space-separated, RFC 9068) or `scp` (array or string, Entra/Okta). */
export function grantedScopes(claims: Readonly<Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const value of [claims.scope, claims.scp]) {
    if (typeof value === 'string') out.push(...value.split(/\s+/));
    else if (Array.isArray(value)) out.push(...value.filter((v): v is string => typeof v === 'string'));
  }
  return [...new Set(out.filter((s) => s !== ''))].slice(0, 200);
}

/** Names the near-miss between two identifiers, which is what most mismatches are. */
export function urlDifference(actual: string, expected: string): string {
  if (actual.replace(/\/+$/, '') === expected.replace(/\/+$/, '')) return 'they differ only by a trailing slash';
  if (actual.toLowerCase() === expected.toLowerCase()) return 'they differ only in upper/lower case';
  const a = parseUrl(actual);
  const e = parseUrl(expected);
  if (!a && !e) return '';
  if (!a || !e) return `"${!a ? actual : expected}" is not a URL: probably a client id or an API name rather than this server's URL`;
  if (a.protocol !== e.protocol && a.host === e.host && a.pathname === e.pathname) return 'they differ only in the scheme (http vs https)';
  if (a.origin === e.origin) return `same origin, different path (${a.pathname} vs ${e.pathname})`;
  if (a.hostname === e.hostname && a.port !== e.port) return `same host, different port (${a.port || 'default'} vs ${e.port || 'default'})`;
  if (a.pathname === e.pathname) return `different host (${a.host} vs ${e.host})`;
  return '';
}

function parseUrl(value: string): URL | undefined {
  try {
    return value.includes('://') ? new URL(value) : undefined;
  } catch {
    return undefined;
  }
}
