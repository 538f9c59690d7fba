import { type TlsFor } from '../http/types';
import { type JSONWebKeySet, type JWK } from 'jose';
import { type UrlAttempt } from '../http/fetchDocument';
import { type Finding } from '../findings/finding';
import { type HttpClient } from '../http/client';
import { type Clock } from '../pipeline/types';

/** What a string turned out to be. */
export type TokenKind = 'jws' | 'jwe' | 'opaque' | 'malformed';

/** A token taken apart without verifying anything. Never holds the token text itself. */
export interface DecodedToken {
  readonly kind: TokenKind;
  /** The (protected) JOSE header, for JWS and JWE. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** The JWT claims, when the JWS payload is a JSON object. */
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly signaturePresent: boolean;
  /** Why the token is malformed, in words (never an excerpt of the token). */
  readonly problem?: string;
  /** Length of the normalised token, in characters. */
  readonly length: number;
  /** First 12 hex digits of SHA-256 of the token: tells tokens apart without revealing them. */
  readonly fingerprint: string;
  /** JWT_MALFORMED / JWT_OPAQUE / JWT_ENCRYPTED / JWT_ALG_NONE / JWT_UNSAFE_HEADER, from the text alone. */
  readonly findings: readonly Finding[];
}

/** Where verification keys come from. Never from the token's own headers. */
export type KeySource =
  | { readonly jwksUrl: string | URL }
  /** An already fetched set; `jwksUrl` only labels where it came from. */
  | { readonly jwks: JSONWebKeySet; readonly jwksUrl?: string }
  /** PEM (public key, certificate), a JWK or a JWKS in JSON. */
  | { readonly keyFile: string }
  /** HMAC secret (e.g. read from an environment variable by the caller). */
  | { readonly secret: string | Uint8Array }
  | { readonly jwk: JWK };

export type KeySourceKind = 'jwks-url' | 'jwks' | 'key-file' | 'secret' | 'jwk';

export interface VerifyOptions {
  readonly keySource?: KeySource;
  /** Expected `iss` (exact string). Unchecked when absent. */
  readonly issuer?: string;
  /** Expected `aud`, normally the canonical MCP server URL (RFC 8707). Unchecked when absent. */
  readonly audience?: string;
  readonly requiredScopes?: readonly string[];
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Per HTTP request (JWKS fetch). */
  readonly timeoutMs: number;
  /** Seconds of leeway for exp/nbf/iat; default 0 like jose's verifier. */
  readonly clockToleranceSec?: number;
  readonly http?: HttpClient;
  readonly tls?: TlsFor;
}

/** Which key verified the signature. */
export interface VerifiedKey {
  readonly alg: string;
  readonly kid?: string;
  readonly jwksUrl?: string;
  readonly source: KeySourceKind;
}

/** Shape and health of a JSON Web Key Set, without key material. */
export interface JwksSummary {
  readonly url?: string;
  /** Set when the URL redirected: where the keys really are. */
  readonly finalUrl?: string;
  readonly keyCount: number;
  readonly keys: readonly JwkSummary[];
}

export interface JwkSummary {
  readonly kid?: string;
  readonly kty?: string;
  readonly alg?: string;
  readonly use?: string;
  readonly crv?: string;
  readonly bits?: number;
  readonly problems: readonly string[];
}

/** The result of `fetchJwks`: the parsed set when usable, and every URL asked. */
export interface JwksFetchResult {
  readonly url: string;
  readonly attempts: readonly UrlAttempt[];
  readonly jwks?: JSONWebKeySet;
  readonly summary?: JwksSummary;
  readonly findings: readonly Finding[];
}

/** What a token check concluded, as reports keep it: claims and header (useful, not reusable), never the token. */
export interface TokenSummary {
  readonly kind: TokenKind;
  readonly header?: Readonly<Record<string, unknown>>;
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly length: number;
  /** Short SHA-256 fingerprint, to tell tokens apart. */
  readonly fingerprint: string;
  readonly verified: VerifiedKey | false;
  /** Undefined when no expected issuer was known. */
  readonly issuerMatch?: boolean;
  readonly audienceMatch?: boolean;
  readonly scopesGranted: readonly string[];
  readonly scopesRequired: readonly string[];
  readonly expiresAt?: string;
}

/** Everything `verifyToken` learned: the summary plus the JWKS and URLs it used and its findings. */
export interface TokenVerification extends TokenSummary {
  readonly jwks?: JwksSummary;
  readonly attempts: readonly UrlAttempt[];
  readonly findings: readonly Finding[];
}
