import { type LookupAll } from '../http/urlGuard';

/** Auth-specific diagnosis options (`DiagnoseOptions.auth`); every field is optional with a sensible default. */
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
  /** DNS for the URL-fetch rule's address check (default the system resolver; tests map names). */
  readonly lookup?: LookupAll;
}

export function authOptionsOf(auth: AuthOptions | undefined): AuthOptions {
  return { ...auth, authProbes: auth?.authProbes !== false };
}
