import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';

/** Claims for probe tokens: the real token's claims when we have them (so only the signature is wrong), made fresh. */
export function probeClaims(base: Readonly<Record<string, unknown>> | undefined, fallback: { issuer?: string; audience: string; scopes: readonly string[] }, nowMs: number): Record<string, unknown> {
  const now = Math.floor(nowMs / 1000);
  const claims: Record<string, unknown> = base
    ? { ...base }
    : { iss: fallback.issuer, aud: fallback.audience, sub: 'mcp-doctor-probe', ...(fallback.scopes.length ? { scope: fallback.scopes.join(' ') } : {}) };
  delete claims.nbf;
  return { ...claims, iat: now, exp: now + 300, jti: `mcp-doctor-probe-${randomUUID()}` };
}

/** An unsigned token (alg "none"): a server that accepts it checks nothing. */
export function unsignedToken(claims: Record<string, unknown>, kid: string | undefined): string {
  const header = { alg: 'none', typ: 'JWT', ...(kid ? { kid } : {}) };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(claims)}.`;
}

let foreignKey: ReturnType<typeof generateKeyPair> | undefined;

/**
 * A well-formed RS256 token signed by a key published nowhere. The key is generated once per
 * process: RSA key generation takes ~50-150 ms, which was a third of a warm diagnosis, and a fresh
 * key per run proves nothing a process-local one does not.
 */
export async function foreignKeyToken(claims: Record<string, unknown>, kid: string | undefined): Promise<string> {
  const { privateKey } = await foreignKeyPair();
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) }).sign(privateKey);
}

function foreignKeyPair(): ReturnType<typeof generateKeyPair> {
  foreignKey ??= generateKeyPair('RS256').catch((err: unknown) => {
    foreignKey = undefined;
    throw err;
  });
  return foreignKey;
}

/**
 * Starts generating the probes' key (on libuv's thread pool) so it is ready when the auth step
 * needs it: in a one-shot CLI run the generation was on the critical path (50-500 ms).
 */
export function prewarmForeignKey(): void {
  foreignKeyPair().catch(() => undefined);
}

/** Clearly not a token; servers should answer 401 (or 400 invalid_request). */
export const MALFORMED_PROBE_TOKEN = 'mcp-doctor-probe.not-a-valid-token';
