import { catalog, type FindingCode } from './catalog/index';
import { type CatalogEntry, type Evidence, type Severity, type StepName } from './types';

/** One diagnosis result: a value, never an exception. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly step: StepName;
  readonly title: string;
  readonly cause: string;
  readonly fix: string;
  readonly evidence: Evidence;
}

/** Optional per-use adjustments; the catalog stays the single source of wording. */
export interface FindingOverrides {
  readonly severity?: Severity;
  readonly step?: StepName;
}

/** Builds a finding from its catalog entry and the evidence the probe gathered. */
export function makeFinding(code: FindingCode, evidence: Evidence = {}, overrides: FindingOverrides = {}): Finding {
  const entry: CatalogEntry = catalog[code];
  return {
    code,
    severity: overrides.severity ?? entry.severity,
    step: overrides.step ?? entry.step,
    title: typeof entry.title === 'function' ? entry.title(evidence) : entry.title,
    cause: entry.cause(evidence),
    fix: entry.fix(evidence),
    evidence,
  };
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, ok: 3 };

/** Orders findings worst first, keeping pipeline order within a severity (stable sort). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
