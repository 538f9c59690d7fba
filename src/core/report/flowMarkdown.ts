import { type Finding } from '../findings/finding';
import { codeCell, mdCell, mdText } from './mdText';
import { type OAuthFlowReport } from '../oauth/types';

/** The flow as Markdown: one table row per exchange (step, request, status, verdict), then its findings. All of it redacted already. */
export function flowMarkdown(report: OAuthFlowReport, findings: readonly Finding[]): string {
  const { totalMs, exchangesMs, waitingForUserMs } = report.timing;
  const lines = [
    `# Sign-in to ${mdText(report.resource)}`,
    '',
    report.stoppedAt ? `**Stopped at step "${report.stoppedAt}".**` : `**Signed in**${report.tools ? `: tools/list returned ${report.tools.length} tools (${report.tools.map(mdText).join(', ')})` : ''}.`,
    '',
    `${totalMs} ms in all: ${exchangesMs} ms of exchanges, ${waitingForUserMs} ms in the browser.`,
    '',
    '| | step | request | status | verdict |',
    '|---|---|---|---|---|',
    ...report.exchanges.map((e) => `| ${e.ok ? '✓' : '✗'} | ${e.step} | ${e.method} ${codeCell(e.url)} | ${e.status ?? mdCell(e.errorCode ?? '')} | ${mdCell(e.verdict)}${e.findings?.length ? ` (${e.findings.join(', ')})` : ''} |`),
  ];
  const problems = findings.filter((f) => f.severity !== 'ok');
  if (problems.length) {
    lines.push('', '## Findings');
    for (const f of problems) lines.push('', `### ${f.code}: ${mdText(f.title)}`, '', mdText(f.cause), '', `**Fix:** ${mdText(f.fix)}`);
  }
  return `${lines.join('\n')}\n`;
}
