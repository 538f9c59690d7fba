/** When no discovery request got an HTTP answer: the network or TLS error codes. */
type UnreachableEvidence = { readonly errorCodes?: readonly string[]; readonly tls?: boolean };

/** The answer to one auth probe. */
type ProbeAnswerEvidence = { readonly probe: string; readonly status: number; readonly error?: string; readonly description?: string };

/** What the token carries and what the server's metadata expects, for a rejected valid token. */
export type TokenFactsEvidence = {
  readonly iss?: unknown;
  readonly aud?: unknown;
  readonly kid?: string;
  readonly expectedIssuer?: string;
  readonly expectedAudience?: string;
};

/** Evidence of each auth finding (catalog/auth.ts). */
export type AuthEvidence = {
  AUTH_CHALLENGE_MISSING: {
    readonly status: number;
    readonly missing: 'bearer' | 'header' | 'resource_metadata';
    readonly schemes: readonly string[];
  };
  AUTH_PRM_MISSING: UnreachableEvidence & {
    readonly resource: string;
    readonly tried: readonly string[];
    readonly headerUrl?: string;
    readonly wellKnown?: string;
  };
  AUTH_PRM_HEADER_URL_FAILED: { readonly headerUrl: string; readonly outcome?: string; readonly foundAt: string };
  AUTH_PRM_INVALID: { readonly url: string; readonly problem: string };
  AUTH_PRM_RESOURCE_MISMATCH: {
    readonly url: string;
    readonly resource?: string;
    readonly expected: string;
    readonly sdkAccepts: boolean;
    readonly hint?: string;
  };
  AUTH_PRM_INSECURE_URL: { readonly urls: readonly string[]; readonly loopback?: boolean };
  AUTH_AS_METADATA_MISSING: UnreachableEvidence & { readonly issuer: string; readonly tried: readonly string[]; readonly problem?: string };
  AUTH_AS_ISSUER_MISMATCH: { readonly url: string; readonly expected: string; readonly actual: unknown; readonly hint?: string };
  AUTH_AS_NO_PKCE_S256: { readonly url: string; readonly methods: readonly string[] };
  AUTH_AS_NO_JWKS_URI: { readonly url: string; readonly issuer?: string };
  AUTH_DISCOVERY_OK: {
    readonly prmUrl: string;
    readonly issuer?: string;
    readonly asMetadataUrl: string;
    readonly kind: 'oauth' | 'oidc';
    readonly jwksUri?: string;
  };
  AUTH_NOT_ENFORCED: { readonly probe: string; readonly status?: number; readonly url: string };
  AUTH_ENFORCED_OK: { readonly probes: readonly string[] };
  AUTH_PROBES_INCOMPLETE: { readonly probe: string; readonly reason: string };
  AUTH_INSUFFICIENT_SCOPE: {
    readonly probe: string;
    readonly required: readonly string[];
    readonly granted: readonly string[];
    readonly missing: readonly string[];
    readonly description?: string;
  };
  AUTH_TOKEN_REJECTED: ProbeAnswerEvidence;
  AUTH_SERVER_REJECTS_VALID_TOKEN: ProbeAnswerEvidence & TokenFactsEvidence & { readonly reason?: string };
  AUTH_AUTHENTICATED_OK: { readonly url: string; readonly toolCount: number; readonly tools: readonly string[] };
  AUTH_NOT_REQUIRED: { readonly url: string; readonly status: number };
  AUTH_NO_TOKEN: { readonly url: string };
};
