/** Human wording for times, durations and sizes; pure, so the Markdown report can share the ideas. */

const UNITS: readonly [string, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** "3 hours ago" / "in 2 days", relative to `now` (the diagnosis time, so reports stay true later). */
export function relativeTime(atMs: number, nowMs: number): string {
  const delta = atMs - nowMs;
  const abs = Math.abs(delta);
  if (abs < 1000) return 'just now';
  const [unit, size] = UNITS.find(([, ms]) => abs >= ms) ?? UNITS[UNITS.length - 1];
  const count = Math.floor(abs / size);
  const phrase = `${count} ${unit}${count === 1 ? '' : 's'}`;
  return delta < 0 ? `${phrase} ago` : `in ${phrase}`;
}

/** "2026-05-01 14:03:07 UTC": unambiguous and the same in every time zone. */
export function utcDate(ms: number): string {
  if (!Number.isFinite(ms)) return 'invalid date';
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** Parses an ISO string, a date string or epoch milliseconds; undefined when it is not a date. */
export function toMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** "1.2 s" / "85 ms". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '';
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`;
}

/** "errorCode" → "Error code": one wording for keys everywhere (the evidence layout owns it). */
export { humanKey } from '../src/shared/evidence';
