import { type CatalogEntry } from '../types';
import { ev } from '../text';

const list = (e: Record<string, unknown>, key: string) => ev(e, key, 'none');

/** "…, but every request failed (CODE): …" when no HTTP answer came back at all. */
const unreachable = (e: Record<string, unknown>) =>
  Array.isArray(e.errorCodes) && e.errorCodes.length
    ? `, but no request got an HTTP answer (${list(e, 'errorCodes')}${e.tls ? ': the certificate is not trusted by this client' : ''})`
    : '';

const TLS_FIX =
  "Make the client trust the authorization server's certificate chain (Node: NODE_EXTRA_CA_CERTS=/path/ca.pem; mcp-doctor --ca FILE to check), or serve a certificate from a public CA.";

const PROBE_TEXT: Record<string, string> = {
  'no-token': 'a request with no token at all',
  'malformed-token': 'a malformed token',
  'alg-none-token': 'an unsigned token (alg "none")',
  'foreign-key-token': 'a token signed by a key the authorization server never published',
};

const REJECTION_CAUSE: Record<string, string> = {
  issuer: 'The MCP server expects a different issuer than the one its authorization server uses, so it rejects valid tokens',
  audience:
    'The MCP server expects a different audience than its own public URL (often an internal service URL), so it rejects valid tokens',
  expiry: "The MCP server considers a fresh token expired: its clock is probably ahead of the authorization server's",
  keys: 'The MCP server cannot get, or does not find, the signing key (another or unreachable JWKS, or a stale key cache), so it rejects valid tokens',
  signature: 'The MCP server checks signatures with a different key than the one the authorization server publishes',
};

const REJECTION_FIX: Record<string, (e: Record<string, unknown>) => string> = {
  issuer: (e) =>
    `Set the server's expected issuer to exactly ${JSON.stringify(e.iss ?? e.expectedIssuer ?? '<issuer>')} (the "issuer" in the authorization server metadata; mind trailing slashes), e.g. MCP_JWT_ISSUER, and restart it.`,
  audience: (e) =>
    `Set the server's expected audience to its public URL ${JSON.stringify(e.expectedAudience ?? e.aud ?? '<MCP URL>')} (what clients send as resource=), e.g. MCP_JWT_AUDIENCE, and restart it.`,
  expiry: () => "Synchronise the MCP server's clock with NTP (timedatectl set-ntp true), or allow a small clockTolerance (≤ 60 s).",
  keys: () =>
    "Point the server at the authorization server's jwks_uri (from its metadata), make sure the server can reach it (network, TLS trust), and reload its key cache after key rotation.",
  signature: () => "Point the server at the authorization server's jwks_uri (from its metadata), not a copied or environment-specific key.",
};

