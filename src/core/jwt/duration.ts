const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/**
 * A duration in words, at most two units, rounded down: 3h20m10s → "3 hours 20 minutes".
 * Sign is ignored; under one second is "less than a second". Pure, so hovers and reports share it.
 */
export function humanDuration(ms: number): string {
  if (!Number.isFinite(ms)) return 'an unknown time';
  let rest = Math.floor(Math.abs(ms));
  if (rest < 1000) return 'less than a second';
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count} ${name}${count === 1 ? '' : 's'}`);
      rest -= count * size;
    } else if (parts.length > 0) break;
  }
  return parts.join(' ');
}

/** "3 hours ago" or "in 5 minutes", relative to `nowMs`. */
export function relativeTime(targetMs: number, nowMs: number): string {
  const delta = targetMs - nowMs;
  if (Math.abs(delta) < 1000) return 'now';
  return delta < 0 ? `${humanDuration(delta)} ago` : `in ${humanDuration(delta)}`;
}

/** A NumericDate claim (seconds) as an ISO string, or undefined when it is not a usable number. */
export function numericDateToIso(seconds: unknown): string | undefined {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds)) return undefined;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
