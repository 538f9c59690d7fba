import { code, mdCell } from '../../core/report/mdText';
import { headline, seconds, STATUS_WORD, totals, whereDefined } from './describe';
import { type CheckOutcome, type CheckStatus } from './outcome';

const ICON: Record<CheckStatus, string> = { ok: '✅', failed: '❌', unauthenticated: '⚠️', cancelled: '⏹️' };

/** The Markdown table for `$GITHUB_STEP_SUMMARY`: one row per server, and the first fix of each failed one. */
export function renderStepSummary(outcomes: readonly CheckOutcome[], totalMs: number, cwd: string): string {
  const rows = outcomes.map(
    (o) =>
      `| ${ICON[o.status]} ${STATUS_WORD[o.status]} | ${mdCell(o.name)} | ${code(whereDefined(o, cwd)).replace(/\|/g, '\\|')} | ${mdCell(headline(o))} | ${seconds(o.durationMs)} |`,
  );
  const fixes = outcomes.flatMap((o) =>
    o.status === 'failed' && o.report?.verdict.fix ? [`- **${mdCell(o.name)}**: ${mdCell(o.report.verdict.fix)}`] : [],
  );
  return [
    '## MCP Doctor: server check',
    '',
    `${totals(outcomes)} in ${seconds(totalMs)}`,
    '',
    '| | Server | Defined at | Verdict | Time |',
    '|---|---|---|---|---|',
    ...rows,
    ...(fixes.length ? ['', '### What to change', '', ...fixes] : []),
    '',
  ].join('\n');
}