/** OAuth discovery: the 401 challenge, protected resource metadata, authorization server metadata. */
const discoveryEntries = {
  AUTH_CHALLENGE_MISSING: {
    severity: 'error',
    step: 'auth',
    title: 'The 401 does not tell clients where to authenticate',
    cause: (e) =>
      e.missing === 'resource_metadata'
        ? `The ${ev(e, 'status')} carries a Bearer challenge without resource_metadata. Clients on MCP 2025-06-18 require it to find the authorization server; newer clients fall back to /.well-known/oauth-protected-resource.`
        : `The server answered ${ev(e, 'status')} without a ${e.missing === 'bearer' ? `Bearer challenge (schemes sent: ${list(e, 'schemes')})` : 'WWW-Authenticate header'}, so MCP clients cannot start OAuth and just report "401 Unauthorized".`,
    fix: () =>
      'Answer unauthenticated requests with: WWW-Authenticate: Bearer resource_metadata="https://<server>/.well-known/oauth-protected-resource<path>" (MCP SDK: requireBearerAuth({ resourceMetadataUrl }) / mcpAuthMetadataRouter).',
  },
  AUTH_PRM_MISSING: {
    severity: 'error',
    step: 'auth',
    title: 'Protected resource metadata not found',
    cause: (e) =>
      `No OAuth protected resource metadata (RFC 9728) was found for ${ev(e, 'resource')}; tried ${list(e, 'tried')}${unreachable(e)}. MCP clients cannot discover the authorization server.`,
    fix: (e) =>
      e.tls
        ? TLS_FIX
        : `Serve JSON {"resource": "${ev(e, 'resource')}", "authorization_servers": ["https://<issuer>"]} at ${ev(e, 'wellKnown', '/.well-known/oauth-protected-resource')} (MCP SDK: mcpAuthMetadataRouter), and point the 401 challenge's resource_metadata at it.`,
  },
  AUTH_PRM_HEADER_URL_FAILED: {
    severity: 'error',
    step: 'auth',
    title: 'resource_metadata in the challenge points nowhere',
    cause: (e) =>
      `The challenge's resource_metadata ${ev(e, 'headerUrl')} answered "${ev(e, 'outcome')}", but the metadata exists at ${ev(e, 'foundAt')}. Clients use the header's URL and stop there.`,
    fix: (e) =>
      `Set resource_metadata="${ev(e, 'foundAt')}" in the WWW-Authenticate header (behind a proxy, build it from the public scheme, host and port: trust X-Forwarded-Proto/Host).`,
  },
  AUTH_PRM_INVALID: {
    severity: 'error',
    step: 'auth',
    title: 'Protected resource metadata is incomplete',
    cause: (e) =>
      `The protected resource metadata at ${ev(e, 'url')} ${ev(e, 'problem')}. MCP requires "resource" and at least one entry in "authorization_servers".`,
    fix: () =>
      'Serve {"resource": "<MCP server URL>", "authorization_servers": ["<issuer URL>"], "scopes_supported": [...]} (RFC 9728 §2).',
  },
  AUTH_PRM_RESOURCE_MISMATCH: {
    severity: 'error',
    step: 'auth',
    title: 'Protected resource metadata names another resource',
    cause: (e) =>
      `The metadata at ${ev(e, 'url')} says resource "${ev(e, 'resource')}", but the MCP server is ${ev(e, 'expected')}${e.hint ? ` (${ev(e, 'hint')})` : ''}. ${e.sdkAccepts ? 'The MCP TypeScript SDK tolerates this (same origin, parent path), but tokens will be issued for that resource and stricter clients and audience checks fail.' : 'Clients reject the metadata ("Protected resource … does not match expected …"), or get tokens with the wrong audience.'}`,
    fix: (e) =>
      `Set "resource": "${ev(e, 'expected')}" in the protected resource metadata (behind a proxy, derive it from the public URL, not the backend's).`,
  },
  AUTH_PRM_INSECURE_URL: {
    severity: 'error',
    step: 'auth',
    title: 'OAuth metadata uses http:// URLs',
    cause: (e) =>
      `The OAuth metadata uses plain-HTTP URLs: ${list(e, 'urls')}. ${e.loopback ? 'That is tolerable for a local development setup on loopback only.' : 'MCP requires HTTPS for authorization server endpoints; clients refuse them, and tokens would cross the network in clear. Behind a TLS-terminating proxy this usually means the app builds URLs from its own http:// address.'}`,
    fix: () =>
      'Publish https:// URLs: behind nginx/an ingress, forward the scheme (proxy_set_header X-Forwarded-Proto $scheme) and make the app trust it (Express: app.set("trust proxy", true)), or configure the public base URL explicitly.',
  },
  AUTH_AS_METADATA_MISSING: {
    severity: 'error',
    step: 'auth',
    title: 'Authorization server metadata not found',
    cause: (e) =>
      `No authorization server metadata was found for issuer ${ev(e, 'issuer')}${e.problem ? ` (${ev(e, 'problem')})` : ''}; tried, in the spec's order: ${list(e, 'tried')}${unreachable(e)}. Clients cannot find the authorize, token or JWKS endpoints.`,
    fix: (e) =>
      e.tls
        ? TLS_FIX
        : 'Serve RFC 8414 metadata at /.well-known/oauth-authorization-server (or OpenID Connect discovery at /.well-known/openid-configuration) for exactly the issuer listed in authorization_servers, path included.',
  },
  AUTH_AS_ISSUER_MISMATCH: {
    severity: 'error',
    step: 'auth',
    title: 'Authorization server issuer does not match',
    cause: (e) =>
      `The metadata at ${ev(e, 'url')} says issuer ${JSON.stringify(e.actual ?? null)}, but it was looked up for ${ev(e, 'expected')}${e.hint ? ` (${ev(e, 'hint')})` : ''}. RFC 8414 §3.3 requires them to be identical; MCP clients (2026-07-28) must reject the metadata.`,
    fix: (e) =>
      `Make authorization_servers in the protected resource metadata list exactly ${JSON.stringify(e.actual ?? '<the issuer>')}, or fix the authorization server's issuer setting.`,
  },
  AUTH_AS_NO_PKCE_S256: {
    severity: 'error',
    step: 'auth',
    title: 'Authorization server does not advertise PKCE S256',
    cause: (e) =>
      `code_challenge_methods_supported at ${ev(e, 'url')} is ${list(e, 'methods')}. MCP clients must refuse to authorize when S256 is not listed.`,
    fix: () => 'Enable PKCE with S256 at the authorization server and list it: "code_challenge_methods_supported": ["S256"].',
  },
  AUTH_AS_NO_JWKS_URI: {
    severity: 'warning',
    step: 'auth',
    title: 'Authorization server metadata has no jwks_uri',
    cause: (e) =>
      `The metadata at ${ev(e, 'url')} has no jwks_uri, so resource servers cannot verify JWT access tokens locally (and MCP Doctor could not verify the token).`,
    fix: () => 'Publish the signing keys and list them as "jwks_uri" in the metadata; or make the MCP server introspect tokens (RFC 7662).',
  },
  AUTH_DISCOVERY_OK: {
    severity: 'ok',
    step: 'auth',
    title: 'OAuth discovery works',
    cause: (e) =>
      `Protected resource metadata at ${ev(e, 'prmUrl')} → issuer ${ev(e, 'issuer')} (${e.kind === 'oidc' ? 'OpenID Connect' : 'RFC 8414'} metadata at ${ev(e, 'asMetadataUrl')}), JWKS ${ev(e, 'jwksUri', 'not listed')}.`,
    fix: () => 'Nothing to change here.',
  },
} satisfies Record<string, CatalogEntry>;

