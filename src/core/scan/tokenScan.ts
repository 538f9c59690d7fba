/**
 * Finds bearer tokens (JWS, JWE, opaque `Bearer …` values) in arbitrary text.
 *
 * Hand-written and linear: every character of the scanned range is examined a bounded number of
 * times (at most three), there is no backtracking and no regular expression over unbounded input,
 * so a 50 MB log or an adversarial line (`eyJeyJeyJ…`, megabytes of base64url) cannot stall the
 * editor. The step counter is part of the result so tests can assert linearity without timing.
 */

/** `jws`: signed JWT (three segments). `jwe`: encrypted JWT (five). `opaque`: a non-JWT after `Bearer`. */
export type TokenKind = 'jws' | 'jwe' | 'opaque';

export interface TokenSpan {
  /** Offset of the first character, inclusive. */
  readonly start: number;
  /** Offset after the last character, exclusive. */
  readonly end: number;
  readonly kind: TokenKind;
}

export interface ScanOptions {
  /** Where to start scanning (default 0). A token that straddles it is still found whole. */
  readonly start?: number;
  /** Where to stop scanning (default text.length). A token that straddles it is still found whole. */
  readonly end?: number;
  /** Stop after this many tokens (default 1000). */
  readonly maxTokens?: number;
  /** Longer runs are never tokens and are skipped without being parsed (default 65 536). */
  readonly maxTokenLength?: number;
}

export interface ScanResult {
  readonly tokens: TokenSpan[];
  /** Character examinations performed: linear in the scanned length. */
  readonly steps: number;
}

export const DEFAULT_MAX_TOKEN_LENGTH = 65_536;
const DEFAULT_MAX_TOKENS = 1000;
const MIN_OPAQUE_LENGTH = 8;
const MIN_HEADER_LENGTH = 8;
const DOT = 0x2e;

interface Cursor {
  steps: number;
}

/** Scans `text` (or a range of it) for tokens, in order of appearance. */
export function scanTokens(text: string, options: ScanOptions = {}): ScanResult {
  const maxLength = options.maxTokenLength ?? DEFAULT_MAX_TOKEN_LENGTH;
  const maxTokens = options.maxTokens ?? DEFAULT_MAX_TOKENS;
  const cursor: Cursor = { steps: 0 };
  const from = extendBackward(text, clamp(options.start ?? 0, text.length), maxLength, cursor);
  const to = extendForward(text, clamp(options.end ?? text.length, text.length), maxLength, cursor);
  const tokens: TokenSpan[] = [];
  let i = from;
  while (i < to && tokens.length < maxTokens) {
    cursor.steps++;
    if (!isTokenChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const runStart = i;
    while (i < to && isTokenChar(text.charCodeAt(i))) {
      cursor.steps++;
      i++;
    }
    if (i - runStart > maxLength) continue;
    const token = classifyRun(text, runStart, i, cursor) ?? opaqueBearer(text, runStart, i, to, cursor);
    if (token) {
      tokens.push(token);
      i = Math.max(i, token.end);
    }
  }
  return { tokens, steps: cursor.steps };
}

/** The token that contains `offset` (or ends right at it), if any. */
export function tokenAt(text: string, offset: number, options: Omit<ScanOptions, 'start' | 'end'> = {}): TokenSpan | undefined {
  const at = clamp(offset, text.length);
  const { tokens } = scanTokens(text, { ...options, start: at, end: Math.min(text.length, at + 1) });
  return tokens.find((t) => t.start <= at && at <= t.end);
}

/** base64url alphabet plus the JWT segment separator. */
function isTokenChar(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === DOT;
}

/** Extra characters an opaque RFC 6750 b64token may carry. */
function isOpaqueExtraChar(c: number): boolean {
  return c === 0x7e || c === 0x2b || c === 0x2f || c === 0x3d;
}

function clamp(n: number, max: number): number {
  return Math.max(0, Math.min(max, Math.floor(n)));
}

function extendBackward(text: string, at: number, limit: number, cursor: Cursor): number {
  let i = at;
  while (i > 0 && at - i <= limit && isTokenChar(text.charCodeAt(i - 1))) {
    cursor.steps++;
    i--;
  }
  return i;
}

function extendForward(text: string, at: number, limit: number, cursor: Cursor): number {
  let i = at;
  while (i < text.length && i - at <= limit && isTokenChar(text.charCodeAt(i))) {
    cursor.steps++;
    i++;
  }
  return i;
}

/**
 * A run is a JWT when its last three (JWS) or five (JWE) dot-separated segments have the right
 * shape. Only the last seven segment starts are kept, so a run of a million dots costs O(run).
 */
function classifyRun(text: string, a: number, b: number, cursor: Cursor): TokenSpan | undefined {
  const starts: number[] = [a];
  for (let i = a; i < b; i++) {
    cursor.steps++;
    if (text.charCodeAt(i) !== DOT) continue;
    starts.push(i + 1);
    if (starts.length > 7) starts.shift();
  }
  const whole = matchSegments(text, starts, b);
  if (whole || text.charCodeAt(b - 1) !== DOT || starts.length < 2) return whole;
  // A trailing dot is usually the end of a sentence, not an empty JWS signature.
  return matchSegments(text, starts.slice(0, -1), b - 1);
}

function matchSegments(text: string, starts: readonly number[], end: number): TokenSpan | undefined {
  const n = starts.length;
  const segEnd = (k: number): number => (k + 1 < n ? starts[k + 1] - 1 : end);
  const isJsonSegment = (k: number): boolean => text.startsWith('eyJ', starts[k]);
  if (n >= 3) {
    const h = n - 3;
    if (isJsonSegment(h) && segEnd(h) - starts[h] >= MIN_HEADER_LENGTH && isJsonSegment(h + 1)) {
      return { start: starts[h], end, kind: 'jws' };
    }
  }
  if (n >= 5) {
    const h = n - 5;
    const nonEmpty = (k: number): boolean => segEnd(k) > starts[k];
    if (isJsonSegment(h) && segEnd(h) - starts[h] >= MIN_HEADER_LENGTH && nonEmpty(h + 2) && nonEmpty(h + 3) && nonEmpty(h + 4)) {
      return { start: starts[h], end, kind: 'jwe' };
    }
  }
  return undefined;
}

/** `Bearer <value>` where the value is not a JWT: still a credential, shown as opaque. */
function opaqueBearer(text: string, a: number, b: number, limit: number, cursor: Cursor): TokenSpan | undefined {
  if (!followsBearer(text, a, cursor)) return undefined;
  let end = b;
  while (end < limit && end - a <= DEFAULT_MAX_TOKEN_LENGTH) {
    const c = text.charCodeAt(end);
    if (!isTokenChar(c) && !isOpaqueExtraChar(c)) break;
    cursor.steps++;
    end++;
  }
  return end - a >= MIN_OPAQUE_LENGTH ? { start: a, end, kind: 'opaque' } : undefined;
}

/** Looks back over at most 16 blanks and the word itself: constant work per run. */
function followsBearer(text: string, at: number, cursor: Cursor): boolean {
  let i = at;
  while (i > 0 && at - i < 16 && (text.charCodeAt(i - 1) === 0x20 || text.charCodeAt(i - 1) === 0x09)) {
    cursor.steps++;
    i--;
  }
  if (i === at || i < 6) return false;
  cursor.steps += 6;
  if (text.slice(i - 6, i).toLowerCase() !== 'bearer') return false;
  const before = i > 6 ? text.charCodeAt(i - 7) : 0x20;
  return !((before >= 0x41 && before <= 0x5a) || (before >= 0x61 && before <= 0x7a));
}
