import { jsonTooDeep } from '../json/depth';
import { isPlainObject } from '../json/parse';

const ALPHABET = /^[A-Za-z0-9_-]*$/;

/**
 * Strict base64url (RFC 7515 §2): only the URL-safe alphabet, no padding, no whitespace, and
 * canonical (unused trailing bits zero). Returns undefined for anything else, where some decoders
 * silently skip bad characters and so accept strings that are not the signed bytes.
 */
export function decodeBase64UrlStrict(segment: string): Buffer | undefined {
  if (!ALPHABET.test(segment) || segment.length % 4 === 1) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

/** Parses a base64url segment as a JSON object; undefined when it is not one. */
export function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64UrlStrict(segment);
  if (!bytes || bytes.length === 0) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (jsonTooDeep(text)) return undefined; // would overflow the stack wherever it is shown
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
