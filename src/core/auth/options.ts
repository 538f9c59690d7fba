import { type DiagnosisInput } from '../diagnose/state';

/**
 * Auth-specific diagnosis options. Read from `DiagnosisInput` when the lead adds them there; every
 * field is optional with a sensible default.
 */
export interface AuthOptions {
  /** Expected `iss`; default: the authorization server metadata's issuer. */
  readonly expectedIssuer?: string;
  /** Expected `aud`; default: the canonical MCP server URL (RFC 8707). */
  readonly expectedAudience?: string;
  /** Scopes the token must grant; default: the 401 challenge's scope, else PRM scopes_supported. */
  readonly requiredScopes?: readonly string[];
  /** Send the "is auth enforced?" probes (default true). */
  readonly authProbes?: boolean;
  /** Verify against this JWKS instead of the discovered jwks_uri. */
  readonly jwksUrl?: string;
}

export function authOptionsOf(input: DiagnosisInput): AuthOptions {
  const extra = input as DiagnosisInput & Partial<Record<keyof AuthOptions, unknown>>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    expectedIssuer: str(extra.expectedIssuer),
    expectedAudience: str(extra.expectedAudience),
    requiredScopes: Array.isArray(extra.requiredScopes) ? extra.requiredScopes.filter((s): s is string => typeof s === 'string') : undefined,
    authProbes: extra.authProbes !== false,
    jwksUrl: str(extra.jwksUrl),
  };
}
