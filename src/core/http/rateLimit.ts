/** What a 429 (or 503) says about when to come back. */
export interface RateLimitInfo {
  /** From Retry-After (seconds or HTTP date), else from a numeric RateLimit-Reset. */
  readonly retryAfterSeconds?: number;
  /** The RateLimit / X-RateLimit headers as sent, joined for display (e.g. "limit=10, remaining=0"). */
  readonly rateLimit?: string;
}

const RATE_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['ratelimit', 'ratelimit'],
  ['ratelimit-policy', 'policy'],
  ['ratelimit-limit', 'limit'],
  ['ratelimit-remaining', 'remaining'],
  ['ratelimit-reset', 'reset'],
  ['x-ratelimit-limit', 'limit'],
  ['x-ratelimit-remaining', 'remaining'],
  ['x-ratelimit-reset', 'reset'],
];

/** Reads Retry-After and the RateLimit headers (IETF drafts and the common X- variants). */
export function parseRateLimit(headers: Readonly<Record<string, string>>, nowMs: number): RateLimitInfo {
  const parts: string[] = [];
  for (const [name, label] of RATE_HEADERS) {
    const value = headers[name];
    if (value !== undefined) parts.push(`${label}=${value.slice(0, 80)}`);
  }
  const retryAfter = retryAfterSeconds(headers['retry-after'], nowMs) ?? numericReset(headers);
  return {
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
    ...(parts.length ? { rateLimit: parts.join(', ') } : {}),
  };
}

function retryAfterSeconds(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/** Draft RateLimit-Reset is delta seconds; X-RateLimit-Reset is often an epoch time, which we skip. */
function numericReset(headers: Readonly<Record<string, string>>): number | undefined {
  const value = headers['ratelimit-reset']?.trim();
  return value && /^\d{1,6}$/.test(value) ? Number(value) : undefined;
}
