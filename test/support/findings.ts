// Reading findings in tests: the codes found, and one finding by its code (failing with what was found instead).
import assert from 'node:assert/strict';

/** Anything that carries findings: a pipeline outcome, a diagnosis report, a decode or verify result. */
export interface WithFindings<F extends { readonly code: string }> {
  readonly findings: readonly F[];
}

/** The codes of the findings, in their order. */
export function codes<F extends { readonly code: string }>(from: WithFindings<F>): string[] {
  return from.findings.map((f) => f.code);
}

/** The first finding with this code; fails the test, listing the codes found, when there is none. */
export function findingOf<F extends { readonly code: string }>(from: WithFindings<F>, code: string): F {
  const found = from.findings.find((f) => f.code === code);
  assert.ok(found, `expected ${code} among ${codes(from).join(', ') || 'no findings'}`);
  return found;
}
