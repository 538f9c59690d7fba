import { type DecodedToken } from '../../core/jwt/types';
import { scanTokens } from '../../core/scan/tokenScan';
import { type Engine } from '../engine';
import { type VerificationView } from './hoverContent';
import { type CachedJwks, type JwksCache } from './jwksCache';

/** Verification against cached keys only takes a moment; this bounds it anyway. */
const VERIFY_TIMEOUT_MS = 2000;

/**
 * The token in a piece of text: the first token-shaped span, else the whole (short) text when it
 * could be an opaque token. Undefined for empty text or text without anything token-like.
 */
export function extractToken(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const [first] = scanTokens(trimmed, { maxTokens: 1 }).tokens;
  if (first) return trimmed.slice(first.start, first.end);
  return /^[A-Za-z0-9\-._~+/]{16,4096}=*$/.test(trimmed) ? trimmed : undefined;
}

/** Verifies against one configured server's cached JWKS, with that server's expectations. */
export async function verifyWithJwks(engine: Engine, token: string, entry: CachedJwks, nowMs: number): Promise<VerificationView> {
  const result = await engine.verifyToken(token, {
    keySource: { jwks: entry.jwks, jwksUrl: entry.jwksUrl },
    issuer: entry.issuer,
    audience: entry.audience,
    requiredScopes: entry.requiredScopes,
    clock: { now: () => nowMs },
    signal: AbortSignal.timeout(VERIFY_TIMEOUT_MS),
    timeoutMs: VERIFY_TIMEOUT_MS,
  });
  return result.verified
    ? { status: 'verified', serverName: entry.serverName, result }
    : { status: 'failed', serverName: entry.serverName, result };
}

/**
 * Verifies a decoded JWS against the cached keys of configured servers whose issuer or key id
 * matches. Never fetches anything. The first set that verifies wins; else the first failure.
 */
export async function verifyFromCache(
  engine: Engine,
  cache: JwksCache,
  token: string,
  decoded: DecodedToken,
  nowMs: number,
): Promise<VerificationView> {
  if (decoded.kind !== 'jws') return { status: 'skipped' };
  const candidates = cache.candidatesFor(decoded.header, decoded.claims);
  if (candidates.length === 0) return { status: 'no-keys' };
  let firstFailure: VerificationView | undefined;
  for (const entry of candidates.slice(0, 5)) {
    const view = await verifyWithJwks(engine, token, entry, nowMs);
    if (view.status === 'verified') return view;
    firstFailure ??= view;
  }
  return firstFailure ?? { status: 'no-keys' };
}