/** Whether auth is enforced, and what the server does with the user's token. */
const enforcementEntries = {
  AUTH_NOT_ENFORCED: {
    severity: 'error',
    step: 'auth',
    title: 'The server accepts requests it must refuse',
    cause: (e) =>
      `The server answered ${ev(e, 'status')} to ${PROBE_TEXT[String(e.probe)] ?? ev(e, 'probe')} on ${ev(e, 'url')}. ${e.probe === 'no-token' ? 'It advertises OAuth but does not require a token.' : 'It does not verify token signatures: anyone can forge a token.'}`,
    fix: () =>
      'Verify every request\'s token before handling it: signature against the issuer\'s JWKS with pinned algorithms, plus iss, aud and exp (jose: jwtVerify(token, createRemoteJWKSet(jwksUri), { issuer, audience, algorithms: ["RS256"] })); answer 401 with a WWW-Authenticate challenge otherwise.',
  },
  AUTH_ENFORCED_OK: {
    severity: 'ok',
    step: 'auth',
    title: 'Auth is enforced',
    cause: (e) => `The server refused a missing, malformed, unsigned and foreign-key token (${list(e, 'probes')}).`,
    fix: () => 'Nothing to change here.',
  },
  AUTH_PROBES_INCOMPLETE: {
    severity: 'info',
    step: 'auth',
    title: 'Auth probes stopped early',
    cause: (e) => `The auth probes stopped at "${ev(e, 'probe')}": ${ev(e, 'reason')}. Whether auth is enforced was not fully checked.`,
    fix: () => 'Run the diagnosis again later, or raise the rate limit for this client; probes can be turned off (authProbes: false).',
  },
  AUTH_INSUFFICIENT_SCOPE: {
    severity: 'error',
    step: 'auth',
    title: 'Server wants more scopes than the token has',
    cause: (e) =>
      `${ev(e, 'probe')} was refused with 403 insufficient_scope: the server requires ${list(e, 'required')}, the token grants ${list(e, 'granted')} (missing: ${list(e, 'missing')})${e.description ? `; "${ev(e, 'description')}"` : ''}.`,
    fix: (e) =>
      `Request a new token with scope="${[...((e.required as string[] | undefined) ?? [])].join(' ')}" (MCP clients step up automatically when the challenge names the scope).`,
  },
  AUTH_TOKEN_REJECTED: {
    severity: 'error',
    step: 'auth',
    title: 'The server rejects the token',
    cause: (e) =>
      `${ev(e, 'probe')} with the token was answered ${ev(e, 'status')}${e.error ? ` (${ev(e, 'error')}${e.description ? `: ${ev(e, 'description')}` : ''})` : ''}. The token findings above say why, if MCP Doctor could tell.`,
    fix: () =>
      "Fix the token problem reported above (expiry, audience, issuer, key); if the token checks out, compare the server's expected issuer/audience/JWKS settings with the authorization server metadata.",
  },
  AUTH_SERVER_REJECTS_VALID_TOKEN: {
    severity: 'error',
    step: 'auth',
    title: 'The server rejects a token that checks out',
    cause: (e) =>
      `${REJECTION_CAUSE[String(e.reason)] ?? "The MCP server's own token settings disagree with its authorization server, so it rejects valid tokens"} (it answered ${ev(e, 'status')}${e.error ? ` ${ev(e, 'error')}` : ''}${e.description ? `: "${ev(e, 'description')}"` : ''}). The token verifies against the authorization server's published keys${e.kid ? ` (kid ${ev(e, 'kid')})` : ''} and carries iss ${JSON.stringify(e.iss ?? null)} and aud ${JSON.stringify(e.aud ?? null)}, exactly what the discovery metadata announces.`,
    fix: (e) =>
      REJECTION_FIX[String(e.reason)]?.(e) ??
      "Compare the MCP server's token settings (expected issuer, audience, JWKS URL, algorithms) with the authorization server metadata, character by character, and restart it.",
  },
  AUTH_AUTHENTICATED_OK: {
    severity: 'ok',
    step: 'auth',
    title: 'Authenticated MCP works',
    cause: (e) =>
      `With the token, initialize and tools/list succeeded: ${ev(e, 'toolCount')} tool(s)${(e.tools as unknown[] | undefined)?.length ? ` (${list(e, 'tools')})` : ''}.`,
    fix: () => 'Nothing to change here.',
  },
  AUTH_NOT_REQUIRED: {
    severity: 'info',
    step: 'auth',
    title: 'The server does not require authentication',
    cause: (e) =>
      `${ev(e, 'url')} answered ${ev(e, 'status')} without a token and publishes no OAuth metadata: it is open to anyone who can reach it.`,
    fix: () => 'Fine for a local, loopback-only server. Anything reachable from a network should require OAuth (MCP authorization spec).',
  },
  AUTH_NO_TOKEN: {
    severity: 'info',
    step: 'auth',
    title: 'No token given: token checks skipped',
    cause: () =>
      "No access token was supplied, so the token's signature, claims and scopes were not checked, and authenticated initialize/tools/list were not tried.",
    fix: () => 'Pass a token: mcp-doctor diagnose <url> --token-env VAR (the variable holds the access token).',
  },
} satisfies Record<string, CatalogEntry>;

/** auth findings: OAuth discovery and enforcement. */
export const authEntries = { ...discoveryEntries, ...enforcementEntries } satisfies Record<string, CatalogEntry>;
