import { type Evidence } from './types';

/** Reads an evidence field as display text, with a fallback for when the probe could not fill it. */
export function ev(evidence: Evidence, key: string, fallback = '?'): string {
  const value = evidence[key];
  if (value === undefined || value === null || value === '') return fallback;
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value);
}
