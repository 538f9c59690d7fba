import { type CatalogEntry, type Evidence } from '../types';
import { ev } from '../text';

const REFUSAL_CAUSE: Record<string, (e: Evidence) => string> = {
  'forbidden-address': (e) => `its host resolves to ${ev(e, 'address')} (${ev(e, 'addressKind', 'a forbidden address')})`,
  'plain-http': () => 'it is plain http and the MCP server is not on loopback',
  scheme: () => 'it is not an https URL',
  unresolvable: () => 'its host does not resolve',
};

/** Which clients miss the metadata, from the kinds of URL that failed. */
function missingFor(e: Evidence): string {
  const kinds = Array.isArray(e.failingKinds) ? e.failingKinds : [];
  const who = [
    kinds.includes('challenge') && "clients that follow the 401's resource_metadata (MCP 2025-06-18 and later) stop there",
    kinds.includes('path-inserted') &&
      "clients that build the path-inserted well-known URL (the spec's fallback) will not find your authorization server",
    kinds.includes('root') && 'clients that only try the root well-known URL will not find your authorization server',
  ].filter(Boolean);
  return who.length ? who.join('; ') : 'some clients will not find your authorization server';
}

/** OAuth error codes (RFC 6749 §4.1.2.1 / §5.2, RFC 8707) in plain words, with what to change. */
const OAUTH_ERRORS: Record<string, { readonly cause: string; readonly fix: string }> = {
  access_denied: {
    cause: 'the user (or a policy on the authorization server) refused the consent',
    fix: 'Sign in again and approve the consent screen; if a policy refused, ask the identity-provider admin to assign this user or app.',
  },
  invalid_scope: {
    cause: 'the authorization server does not know, or does not allow this client, one of the requested scopes',
    fix: "Request only scopes the authorization server lists in scopes_supported (mcp-doctor login --scope S), or add the scope to the client's allowed scopes on the authorization server.",
  },
  invalid_target: {
    cause:
      'the authorization server does not accept the requested resource (RFC 8707): the MCP server URL is not registered as a resource / API there',
    fix: 'Register the MCP server\'s canonical URL as a resource (API audience) on the authorization server, exactly as clients send it in resource=, or make the server\'s protected resource metadata "resource" match what is registered.',
  },
  invalid_client: {
    cause: 'the authorization server does not know this client or refused its authentication',
    fix: 'Use a client id registered on this authorization server (--client-id; VS Code: "clientId" in mcpDoctor.servers), or enable Dynamic Client Registration there.',
  },
  invalid_grant: {
    cause:
      'the authorization code or refresh token was refused (expired, used twice, issued to another client, or the PKCE verifier or redirect_uri did not match)',
    fix: 'Run the sign-in again; if it keeps failing, check that the authorization server keeps codes long enough and accepts PKCE S256 with a loopback redirect_uri on any port (RFC 8252 §7.3).',
  },
  invalid_request: {
    cause: 'the authorization server found the request malformed or missing a parameter it requires',
    fix: "Read error_description; a common cause is an authorization server that requires a parameter MCP clients do not send (e.g. Auth0's audience) or refuses resource=.",
  },
  unauthorized_client: {
    cause: 'this client may not use the authorization-code grant',
    fix: 'Allow the authorization_code (and refresh_token) grant types for this client on the authorization server.',
  },
  unsupported_response_type: {
    cause: 'the authorization server refused response_type=code for this client',
    fix: 'Allow the "code" response type for this client on the authorization server.',
  },
  server_error: { cause: 'the authorization server failed internally', fix: "Check the authorization server's logs." },
  temporarily_unavailable: { cause: 'the authorization server is overloaded or in maintenance', fix: 'Try again later.' },
};

const oauthError = (e: Evidence) => OAUTH_ERRORS[String(e.error)];

