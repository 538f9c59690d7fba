/** Median and spread of repeated timings; ratios are of medians. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Interquartile range (p25..p75). */
  readonly p25: number;
  readonly p75: number;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0, median: NaN, min: NaN, max: NaN, p25: NaN, p75: NaN };
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    n: sorted.length,
    median: round(quantile(sorted, 0.5)),
    min: round(sorted[0]!),
    max: round(sorted[sorted.length - 1]!),
    p25: round(quantile(sorted, 0.25)),
    p75: round(quantile(sorted, 0.75)),
  };
}

export function ratio(a: Summary, b: Summary): number {
  return Math.round((a.median / b.median) * 1000) / 1000;
}

/** "123 ms (IQR 110–140, min 100, max 180, n 9)". */
export function describe(s: Summary, unit = 'ms'): string {
  return `${s.median} ${unit} (IQR ${s.p25}–${s.p75}, min ${s.min}, max ${s.max}, n ${s.n})`;
}

/**
 * Runs the two measurements alternately (A B, B A, A B ...) so drift in machine load hits both
 * equally. Each callback returns one sample (milliseconds).
 */
export async function alternate(reps: number, a: () => Promise<number>, b: () => Promise<number>): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < reps; i++) {
    if (i % 2 === 0) {
      out.a.push(await a());
      out.b.push(await b());
    } else {
      out.b.push(await b());
      out.a.push(await a());
    }
  }
  return out;
}
