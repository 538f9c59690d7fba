import type { AuthReport, Finding, TokenReport } from '../../src/shared/protocol';

/** The token's own JSON (header or claims): arbitrary values, shown as they are. */
type Json = Readonly<Record<string, unknown>>;

/** The token as the panel shows it: decoded parts, verification, checks and scopes. */
export interface TokenView {
  readonly facts: readonly (readonly [string, string])[];
  readonly header?: Json;
  readonly claims?: Json;
  readonly verification: VerificationView;
  readonly checks: readonly CheckView[];
  readonly scopes?: ScopesView;
}

export interface VerificationView {
  readonly status: 'verified' | 'failed' | 'unverified';
  readonly kid?: string;
  readonly alg?: string;
  readonly jwksUrl?: string;
  readonly keySource?: string;
  readonly detail?: string;
}

export interface CheckView {
  readonly name: string;
  readonly expected?: string;
  readonly actual?: string;
  readonly ok: boolean | undefined;
}

export interface ScopesView {
  readonly granted: readonly string[];
  readonly required: readonly string[];
}

const FAILED_CODES = new Set(['JWT_SIGNATURE_INVALID', 'JWKS_KID_NOT_FOUND', 'JWT_ALG_CONFUSION', 'JWT_ALG_NONE']);

/** `auth.token` (TokenReport) plus the expectations and JWKS it was checked against. */
export function readToken(auth: AuthReport | undefined, findings: readonly Finding[]): TokenView | undefined {
  const token = auth?.token;
  if (!auth || !token) return undefined;
  return {
    facts: tokenFacts(token),
    header: token.header,
    claims: token.claims,
    verification: readVerification(token, auth, findings),
    checks: readChecks(token, auth),
    scopes: readScopes(token),
  };
}

const KIND_TEXT: Readonly<Record<string, string>> = {
  jws: 'signed JWT (JWS)',
  jwe: 'encrypted JWT (JWE): contents unreadable',
  opaque: 'opaque token (not a JWT)',
  malformed: 'malformed JWT',
};

function tokenFacts(token: TokenReport): [string, string][] {
  const facts: [string, string][] = [['Kind', KIND_TEXT[token.kind] ?? token.kind]];
  if (token.length) facts.push(['Length', `${token.length} characters`]);
  if (token.fingerprint) facts.push(['Fingerprint (SHA-256, shortened)', token.fingerprint]);
  return facts;
}

/** A header value the token itself set, when it is text. */
function headerText(token: TokenReport, name: string): string | undefined {
  const value = token.header?.[name];
  return typeof value === 'string' ? value : undefined;
}

function readVerification(token: TokenReport, auth: AuthReport, findings: readonly Finding[]): VerificationView {
  const key = token.verified || undefined;
  const jwksUrl = key?.jwksUrl ?? auth.jwks?.finalUrl ?? auth.jwks?.url ?? auth.authorizationServer?.jwksUri;
  if (key)
    return {
      status: 'verified',
      kid: key.kid ?? headerText(token, 'kid'),
      alg: key.alg || headerText(token, 'alg'),
      jwksUrl,
      keySource: key.source,
    };
  const failure = findings.find((f) => FAILED_CODES.has(f.code));
  const unverified = findings.find((f) => f.code === 'JWT_UNVERIFIED');
  return {
    status: failure ? 'failed' : 'unverified',
    kid: headerText(token, 'kid'),
    alg: headerText(token, 'alg'),
    jwksUrl,
    detail: (failure ?? unverified)?.title ?? 'No key was available to check the signature: nothing here proves the token is genuine.',
  };
}

function readChecks(token: TokenReport, auth: AuthReport): CheckView[] {
  const checks: CheckView[] = [];
  const expected = auth.expected;
  const iss = token.claims?.iss;
  if (token.issuerMatch !== undefined || expected?.issuer)
    checks.push({
      name: 'Issuer (iss)',
      expected: expected?.issuer,
      actual: typeof iss === 'string' ? iss : undefined,
      ok: token.issuerMatch,
    });
  if (token.audienceMatch !== undefined || expected?.audience) {
    const aud = token.claims?.aud;
    const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
    checks.push({
      name: 'Audience (aud)',
      expected: expected?.audience,
      actual: audiences.join(', ') || undefined,
      ok: token.audienceMatch,
    });
  }
  return checks;
}

function readScopes(token: TokenReport): ScopesView | undefined {
  const granted = token.scopesGranted ?? [];
  const required = token.scopesRequired ?? [];
  if (granted.length === 0 && required.length === 0) return undefined;
  return { granted, required };
}