/** Identity providers whose tokens differ from what MCP expects, recognised from the issuer. */
const IDP_FIX: Record<string, (e: Evidence) => string> = {
  entra: (e) =>
    `Microsoft Entra v2 issues tokens whose aud is the API's application (client) id or its Application ID URI (api://…), not the MCP server URL. In the API's app registration set "Application ID URI" to ${ev(e, 'resource')} (Expose an API), set "accessTokenAcceptedVersion": 2 in its manifest, and have the MCP server accept that audience.`,
  keycloak: (e) =>
    `Keycloak puts no aud for a resource in access tokens without an audience mapper: add a client scope with an "Audience" mapper whose "Included Custom Audience" is ${ev(e, 'resource')} and assign it to the client (Keycloak 26+: enable the standard token exchange / resource indicators where available).`,
  auth0: (e) =>
    `Auth0 ignores resource= and issues an opaque token or one for its own /userinfo unless the API audience is set: create an API whose Identifier is ${ev(e, 'resource')}, and set it as the tenant's Default Audience (clients that only send resource= get it that way).`,
  okta: (e) =>
    `Okta custom authorization servers put their configured Audience in aud: set the authorization server's Audience to ${ev(e, 'resource')} (Security → API → Authorization Servers), and use that server's issuer (…/oauth2/<id>), not the org one.`,
  cognito: () =>
    'Amazon Cognito access tokens carry no aud (only client_id) and Cognito has no resource indicators: the MCP server must check client_id and scope instead of aud, or use a different authorization server for RFC 8707 audiences.',
};

