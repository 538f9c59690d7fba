import type { Finding } from '../../src/shared/protocol';
import { asBoolean, asNumber, asRecord, field, type Rec, recordField, stringField, stringList } from './read';

/** The token as the panel shows it: decoded parts, verification, checks and scopes. */
export interface TokenView {
  readonly facts: readonly (readonly [string, string])[];
  readonly header?: Rec;
  readonly claims?: Rec;
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

/** Reads `auth.token` (TokenReport) plus the expectations and JWKS it was checked against. */
export function readToken(auth: unknown, findings: readonly Finding[]): TokenView | undefined {
  const record = asRecord(auth);
  const token = recordField(record, 'token', 'jwt');
  if (!token) return undefined;
  const claims = recordField(token, 'claims', 'payload');
  const header = recordField(token, 'header');
  return {
    facts: tokenFacts(token),
    header,
    claims,
    verification: readVerification(token, header, record, findings),
    checks: readChecks(token, claims, recordField(record, 'expected')),
    scopes: readScopes(token, claims),
  };
}

function tokenFacts(token: Rec): [string, string][] {
  const facts: [string, string][] = [];
  const kind = stringField(token, 'kind');
  if (kind) facts.push(['Kind', { jws: 'signed JWT (JWS)', jwe: 'encrypted JWT (JWE): contents unreadable', opaque: 'opaque token (not a JWT)', malformed: 'malformed JWT' }[kind] ?? kind]);
  const length = asNumber(field(token, 'length'));
  if (length !== undefined) facts.push(['Length', `${length} characters`]);
  const fingerprint = stringField(token, 'fingerprint');
  if (fingerprint) facts.push(['Fingerprint (SHA-256, shortened)', fingerprint]);
  return facts;
}

function readVerification(token: Rec, header: Rec | undefined, auth: Rec | undefined, findings: readonly Finding[]): VerificationView {
  const verified = field(token, 'verified', 'verification');
  const key = asRecord(verified);
  const jwks = recordField(auth, 'jwks');
  const jwksUrl = stringField(key, 'jwksUrl') ?? stringField(jwks, 'finalUrl', 'url') ?? stringField(recordField(auth, 'authorizationServer'), 'jwksUri');
  if (key && asBoolean(field(key, 'verified', 'valid')) !== false) {
    return { status: 'verified', kid: stringField(key, 'kid') ?? stringField(header, 'kid'), alg: stringField(key, 'alg') ?? stringField(header, 'alg'), jwksUrl, keySource: stringField(key, 'source') };
  }
  const failure = findings.find((f) => FAILED_CODES.has(f.code));
  const unverified = findings.find((f) => f.code === 'JWT_UNVERIFIED');
  return {
    status: failure ? 'failed' : 'unverified',
    kid: stringField(header, 'kid'),
    alg: stringField(header, 'alg'),
    jwksUrl,
    detail: (failure ?? unverified)?.title ?? 'No key was available to check the signature: nothing here proves the token is genuine.',
  };
}

function readChecks(token: Rec, claims: Rec | undefined, expected: Rec | undefined): CheckView[] {
  const checks: CheckView[] = [];
  const issuerMatch = asBoolean(field(token, 'issuerMatch'));
  const expectedIssuer = stringField(expected, 'issuer');
  if (issuerMatch !== undefined || expectedIssuer) checks.push({ name: 'Issuer (iss)', expected: expectedIssuer, actual: stringField(claims, 'iss'), ok: issuerMatch });
  const audienceMatch = asBoolean(field(token, 'audienceMatch'));
  const expectedAudience = stringField(expected, 'audience');
  if (audienceMatch !== undefined || expectedAudience) {
    checks.push({ name: 'Audience (aud)', expected: expectedAudience, actual: stringList(field(claims, 'aud')).join(', ') || undefined, ok: audienceMatch });
  }
  return checks;
}

function readScopes(token: Rec, claims: Rec | undefined): ScopesView | undefined {
  const granted = stringList(field(token, 'scopesGranted'));
  const fromClaims = granted.length ? granted : stringList(field(claims, 'scope', 'scp'));
  const required = stringList(field(token, 'scopesRequired'));
  if (fromClaims.length === 0 && required.length === 0) return undefined;
  return { granted: fromClaims, required };
}
