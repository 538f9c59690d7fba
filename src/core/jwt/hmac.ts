import { createHmac, createPublicKey, type JsonWebKey, timingSafeEqual } from 'node:crypto';
import { type JWK } from 'jose';
import { decodeBase64UrlStrict } from './base64url';

const HASH: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/**
 * Well-known secrets from tutorials, samples and defaults. A token that verifies with one of these
 * can be forged by anyone. Kept small on purpose: this is a smoke test, not a cracker.
 */
export const COMMON_SECRETS: readonly string[] = [
  '',
  'secret',
  'Secret',
  'SECRET',
  'secretkey',
  'secret-key',
  'secret_key',
  'mysecret',
  'my-secret',
  'my_secret',
  'supersecret',
  'super-secret',
  'topsecret',
  'jwt',
  'jwt-secret',
  'jwt_secret',
  'jwtsecret',
  'JWT_SECRET',
  'your-256-bit-secret',
  'your-384-bit-secret',
  'your-512-bit-secret',
  'your-secret',
  'your_jwt_secret',
  'yoursecret',
  'changeme',
  'change-me',
  'changeit',
  'password',
  'passw0rd',
  'Password1',
  '123456',
  '12345678',
  'qwerty',
  'admin',
  'test',
  'testing',
  'dev',
  'development',
  'default',
  'key',
  'private',
  'shhhhh',
  'keyboard cat',
  's3cr3t',
  'hello',
  'token',
  'auth',
  'access',
  'example',
  'demo',
  'sample',
  'mcp',
  'mcp-secret',
  'oauth',
  'CHANGE_ME',
];

export function isHmacAlg(alg: unknown): alg is 'HS256' | 'HS384' | 'HS512' {
  return typeof alg === 'string' && HASH[alg] !== undefined;
}

/** Whether an HS* compact JWS verifies with these key bytes (constant-time compare). */
export function hmacVerifies(token: string, alg: string, key: Uint8Array | string): boolean {
  const hash = HASH[alg];
  const dot = token.lastIndexOf('.');
  const signature = decodeBase64UrlStrict(token.slice(dot + 1));
  if (!hash || dot < 0 || !signature || signature.length === 0) return false;
  const expected = createHmac(hash, key).update(token.slice(0, dot)).digest();
  return expected.length === signature.length && timingSafeEqual(expected, signature);
}

/** Index-free answer: whether a common secret verifies the token (the secret itself is not returned). */
export function findsCommonSecret(token: string, alg: string): { readonly found: boolean; readonly secretLength?: number } {
  const match = COMMON_SECRETS.find((secret) => hmacVerifies(token, alg, secret));
  return match === undefined ? { found: false } : { found: true, secretLength: match.length };
}

/**
 * The classic RS256→HS256 attack: an HMAC keyed with the server's public key in PEM form.
 * Returns the kid of the public key that verifies the token this way, if any.
 */
export function forgedWithPublicKey(token: string, alg: string, keys: readonly JWK[]): string | undefined {
  for (const jwk of keys.slice(0, 50)) {
    const pem = publicPem(jwk);
    if (!pem) continue;
    if ([pem, pem.trimEnd()].some((candidate) => hmacVerifies(token, alg, candidate))) return jwk.kid ?? '(no kid)';
  }
  return undefined;
}

function publicPem(jwk: JWK): string | undefined {
  try {
    return createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
  } catch {
    return undefined;
  }
}