/** The OAuth authorization flow, run step by step, and the URL-fetch rule. */
export const oauthEntries = {
  OAUTH_URL_REFUSED: {
    severity: 'error',
    step: 'auth',
    title: 'A URL the server named was not fetched',
    cause: (e) =>
      `The ${ev(e, 'purpose')} URL ${ev(e, 'url')} was named by the server or its authorization server, but ${(REFUSAL_CAUSE[String(e.reason)] ?? REFUSAL_CAUSE.scheme!)(e)}. MCP Doctor (like a careful client) never follows such a URL: a hostile server could use it to reach internal services such as a cloud instance's metadata.`,
    fix: (e) =>
      e.reason === 'forbidden-address'
        ? "Publish the metadata, keys and endpoints on the authorization server's public https URL; if this URL is not yours, the server (or a proxy in front of it) is pointing clients at an internal address: fix its configuration."
        : 'Serve every OAuth metadata document and endpoint over https (MCP requires it; plain http is only acceptable when the MCP server itself runs on loopback during development).',
  },
  OAUTH_PRM_PARTIAL: {
    severity: 'warning',
    step: 'auth',
    title: 'Protected resource metadata is found at only some of the URLs clients try',
    cause: (e) =>
      `The protected resource metadata answered at ${ev(e, 'working')} but not at ${ev(e, 'failing')}. Clients differ in which URL they try: ${missingFor(e)}.`,
    fix: (e) =>
      `Serve the same JSON at every one of: ${ev(e, 'all')} (MCP SDK: mcpAuthMetadataRouter serves the path-inserted one; add the root one for older clients), and point the 401 challenge's resource_metadata at one of them.`,
  },
  OAUTH_RESOURCE_METADATA_RELATIVE: {
    severity: 'error',
    step: 'auth',
    title: 'resource_metadata in the challenge is a relative URL',
    cause: (e) =>
      `The 401 challenge says resource_metadata="${ev(e, 'value')}". RFC 9728 §5.1 requires an absolute URL; many clients (the Python SDK, Claude) fail to parse it and stop.`,
    fix: (e) =>
      `Send the absolute URL: resource_metadata="${ev(e, 'absolute')}" (behind a proxy, build it from the public scheme and host).`,
  },
  OAUTH_NO_REGISTRATION: {
    severity: 'error',
    step: 'auth',
    title: 'No way for a new client to register',
    cause: (e) =>
      `The authorization server ${ev(e, 'issuer')} has no registration_endpoint (Dynamic Client Registration) and does not advertise client_id_metadata_document_supported, and no client id was given. MCP clients that are not pre-registered cannot sign in.`,
    fix: () =>
      'Pre-register a public client with a loopback redirect URI (http://127.0.0.1, any port) and pass its id (mcp-doctor login --client-id ID; in VS Code, "clientId" in the server entry of mcpDoctor.servers), or enable Dynamic Client Registration (RFC 7591) or Client ID Metadata Documents on the authorization server.',
  },
  OAUTH_DCR_REFUSED: {
    severity: 'error',
    step: 'auth',
    title: 'Dynamic Client Registration was refused',
    cause: (e) =>
      `POST ${ev(e, 'url')} answered ${ev(e, 'status')}${e.error ? ` ${ev(e, 'error')}` : ''}${e.errorDescription ? ` ("${ev(e, 'errorDescription')}")` : ''}: the authorization server would not register a public client with redirect URI ${ev(e, 'redirectUri')}.`,
    fix: (e) =>
      e.status === 401 || e.status === 403
        ? 'The registration endpoint requires an initial access token: open it to anonymous registration for public clients (RFC 7591 §3), or pre-register a client and pass --client-id ID (VS Code: "clientId" in mcpDoctor.servers).'
        : 'Allow public clients (token_endpoint_auth_method "none") with loopback redirect URIs on any port (RFC 8252 §7.3) and application_type "native" in the registration policy, or pre-register a client and pass --client-id ID (VS Code: "clientId" in mcpDoctor.servers).',
  },
  OAUTH_CIMD_INVALID: {
    severity: 'error',
    step: 'auth',
    title: 'The client ID metadata document cannot be used',
    cause: (e) =>
      `The client metadata document ${ev(e, 'url')} ${ev(e, 'problem')}. Authorization servers fetch it to learn the client; they refuse one that is not https, not reachable, or whose client_id is not exactly its own URL.`,
    fix: (e) =>
      `Serve the document over https at a URL with a path, with "client_id": "${ev(e, 'url')}", "redirect_uris" listing http://127.0.0.1/callback (authorization servers match a loopback redirect URI on any port) and "token_endpoint_auth_method": "none".`,
  },
  OAUTH_CIMD_UNSUPPORTED: {
    severity: 'warning',
    step: 'auth',
    title: 'The authorization server does not advertise client ID metadata documents',
    cause: (e) =>
      `A client metadata URL was given, but ${ev(e, 'issuer')} does not set client_id_metadata_document_supported: true, so it will most likely refuse the URL as a client id.`,
    fix: () =>
      'Enable Client ID Metadata Document support on the authorization server, or use a pre-registered client id (--client-id) or Dynamic Client Registration.',
  },
  OAUTH_AUTHORIZATION_ERROR: {
    severity: 'error',
    step: 'auth',
    title: 'The authorization server refused the authorization request',
    cause: (e) =>
      `The browser came back with error=${ev(e, 'error')}${e.errorDescription ? ` ("${ev(e, 'errorDescription')}")` : ''}: ${oauthError(e)?.cause ?? 'see the error description'}. Requested scope "${ev(e, 'scope', '')}", resource ${ev(e, 'resource')}.`,
    fix: (e) => oauthError(e)?.fix ?? "Read the error description and the authorization server's logs.",
  },
  OAUTH_STATE_MISMATCH: {
    severity: 'error',
    step: 'auth',
    title: 'The authorization response carried the wrong state',
    cause: (e) =>
      `The redirect back to the loopback listener ${e.present ? 'had a different state' : 'had no state'} than the one sent. Clients must discard such a response (CSRF protection).`,
    fix: () =>
      'Make the authorization server return the state parameter unchanged; a proxy or custom login page that rebuilds the redirect must keep it.',
  },
  OAUTH_ISS_MISSING: {
    severity: 'error',
    step: 'auth',
    title: 'The authorization response has no iss although the server advertises it',
    cause: (e) =>
      `${ev(e, 'issuer')} advertises authorization_response_iss_parameter_supported, but the redirect carried no iss parameter. Clients following RFC 9207 (required by MCP 2026-07-28) must reject the response.`,
    fix: () =>
      'Make the authorization server add iss=<issuer> to every authorization response (a custom login or consent page that builds the redirect itself must add it), or stop advertising authorization_response_iss_parameter_supported.',
  },
  OAUTH_ISS_MISMATCH: {
    severity: 'error',
    step: 'auth',
    title: 'The authorization response names another issuer',
    cause: (e) =>
      `The redirect carried iss="${ev(e, 'actual')}", but the authorization server's metadata issuer is "${ev(e, 'expected')}" (compared as plain strings, RFC 9207). Clients reject the response as a possible mix-up attack.`,
    fix: (e) =>
      `Make the authorization server send iss exactly as its metadata "issuer" (${ev(e, 'expected')}), including scheme, port and trailing slash.`,
  },
  OAUTH_CALLBACK_TIMEOUT: {
    severity: 'error',
    step: 'auth',
    title: 'The sign-in did not come back',
    cause: (e) =>
      e.cancelled
        ? 'The sign-in was cancelled before the browser came back to the loopback listener.'
        : `No redirect reached the loopback listener ${ev(e, 'redirectUri')} within ${ev(e, 'seconds')} s.`,
    fix: () =>
      'Finish the sign-in in the browser (use --no-browser to open the printed URL yourself); if the browser shows an error page instead, the authorization server does not accept the loopback redirect URI: allow http://127.0.0.1 on any port for this client.',
  },
  OAUTH_TOKEN_ERROR: {
    severity: 'error',
    step: 'auth',
    title: 'The token request was refused',
    cause: (e) =>
      `POST ${ev(e, 'url')} (${ev(e, 'grant')}) answered ${ev(e, 'status')}${e.error ? ` ${ev(e, 'error')}` : ''}${e.errorDescription ? ` ("${ev(e, 'errorDescription')}")` : ''}${oauthError(e) ? `: ${oauthError(e)!.cause}` : ''}.`,
    fix: (e) => oauthError(e)?.fix ?? "Read the error description and the authorization server's logs.",
  },
  OAUTH_TOKEN_RESPONSE_INVALID: {
    severity: 'error',
    step: 'auth',
    title: 'The token response is not what clients expect',
    cause: (e) => `The token endpoint ${ev(e, 'url')} answered 200, but ${ev(e, 'problems')}.`,
    fix: () =>
      'Return JSON with access_token, token_type "Bearer" (any case), expires_in in seconds and the granted scope (RFC 6749 §5.1).',
  },
  OAUTH_STEP_UP: {
    severity: 'info',
    step: 'auth',
    title: 'The server asked for more scopes; one step-up round was run',
    cause: (e) =>
      `With the first token the server answered 403 insufficient_scope asking for "${ev(e, 'challengeScope')}". As the spec says, the flow ran again with the union of scopes "${ev(e, 'scopes')}"${e.ok ? ' and that token was accepted' : ''}.`,
    fix: () =>
      "Nothing to do if the second token was accepted; to spare clients the extra round, put every scope the tools need in the 401 challenge's scope (or scopes_supported).",
  },
  OAUTH_REFRESH_FAILED: {
    severity: 'warning',
    step: 'auth',
    title: 'The refresh token does not work',
    cause: (e) =>
      `Refreshing with resource=${ev(e, 'resource')} ${e.status ? `answered ${ev(e, 'status')} ${ev(e, 'error', '')}` : `gave a token that ${ev(e, 'problem')}`}. Clients will have to send the user through the browser again when the token expires.`,
    fix: (e) =>
      oauthError(e)?.fix ?? 'Allow the refresh_token grant for this client and keep the resource (audience) on refresh (RFC 8707 §2.2).',
  },
  OAUTH_REFRESH_OK: {
    severity: 'ok',
    step: 'auth',
    title: 'Refresh works and keeps the resource',
    cause: (e) =>
      `A refresh with resource=${ev(e, 'resource')} returned a new access token${e.audienceKept ? ' for the same audience' : ''}.`,
    fix: () => 'Nothing to change here.',
  },
  OAUTH_IDP_AUDIENCE: {
    severity: 'warning',
    step: 'auth',
    title: 'This identity provider puts something else than the server URL in aud',
    cause: (e) =>
      `The issuer ${ev(e, 'issuer')} is ${ev(e, 'providerName')}, and the token's aud is ${ev(e, 'aud', 'absent')} instead of ${ev(e, 'resource')}: MCP clients and servers that check aud against the server URL will reject it.`,
    fix: (e) => (IDP_FIX[String(e.provider)] ?? IDP_FIX.okta!)(e),
  },
  OAUTH_FLOW_OK: {
    severity: 'ok',
    step: 'auth',
    title: 'Signed in: the OAuth flow works end to end',
    cause: (e) =>
      `The flow got a token from ${ev(e, 'issuer')} (${ev(e, 'registration')}) and the server accepted it: tools/list returned ${ev(e, 'toolCount')} tools (${ev(e, 'tools', 'none')}).`,
    fix: () => 'Nothing to change here.',
  },
  OAUTH_FLOW_STOPPED: {
    severity: 'error',
    step: 'auth',
    title: 'The OAuth flow stopped',
    cause: (e) => `The flow stopped at step "${ev(e, 'step')}": ${ev(e, 'reason')}.`,
    fix: (e) => String(e.fix ?? 'See the finding for that step.'),
  },
} satisfies Record<string, CatalogEntry>;
