import { scanTokens, tokenAt, type TokenSpan } from '../../core/scan/tokenScan';
import { type DecodedToken } from '../../core/jwt/types';
import { isExpired } from './hoverContent';

/** Read access to a document by offsets (a VS Code TextDocument adapts to it; tests use strings). */
export interface TextSource {
  readonly length: number;
  text(start: number, end: number): string;
}

/** Characters read on each side of the cursor: a token is never longer, and huge lines stay cheap. */
export const HOVER_WINDOW = 16 * 1024;
/** Characters scanned per visible range for decorations (minified 50 MB logs have giant lines). */
export const MAX_VISIBLE_SCAN = 512 * 1024;

/** The token under `offset`, with its absolute offsets; reads only a window around the cursor. */
export function tokenUnderCursor(source: TextSource, offset: number): { readonly text: string; readonly span: TokenSpan } | undefined {
  const start = Math.max(0, offset - HOVER_WINDOW);
  const end = Math.min(source.length, offset + HOVER_WINDOW);
  const window = source.text(start, end);
  const local = tokenAt(window, offset - start);
  if (!local) return undefined;
  // A token touching a window edge may be cut; it is longer than any real token anyway.
  if ((local.start === 0 && start > 0) || (local.end === window.length && end < source.length)) return undefined;
  return { text: window.slice(local.start, local.end), span: { ...local, start: local.start + start, end: local.end + start } };
}

/** Absolute ranges of expired JWTs within `[start, end)` of the source (bounded read). */
export function expiredTokenRanges(
  source: TextSource,
  start: number,
  end: number,
  decode: (token: string) => DecodedToken,
  nowMs: number,
): { start: number; end: number }[] {
  const from = Math.max(0, start);
  const to = Math.min(source.length, end, from + MAX_VISIBLE_SCAN);
  const text = source.text(from, to);
  const out: { start: number; end: number }[] = [];
  for (const span of scanTokens(text, { maxTokens: 200 }).tokens) {
    if (span.kind !== 'jws') continue;
    const decoded = decode(text.slice(span.start, span.end));
    if (decoded.kind === 'jws' && isExpired(decoded.claims, nowMs)) out.push({ start: from + span.start, end: from + span.end });
  }
  return out;
}

/** Whether `[start, end)` holds any signed JWT (cheap pre-check before loading the decoder). */
export function hasJws(source: TextSource, start: number, end: number): boolean {
  const from = Math.max(0, start);
  const text = source.text(from, Math.min(source.length, end, from + MAX_VISIBLE_SCAN));
  return scanTokens(text, { maxTokens: 200 }).tokens.some((t) => t.kind === 'jws');
}

/** A string as a TextSource. */
export function stringSource(text: string): TextSource {
  return { length: text.length, text: (start, end) => text.slice(start, end) };
}
