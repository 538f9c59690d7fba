import { type CatalogEntry } from '../types';
import { ev } from '../text';

const where = (e: Record<string, unknown>) => (e.jwksUrl ? ` from ${ev(e, 'jwksUrl')}` : '');
const list = (e: Record<string, unknown>, key: string) => ev(e, key, 'none');

/** Token (JWT) findings: decoding, signature, claims. */
const tokenEntries = {
  JWT_MALFORMED: {
    severity: 'error',
    step: 'jwt',
    title: 'Token is malformed',
    cause: (e) => `${ev(e, 'problem', 'The token could not be parsed.')} Servers reject such a token with 401 before looking at it.`,
    fix: () =>
      'Copy the token again, whole and unmodified (no quotes, line breaks or "Bearer " inside it), or get a fresh one from the authorization server.',
  },
  JWT_ENCRYPTED: {
    severity: 'info',
    step: 'jwt',
    title: 'Token is encrypted (JWE)',
    cause: (e) =>
      `The token has 5 parts: it is an encrypted JWT (alg ${ev(e, 'alg')}, enc ${ev(e, 'enc')}). Its claims can only be read with the resource server's private key.`,
    fix: () =>
      'Nothing to fix if the MCP server holds the decryption key. To inspect it, decrypt it on the server, or ask the authorization server for its introspection endpoint (RFC 7662).',
  },
  JWT_OPAQUE: {
    severity: 'info',
    step: 'jwt',
    title: 'Token is opaque (not a JWT)',
    cause: (e) =>
      `The token (${ev(e, 'length')} characters) is not a JWT, so it carries no readable claims and cannot be verified locally. The MCP server must validate it by introspection (RFC 7662) at the authorization server.`,
    fix: () =>
      'If the MCP server expects JWTs, configure the authorization server to issue JWT access tokens for this resource (often a per-API "access token format" setting, or requesting the token with resource=<MCP server URL>). Otherwise make sure the server introspects tokens.',
  },
  JWT_ALG_NONE: {
    severity: 'error',
    step: 'jwt',
    title: 'Token is unsigned (alg "none")',
    cause: () =>
      'The token header says alg "none": it has no signature, so anyone can write one. A server must never accept it (RFC 8725 §3.2).',
    fix: () =>
      'Get a real signed token from the authorization server. If a server accepted this token, pin its allowed algorithms (jose: jwtVerify(token, jwks, { algorithms: ["RS256"] })).',
  },
  JWT_ALG_CONFUSION: {
    severity: 'error',
    step: 'jwt',
    title: 'HMAC token checked against public keys (algorithm confusion)',
    cause: (e) =>
      `The token is signed with ${ev(e, 'alg')} (a shared secret), but the keys${where(e)} are public keys (${list(e, 'allowed')}). ${e.forgedWithPublicKey ? `The token verifies as an HMAC keyed with the public key ${ev(e, 'forgedWithPublicKey')}: it is a forgery built from public data.` : 'This is the RS256→HS256 attack pattern, or a token from a different issuer.'}`,
    fix: () =>
      'Reject it: verifiers must pin asymmetric algorithms (algorithms: ["RS256"]) and never feed a public key to an HMAC check. Get a token from the authorization server that published these keys.',
  },
  JWT_ALG_NOT_ALLOWED: {
    severity: 'error',
    step: 'jwt',
    title: 'Token algorithm does not match the keys',
    cause: (e) =>
      `The token uses ${ev(e, 'alg')}, but the keys${where(e)} only allow ${list(e, 'allowed')}${e.keyAlg || e.keyUse ? ` (key ${ev(e, 'kid')} is declared alg ${ev(e, 'keyAlg', 'unset')}, use ${ev(e, 'keyUse', 'unset')})` : ''}${e.unsupported ? '; the algorithm or a critical header is not supported' : ''}.`,
    fix: () =>
      'Make the authorization server sign with the algorithm its published key declares (or publish the key with the right "alg"/"use"). Verifiers should keep algorithms pinned to the key.',
  },
  JWT_UNSAFE_HEADER: {
    severity: 'warning',
    step: 'jwt',
    title: 'Token header tries to name its own key',
    cause: (e) =>
      `The token header carries ${e.headers && (e.headers as unknown[]).length ? list(e, 'headers') : 'a suspicious kid'}${(e.urls as unknown[] | undefined)?.length ? ` (pointing at ${list(e, 'urls')})` : ''}${e.kidSuspicious ? `; its kid "${ev(e, 'kid')}" contains path or quote characters` : ''}. A verifier that takes keys from the token itself accepts anything (RFC 8725 §3.10). MCP Doctor ignored them.`,
    fix: () =>
      'Verifiers must take keys only from the configured jwks_uri. If your authorization server emits these headers, turn that off; if a server accepts keys from them, fix it now.',
  },
  JWT_SIGNATURE_INVALID: {
    severity: 'error',
    step: 'jwt',
    title: 'Token signature is invalid',
    cause: (e) =>
      `The ${ev(e, 'alg')} signature does not verify with key ${ev(e, 'kid', '(no kid)')}${where(e)}. The token was modified, or it was signed by a different key with the same kid (another environment, tenant or a regenerated key).`,
    fix: () =>
      'Get a fresh token from the authorization server this MCP server trusts (same environment/tenant as its jwks_uri). If tokens are minted by a test script, sign them with the key that is published.',
  },
  JWT_KEY_UNUSABLE: {
    severity: 'error',
    step: 'jwt',
    title: 'Key cannot verify this token',
    cause: (e) =>
      `The key ${ev(e, 'kid', '(no kid)')}${where(e)} could not be used for ${ev(e, 'alg')} (${ev(e, 'errorCode', 'no code')}: ${ev(e, 'detail', 'no detail')}). Typical reasons: an RSA key under 2048 bits, a key for another curve, or a damaged key.`,
    fix: () => 'Publish a sound signing key (RSA ≥ 2048 bits, or P-256) with the right "alg", and re-issue the token with it.',
  },
  JWT_KEY_FILE_INVALID: {
    severity: 'error',
    step: 'jwt',
    title: 'Verification key could not be loaded',
    cause: (e) =>
      `The ${ev(e, 'source', 'key file')} ${e.path ? `${ev(e, 'path')} ` : ''}${ev(e, 'problem', 'could not be used as a verification key')}.`,
    fix: () =>
      'Pass a PEM public key or certificate (-----BEGIN PUBLIC KEY----- / CERTIFICATE), a JWK or a JWKS JSON file, or use --jwks URL.',
  },
  JWT_EXPIRED: {
    severity: 'error',
    step: 'jwt',
    title: 'Token has expired',
    cause: (e) =>
      `The token expired ${ev(e, 'ago')} ago (exp ${ev(e, 'exp')}, now ${ev(e, 'now')}${e.lifetime ? `; it was valid for ${ev(e, 'lifetime')}` : ''}). ${Number(e.agoMs) < 300_000 ? "That is only minutes: if it was just issued, this machine's clock may be ahead of the authorization server's." : 'Servers reject it with 401 invalid_token.'}`,
    fix: (e) =>
      `Get a new token (your client should refresh it automatically). ${Number(e.agoMs) < 300_000 ? 'Check clocks: timedatectl status (NTP on both machines), or allow a small clockTolerance (≤ 60 s) on the server.' : ''}`.trim(),
  },
  JWT_NOT_YET_VALID: {
    severity: 'error',
    step: 'jwt',
    title: 'Token is not valid yet',
    cause: (e) =>
      `The token's ${ev(e, 'claim')} is ${ev(e, 'at')}, ${ev(e, 'ahead')} ahead of this machine's clock (${ev(e, 'now')}). The authorization server's clock and this machine's disagree.`,
    fix: () =>
      'Synchronise clocks (NTP: timedatectl set-ntp true) on the authorization server, the MCP server and this machine; a verifier may allow a small clockTolerance (≤ 60 s).',
  },
  JWT_NO_EXPIRY: {
    severity: 'warning',
    step: 'jwt',
    title: 'Token never expires',
    cause: () =>
      'The token has no "exp" claim, so a leaked copy works forever. Many verifiers (jose with requiredClaims: ["exp"]) reject it.',
    fix: () =>
      'Configure the authorization server to set an access-token lifetime (minutes to an hour), and require exp on the MCP server.',
  },
  JWT_ISSUER_MISMATCH: {
    severity: 'error',
    step: 'jwt',
    title: 'Token issuer does not match',
    cause: (e) =>
      `The token's iss is ${JSON.stringify(e.actual ?? null)}, but ${ev(e, 'expected')} is expected${e.hint ? ` (${ev(e, 'hint')})` : ''}. The comparison is exact, so the server rejects the token.`,
    fix: (e) =>
      `Set the MCP server's expected issuer to exactly the authorization server's "issuer" metadata value (${ev(e, 'expected')}), or get the token from that issuer.`,
  },
  JWT_AUDIENCE_MISMATCH: {
    severity: 'error',
    step: 'jwt',
    title: 'Token was not issued for this MCP server',
    cause: (e) =>
      `The token's aud is ${JSON.stringify(e.actual ?? null)}, but this server is ${ev(e, 'expected')}${e.hint ? ` (${ev(e, 'hint')})` : ''}. MCP servers must reject tokens issued for another audience (RFC 8707).`,
    fix: (e) =>
      `Request the token with resource=${ev(e, 'expected')} (RFC 8707 resource indicator) so the authorization server puts it in aud, and make the server's expected audience exactly that URL (scheme, host, port, path, no trailing slash).`,
  },
  JWT_SCOPE_MISSING: {
    severity: 'error',
    step: 'jwt',
    title: 'Token lacks required scopes',
    cause: (e) =>
      `The token grants ${list(e, 'granted')} but ${list(e, 'required')} ${(e.required as unknown[] | undefined)?.length === 1 ? 'is' : 'are'} required; missing: ${list(e, 'missing')}. The server answers 403 insufficient_scope.`,
    fix: (e) =>
      `Request the token with scope="${[...((e.required as string[] | undefined) ?? [])].join(' ')}" (and allow those scopes for the client at the authorization server).`,
  },
  JWT_WRONG_TOKEN_TYPE: {
    severity: 'warning',
    step: 'jwt',
    title: 'This looks like the wrong kind of token',
    cause: (e) =>
      e.idToken
        ? `The token looks like an OpenID Connect ID token (${list(e, 'idTokenClaims')}${e.typ ? `, typ ${ev(e, 'typ')}` : ''}), which proves a login to a client, not access to an API (RFC 8725 §3.12). Its aud is usually the client id.`
        : `The token's typ is "${ev(e, 'typ')}", not an access token type (at+jwt or JWT).`,
    fix: () => 'Send the access_token from the token response, not the id_token. Prefer at+jwt access tokens (RFC 9068).',
  },
  JWT_UNVERIFIED: {
    severity: 'warning',
    step: 'jwt',
    title: 'Signature NOT verified',
    cause: (e) =>
      `${e.reason === 'keys-unavailable' ? 'The verification keys could not be loaded (see the JWKS finding)' : 'No key was available'}, so the token's signature was NOT checked. Its claims are shown as written, and anyone could have written them: do not treat this token as valid.`,
    fix: () =>
      "Verify against the issuer's keys: mcp-doctor jwt <token> --jwks <jwks_uri> (or --key FILE, --secret-env VAR), or diagnose the MCP server URL so its JWKS is discovered.",
  },
  JWT_WEAK_SECRET: {
    severity: 'error',
    step: 'jwt',
    title: 'Token is signed with a weak secret',
    cause: (e) =>
      e.source === 'dictionary'
        ? `The ${ev(e, 'alg')} token verifies with a well-known default secret (${ev(e, 'secretLength')} characters, from MCP Doctor's short list of tutorial and sample secrets). Anyone can forge tokens for this server.`
        : `The ${ev(e, 'alg')} secret is only ${ev(e, 'secretLength')} bytes; HMAC secrets that short can be cracked offline from a single token.`,
    fix: () =>
      'Rotate now: generate a random secret of at least 32 bytes (openssl rand -base64 48), or better, switch to an asymmetric algorithm (RS256/ES256) with a published JWKS.',
  },
  JWT_VERIFIED: {
    severity: 'ok',
    step: 'jwt',
    title: 'Token verified',
    cause: (e) =>
      `Signature verified with ${ev(e, 'alg')} key ${ev(e, 'kid', '(no kid)')}${where(e)}${e.issuerMatch === true ? '; issuer matches' : ''}${e.audienceMatch === true ? '; audience matches' : ''}.`,
    fix: () => 'Nothing to change here.',
  },
} satisfies Record<string, CatalogEntry>;

