import type { JSONWebKeySet } from 'jose';

/** Public keys of a configured server's authorization server, fetched from its discovered `jwks_uri`. */
export interface CachedJwks {
  readonly serverId: string;
  readonly serverName: string;
  readonly jwksUrl: string;
  /** Issuer from the authorization server metadata (or the server's expectedIssuer setting). */
  readonly issuer?: string;
  /** Audience the server expects (setting, or its canonical URL). */
  readonly audience?: string;
  readonly requiredScopes?: readonly string[];
  readonly jwks: JSONWebKeySet;
  readonly fetchedAt: number;
}

/** Keys older than this are fetched again on the next diagnosis. */
export const JWKS_MAX_AGE_MS = 3600_000;

/**
 * JWKS of configured servers only. Hovers verify against what is here and never fetch: a URL
 * named by a token (`iss`, `jku`) is attacker-controlled, so it is never contacted.
 */
export class JwksCache {
  private readonly entries = new Map<string, CachedJwks>();

  set(entry: CachedJwks): void {
    this.entries.set(entry.serverId, entry);
  }

  get(serverId: string): CachedJwks | undefined {
    return this.entries.get(serverId);
  }

  isFresh(serverId: string, jwksUrl: string, nowMs: number): boolean {
    const entry = this.entries.get(serverId);
    return entry !== undefined && entry.jwksUrl === jwksUrl && nowMs - entry.fetchedAt < JWKS_MAX_AGE_MS;
  }

  /** Sets that could verify this token: issuer match first, then sets holding its `kid`. */
  candidatesFor(
    header: Readonly<Record<string, unknown>> | undefined,
    claims: Readonly<Record<string, unknown>> | undefined,
  ): CachedJwks[] {
    const iss = typeof claims?.iss === 'string' ? claims.iss : undefined;
    const kid = typeof header?.kid === 'string' ? header.kid : undefined;
    const all = [...this.entries.values()];
    const byIssuer = iss === undefined ? [] : all.filter((e) => e.issuer !== undefined && sameIssuer(e.issuer, iss));
    const byKid = kid === undefined ? [] : all.filter((e) => !byIssuer.includes(e) && e.jwks.keys.some((k) => k.kid === kid));
    return [...byIssuer, ...byKid];
  }

  clear(): void {
    this.entries.clear();
  }
}

function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
