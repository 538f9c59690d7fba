import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636): a 43-character verifier from 32 random bytes and its S256 challenge. */
export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier) };
}

export function s256(value: string): string {
  return createHash('sha256').update(value, 'ascii').digest('base64url');
}

/** An unguessable `state` value (CSRF protection for the redirect back). */
export function createState(): string {
  return randomBytes(16).toString('base64url');
}
