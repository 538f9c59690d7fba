import { type Finding } from '../findings/finding';
import { codeCell, mdCell, mdText } from './mdText';
import { type OAuthFlowReport } from '../oauth/types';

/** The flow as a Markdown document: a title, then the sequence (see {@link flowSequenceMarkdown}). */
export function flowMarkdown(report: OAuthFlowReport, findings: readonly Finding[]): string {
  return `${[`# Sign-in to ${mdText(report.resource)}`, '', ...flowSequenceMarkdown(report, findings, 2)].join('\n')}\n`;
}

/**
 * The flow as a readable sequence: the outcome, the timing, one table row per exchange (step,
 * request, status, verdict), then its findings under a heading of the given level. All of it redacted already.
 */
export function flowSequenceMarkdown(report: OAuthFlowReport, findings: readonly Finding[], headingLevel: number): string[] {
  const { totalMs, exchangesMs, waitingForUserMs } = report.timing;
  const lines = [
    report.stoppedAt
      ? `**Stopped at step "${report.stoppedAt}".**`
      : `**Signed in**${report.tools ? `: tools/list returned ${report.tools.length} tools (${report.tools.map(mdText).join(', ')})` : ''}.`,
    '',
    `${totalMs} ms in all: ${exchangesMs} ms of exchanges, ${waitingForUserMs} ms in the browser.`,
    '',
    '| | step | request | status | verdict |',
    '|---|---|---|---|---|',
    ...report.exchanges.map(
      (e) =>
        `| ${e.ok ? '✓' : '✗'} | ${e.step} | ${e.method} ${codeCell(e.url)} | ${e.status ?? mdCell(e.errorCode ?? '')} | ${mdCell(e.verdict)}${e.findings?.length ? ` (${e.findings.join(', ')})` : ''} |`,
    ),
  ];
  const problems = findings.filter((f) => f.severity !== 'ok');
  if (problems.length) {
    const h = '#'.repeat(headingLevel);
    lines.push('', `${h} Findings of the sign-in`);
    for (const f of problems) lines.push('', `${h}# ${f.code}: ${mdText(f.title)}`, '', mdText(f.cause), '', `**Fix:** ${mdText(f.fix)}`);
  }
  return lines;
}
