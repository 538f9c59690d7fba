import { catalog, type FindingCode } from './catalog/index';
import { type EvidenceOf } from './evidence/index';
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

/** A finding of one known code, with the evidence that code declares (narrow with {@link isFindingOf}). */
export interface FindingOf<C extends FindingCode> extends Finding {
  readonly code: C;
  readonly evidence: EvidenceOf<C> & Evidence;
}

/** Optional per-use adjustments; the catalog stays the single source of wording. */
export interface FindingOverrides {
  readonly severity?: Severity;
  readonly step?: StepName;
}

/**
 * Builds a finding from its catalog entry and the evidence the probe gathered. The evidence is
 * checked at compile time against the code's declared type (src/core/findings/evidence/).
 */
export function makeFinding<C extends FindingCode>(code: C, evidence: EvidenceOf<C>, overrides: FindingOverrides = {}): FindingOf<C> {
  const entry: CatalogEntry = catalog[code];
  const data = evidence as EvidenceOf<C> & Evidence;
  return {
    code,
    severity: overrides.severity ?? entry.severity,
    step: overrides.step ?? entry.step,
    title: typeof entry.title === 'function' ? entry.title(data) : entry.title,
    cause: entry.cause(data),
    fix: entry.fix(data),
    evidence: data,
  };
}

/** The same finding at another severity (the text does not depend on it). */
export function withSeverity(finding: Finding, severity: Severity): Finding {
  return { ...finding, severity };
}

/** Narrows a finding to one code, so its evidence reads with that code's type. */
export function isFindingOf<C extends FindingCode>(finding: Finding, code: C): finding is FindingOf<C> {
  return finding.code === code;
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, ok: 3 };

/** Orders findings worst first, keeping pipeline order within a severity (stable sort). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
