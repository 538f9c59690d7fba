import { type DiagnosisReport } from '../../../src/core/diagnose/report';
import { buildVerdict } from '../../../src/core/diagnose/verdict';
import { type Finding } from '../../../src/core/findings/finding';

/** A report as diagnose() would return it for these findings (verdict built by the real rule). */
export function reportWith(findings: Finding[], extra: Partial<DiagnosisReport> = {}): DiagnosisReport {
  return {
    tool: { name: 'mcp-doctor', version: 'test' },
    target: 'https://lab.test/mcp',
    startedAt: '2025-01-01T10:00:00.000Z',
    durationMs: 120,
    cancelled: false,
    verdict: buildVerdict(findings, false),
    steps: [],
    findings,
    ...extra,
  };
}