/** JSON Web Key Set findings. */
const jwksEntries = {
  JWKS_UNREACHABLE: {
    severity: 'error',
    step: 'jwt',
    title: 'JWKS cannot be fetched',
    cause: (e) =>
      `GET ${ev(e, 'url')} failed (${ev(e, 'errorCode')})${e.tls ? ': a TLS/certificate problem between this machine and the key server' : ''}. Without the keys, the MCP server cannot verify any token and answers 401 (or 500).`,
    fix: (e) =>
      e.tls
        ? "Make the key server's certificate trusted where the MCP server runs (NODE_EXTRA_CA_CERTS=/path/ca.pem for Node), or fix its certificate chain."
        : `Check that the jwks_uri is right and reachable from the MCP server (curl -sS ${ev(e, 'url')}); check proxies and firewalls between them.`,
  },
  JWKS_REDIRECTED: {
    severity: 'error',
    step: 'jwt',
    title: 'JWKS URL redirects',
    cause: (e) =>
      `${ev(e, 'url')} answers ${ev(e, 'status')} and redirects to ${ev(e, 'finalUrl')}. Verifiers such as jose's createRemoteJWKSet do not follow redirects ("Expected 200 OK from the JSON Web Key Set HTTP response"), so token checks fail.`,
    fix: (e) =>
      `Configure the final URL: jwks_uri = ${ev(e, 'finalUrl')} (in the authorization server metadata, or in the MCP server's JWKS setting).`,
  },
  JWKS_INVALID: {
    severity: 'error',
    step: 'jwt',
    title: 'JWKS is not a valid key set',
    cause: (e) =>
      `${ev(e, 'url', 'The key set')} ${ev(e, 'problem', 'is not a valid JSON Web Key Set')}${e.contentType ? ` (Content-Type ${ev(e, 'contentType')})` : ''}.`,
    fix: () =>
      'Point jwks_uri at the JSON key set itself (typically …/.well-known/jwks.json or …/jwks), not at a page behind a login proxy; it must return {"keys":[…]} with status 200.',
  },
  JWKS_EMPTY: {
    severity: 'error',
    step: 'jwt',
    title: 'JWKS has no keys',
    cause: (e) => `${ev(e, 'url', 'The key set')} contains no keys, so no token can be verified.`,
    fix: () => "Publish the authorization server's signing key (check its key configuration or key rotation job).",
  },
  JWKS_PRIVATE_KEY_EXPOSED: {
    severity: 'error',
    step: 'jwt',
    title: 'JWKS publishes PRIVATE keys',
    cause: (e) =>
      `${ev(e, 'url', 'The key set')} contains private key material: ${list(e, 'keys')}. Anyone who fetched it can sign tokens. jose refuses such a set ("JSON Web Key Set members must be public keys").`,
    fix: () =>
      'Treat the keys as compromised: generate new ones, publish only the public members (kty, n, e / crv, x, y, kid, alg, use), and revoke tokens signed with the old ones.',
  },
  JWKS_KID_NOT_FOUND: {
    severity: 'error',
    step: 'jwt',
    title: 'Token key id is not in the JWKS',
    cause: (e) =>
      `${e.kid ? `The token's kid "${ev(e, 'kid')}" is` : `No key for ${ev(e, 'alg')} is`} not in the freshly fetched JWKS${where(e)} (kids: ${list(e, 'kids')}). Either the token comes from another issuer/environment, or keys were rotated: verifiers cache JWKS (jose: 30 s cooldown, 10 min max age) and may not see a new kid yet.`,
    fix: () =>
      "Get a token from the issuer whose jwks_uri the server uses. After a key rotation, publish the new key before signing with it and keep the old one until its tokens expire; restart or reload the server's JWKS cache if it is stale.",
  },
  JWKS_KEY_PROBLEM: {
    severity: 'warning',
    step: 'jwt',
    title: 'A JWKS key is unusable for verification',
    cause: (e) => `Key ${ev(e, 'kid')} in ${ev(e, 'url', 'the key set')}: ${list(e, 'problems')}.`,
    fix: () => 'Publish signing keys with kty, kid, use "sig" (or omit use) and an "alg" that matches the key type.',
  },
  JWKS_WEAK_KEY: {
    severity: 'error',
    step: 'jwt',
    title: 'JWKS has an RSA key under 2048 bits',
    cause: (e) =>
      `Key ${ev(e, 'kid')} is RSA ${ev(e, 'bits')} bits. jose and most libraries refuse RSA keys under 2048 bits, so tokens signed with it fail.`,
    fix: () => 'Generate a new RSA key of at least 2048 bits (or a P-256 EC key) and publish it.',
  },
  JWKS_KID_PROBLEM: {
    severity: 'warning',
    step: 'jwt',
    title: 'JWKS key ids are missing or duplicated',
    cause: (e) => {
      const duplicates = Array.isArray(e.duplicates) ? e.duplicates.length : 0;
      const missing = Number(e.missing) > 0 ? `${ev(e, 'missing')} without a kid` : '';
      const dup = duplicates > 0 ? `duplicate kids: ${list(e, 'duplicates')}` : '';
      return `${ev(e, 'url', 'The key set')} has ${ev(e, 'keyCount')} keys; ${[missing, dup].filter(Boolean).join(' and ') || 'kids are missing or repeated'}. Verifiers cannot pick the right key and fail ("multiple matching keys").`;
    },
    fix: () => 'Give every key a unique kid, and put the kid in the header of each token.',
  },
  JWKS_OK: {
    severity: 'ok',
    step: 'jwt',
    title: 'JWKS is reachable and sound',
    cause: (e) => `${ev(e, 'url', 'The key set')} has ${ev(e, 'keyCount')} key(s): ${list(e, 'kids')}.`,
    fix: () => 'Nothing to change here.',
  },
} satisfies Record<string, CatalogEntry>;

/** jwt findings (tokens and key sets). */
export const jwtEntries = { ...tokenEntries, ...jwksEntries } satisfies Record<string, CatalogEntry>;
