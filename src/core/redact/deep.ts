import { scanTokens } from '../scan/tokenScan';
import { isSensitiveName, redactHeaderValue } from './headers';
import { redactSecret } from './secret';

export interface RedactOptions {
  /**
   * Secret strings known to the caller (tokens, client secrets, header values from mcp.json).
   * Every occurrence is replaced, also URL-encoded. Values shorter than {@link MIN_SECRET_LENGTH}
   * are ignored: replacing them would mangle ordinary text without protecting anything.
   */
  readonly secrets?: readonly string[];
  /** Also redact anything that looks like a bearer token (JWTs, `Bearer …`). Default true. */
  readonly scanTokens?: boolean;
}

export const MIN_SECRET_LENGTH = 6;
const MAX_DEPTH = 64;

/** Redacts known secrets and token-shaped text in a string. */
export function redactText(text: string, options: RedactOptions = {}): string {
  let out = text;
  for (const secret of secretVariants(options.secrets ?? [])) {
    if (out.includes(secret)) out = out.split(secret).join(redactSecret(secret));
  }
  return options.scanTokens === false ? out : redactTokenSpans(out);
}

/**
 * A deep copy of `value` with every secret redacted: strings via {@link redactText}, and any
 * string field named like a credential (`authorization`, `client_secret`, `x-api-key`, …)
 * replaced wholesale. Cycles and excessive depth become markers instead of throwing.
 */
export function redactDeep<T>(value: T, options: RedactOptions = {}): T {
  const variants = secretVariants(options.secrets ?? []);
  alreadyVariants.add(variants);
  const prepared: RedactOptions = { ...options, secrets: variants };
  return walk(value, prepared, new WeakSet(), 0) as T;
}

function walk(value: unknown, options: RedactOptions, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redactText(value, options);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, options, seen, depth + 1));
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Error) return { name: value.name, message: redactText(value.message, options) };
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value)) {
      const redacted =
        typeof item === 'string' && isSensitiveName(key) ? redactHeaderValue(key, item) : walk(item, options, seen, depth + 1);
      entries.push([key, redacted]);
    }
    // fromEntries defines own properties, so a `__proto__` key stays data and never re-prototypes.
    return Object.fromEntries(entries);
  } finally {
    seen.delete(value);
  }
}

/** Lists `redactDeep` prepared (never exposed): every string of its walk would otherwise redo them. */
const alreadyVariants = new WeakSet<readonly string[]>();

/** Longest first, so a secret containing another is replaced whole. */
function secretVariants(secrets: readonly string[]): readonly string[] {
  if (alreadyVariants.has(secrets)) return secrets;
  const all = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) continue;
    all.add(secret);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) all.add(encoded);
  }
  return [...all].sort((a, b) => b.length - a.length);
}

function redactTokenSpans(text: string): string {
  const { tokens } = scanTokens(text);
  if (tokens.length === 0) return text;
  let out = '';
  let last = 0;
  for (const token of tokens) {
    out += text.slice(last, token.start) + redactSecret(text.slice(token.start, token.end));
    last = token.end;
  }
  return out + text.slice(last);
}
