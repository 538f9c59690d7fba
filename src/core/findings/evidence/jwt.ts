import { type SigningKeyEvidence } from './common';

/** How the verification keys were given: a JWKS URL, a file, a secret. */
type KeySourceEvidence = SigningKeyEvidence & { readonly source?: string };

/** The clock a time claim was compared with. */
type ClockEvidence = { readonly now: string; readonly toleranceSec?: number };

/** A claim compared with what the server expects; `actual` is the token's own JSON value. */
type ClaimMismatchEvidence = { readonly expected: string; readonly actual: unknown; readonly hint?: string };

/** Evidence of each token and key-set finding (catalog/jwt.ts). Header and claim values are the token's JSON: unknown. */
export type JwtEvidence = {
  JWT_MALFORMED: { readonly problem: string };
  JWT_ENCRYPTED: { readonly alg?: unknown; readonly enc: string; readonly kid?: unknown };
  JWT_OPAQUE: { readonly length: number };
  JWT_ALG_NONE: { readonly alg: unknown };
  JWT_ALG_CONFUSION: SigningKeyEvidence & { readonly allowed: readonly string[]; readonly forgedWithPublicKey?: string };
  JWT_ALG_NOT_ALLOWED: KeySourceEvidence & {
    readonly allowed: readonly string[];
    readonly unsupported?: boolean;
    readonly keyAlg?: string;
    readonly keyUse?: string;
    readonly keyType?: string;
  };
  JWT_UNSAFE_HEADER: {
    readonly headers: readonly string[];
    readonly urls: readonly string[];
    readonly kidSuspicious: boolean;
    readonly kid?: string;
  };
  JWT_SIGNATURE_INVALID: KeySourceEvidence;
  JWT_KEY_UNUSABLE: KeySourceEvidence & { readonly errorCode?: string; readonly detail?: string };
  JWT_KEY_FILE_INVALID: { readonly source: string; readonly path?: string; readonly problem: string };
  JWT_EXPIRED: ClockEvidence & { readonly exp?: string; readonly ago: string; readonly agoMs: number; readonly lifetime?: string };
  JWT_NOT_YET_VALID: ClockEvidence & { readonly claim: 'nbf' | 'iat'; readonly at?: string; readonly ahead: string };
  JWT_NO_EXPIRY: { readonly iat?: string };
  JWT_ISSUER_MISMATCH: ClaimMismatchEvidence;
  JWT_AUDIENCE_MISMATCH: ClaimMismatchEvidence;
  JWT_SCOPE_MISSING: { readonly missing: readonly string[]; readonly granted: readonly string[]; readonly required: readonly string[] };
  JWT_WRONG_TOKEN_TYPE: {
    readonly typ?: unknown;
    readonly idToken: boolean;
    readonly idTokenClaims: readonly string[];
    readonly aud?: unknown;
    readonly azp?: unknown;
  };
  JWT_UNVERIFIED: { readonly reason: 'no-key' | 'keys-unavailable'; readonly alg?: unknown; readonly kid?: unknown };
  JWT_WEAK_SECRET: { readonly alg: string; readonly source: 'dictionary' | 'configured'; readonly secretLength?: number };
  JWT_VERIFIED: KeySourceEvidence & { readonly alg: string; readonly issuerMatch?: boolean; readonly audienceMatch?: boolean };
  JWKS_UNREACHABLE: { readonly url: string; readonly errorCode: string; readonly tls?: boolean; readonly status?: number };
  JWKS_REDIRECTED: { readonly url: string; readonly status?: number; readonly finalUrl: string; readonly hops: number };
  JWKS_INVALID: { readonly url?: string; readonly problem: string; readonly contentType?: string };
  JWKS_EMPTY: { readonly url?: string };
  JWKS_PRIVATE_KEY_EXPOSED: { readonly url?: string; readonly keys: readonly string[] };
  JWKS_KID_NOT_FOUND: KeySourceEvidence & { readonly kids: readonly string[]; readonly keyCount: number };
  JWKS_KEY_PROBLEM: { readonly url?: string; readonly kid: string; readonly problems: readonly string[] };
  JWKS_WEAK_KEY: { readonly url?: string; readonly kid: string; readonly bits: number };
  JWKS_KID_PROBLEM: { readonly url?: string; readonly duplicates: readonly string[]; readonly missing: number; readonly keyCount: number };
  JWKS_OK: { readonly url?: string; readonly keyCount: number; readonly kids: readonly string[] };
};
