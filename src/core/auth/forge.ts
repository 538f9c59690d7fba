import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { type JsonStore } from '../store/jsonStore';

/** Claims for probe tokens: the real token's claims when we have them (so only the signature is wrong), made fresh. */
export function probeClaims(
  base: Readonly<Record<string, unknown>> | undefined,
  fallback: { issuer?: string; audience: string; scopes: readonly string[] },
  nowMs: number,
): Record<string, unknown> {
  const now = Math.floor(nowMs / 1000);
  const claims: Record<string, unknown> = base
    ? { ...base }
    : {
        iss: fallback.issuer,
        aud: fallback.audience,
        sub: 'mcp-doctor-probe',
        ...(fallback.scopes.length ? { scope: fallback.scopes.join(' ') } : {}),
      };
  delete claims.nbf;
  return { ...claims, iat: now, exp: now + 300, jti: `mcp-doctor-probe-${randomUUID()}` };
}

/** An unsigned token (alg "none"): a server that accepts it checks nothing. */
export function unsignedToken(claims: Record<string, unknown>, kid: string | undefined): string {
  const header = { alg: 'none', typ: 'JWT', ...(kid ? { kid } : {}) };
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode(header)}.${encode(claims)}.`;
}

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

let foreignKey: Promise<SigningKey> | undefined;

/** Where the throwaway key is remembered (see prewarmForeignKey). */
export const FOREIGN_KEY_STORE_KEY = 'auth-probe-throwaway-key';

/**
 * A well-formed RS256 token signed by a key published nowhere. The key is generated once per
 * process, or once per cache (see prewarmForeignKey), and a fresh key per run proves nothing a
 * remembered one does not.
 */
export async function foreignKeyToken(claims: Record<string, unknown>, kid: string | undefined): Promise<string> {
  const privateKey = await foreignKeyPair();
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid ? { kid } : {}) }).sign(privateKey);
}

function foreignKeyPair(store?: JsonStore): Promise<SigningKey> {
  foreignKey ??= rememberedOrNew(store).catch((err: unknown) => {
    foreignKey = undefined;
    throw err;
  });
  return foreignKey;
}

async function rememberedOrNew(store: JsonStore | undefined): Promise<SigningKey> {
  const remembered = await store?.get<JWK>(FOREIGN_KEY_STORE_KEY).catch(() => undefined);
  if (remembered?.kty === 'RSA' && typeof remembered.d === 'string') {
    const key = await importJWK(remembered, 'RS256').catch(() => undefined);
    if (key) return key;
  }
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  if (store)
    void exportJWK(privateKey)
      .then((jwk) => store.set(FOREIGN_KEY_STORE_KEY, jwk))
      .catch(() => undefined);
  return privateKey;
}

/**
 * Starts getting the probes' key ahead of the auth step. Generating an RSA key takes 20-500 ms
 * (a random prime search, on libuv's thread pool), the largest and most variable cost of a CLI
 * run, so with a store the key is remembered: a throwaway key that signs only tokens the server
 * must refuse, never sent anywhere, authorising nothing.
 */
export function prewarmForeignKey(store?: JsonStore): void {
  foreignKeyPair(store).catch(() => undefined);
}

/** Clearly not a token; servers should answer 401 (or 400 invalid_request). */
export const MALFORMED_PROBE_TOKEN = 'mcp-doctor-probe.not-a-valid-token';
