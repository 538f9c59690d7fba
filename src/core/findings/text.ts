import { type Evidence } from './types';

/** The first sentence of a cause, for one-line verdicts. */
export function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1);
}

/** Evidence shown in a sentence is capped: a hostile server can put 1,000 names in a certificate. */
export const MAX_EVIDENCE_ITEMS = 20;
export const MAX_EVIDENCE_CHARS = 1000;

/** Reads an evidence field as display text, with a fallback for when the probe could not fill it. */
export function ev(evidence: Evidence, key: string, fallback = '?'): string {
  const value = evidence[key];
  if (value === undefined || value === null || value === '') return fallback;
  if (Array.isArray(value)) {
    const more = value.length > MAX_EVIDENCE_ITEMS ? ` and ${value.length - MAX_EVIDENCE_ITEMS} more` : '';
    return clip(value.slice(0, MAX_EVIDENCE_ITEMS).map(String).join(', ')) + more;
  }
  return clip(String(value));
}

function clip(text: string): string {
  return text.length > MAX_EVIDENCE_CHARS ? `${text.slice(0, MAX_EVIDENCE_CHARS)}… (${text.length} characters)` : text;
}
