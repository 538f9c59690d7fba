import type { TimelineRun } from '../../src/shared/protocol';

/** A stretch of consecutive runs that reported the same failure code. */
export interface FailureSpan {
  readonly code: string;
  readonly from: string;
  /** Start of the last run that still had the code. */
  readonly to: string;
  /** Start of the first run without it; undefined while it is still failing. */
  readonly endedAt?: string;
  readonly runs: number;
}

export interface CertChange {
  readonly at: string;
  readonly from: string;
  readonly to: string;
}

/** Failure spans per code, in order of first appearance. */
export function failureSpans(runs: readonly TimelineRun[]): FailureSpan[] {
  const spans: FailureSpan[] = [];
  const open = new Map<string, { code: string; from: string; to: string; runs: number }>();
  for (const run of runs) {
    const codes = new Set(Array.isArray(run.codes) ? run.codes : []);
    for (const [code, span] of open) {
      if (codes.has(code)) continue;
      spans.push({ ...span, endedAt: run.at });
      open.delete(code);
    }
    for (const code of codes) {
      const span = open.get(code);
      if (span) open.set(code, { ...span, to: run.at, runs: span.runs + 1 });
      else open.set(code, { code, from: run.at, to: run.at, runs: 1 });
    }
  }
  spans.push(...open.values());
  return spans.sort((a, b) => a.from.localeCompare(b.from));
}

/** Runs where the leaf certificate differs from the previous run that saw one. */
export function certChanges(runs: readonly TimelineRun[]): CertChange[] {
  const changes: CertChange[] = [];
  let last: string | undefined;
  for (const run of runs) {
    if (!run.certFingerprint) continue;
    if (last && run.certFingerprint !== last) changes.push({ at: run.at, from: last, to: run.certFingerprint });
    last = run.certFingerprint;
  }
  return changes;
}
