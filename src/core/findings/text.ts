import { type Evidence } from './types';

/** The first sentence of a cause, for one-line verdicts. */
export function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1);
}

/** Reads an evidence field as display text, with a fallback for when the probe could not fill it. */
export function ev(evidence: Evidence, key: string, fallback = '?'): string {
  const value = evidence[key];
  if (value === undefined || value === null || value === '') return fallback;
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}
