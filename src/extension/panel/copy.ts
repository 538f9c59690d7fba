import { renderMarkdownReport } from '../../core/report/markdown';
import { type PanelState, type WebviewToHost } from '../../shared/protocol';

/** The text behind a copy button, taken from the host's state (the webview sends no text). */
export function copyText(state: PanelState, message: Extract<WebviewToHost, { type: 'copy' | 'copyFindingFix' }>): string | undefined {
  const report = state.report;
  if (!report) return undefined;
  if (message.type === 'copyFindingFix') return report.findings[message.index]?.fix || undefined;
  if (message.target === 'fix') return report.verdict.fix;
  if (message.target === 'verdict')
    return `${report.target}: ${report.verdict.summary}${report.verdict.fix ? `\nFix: ${report.verdict.fix}` : ''}`;
  return renderMarkdownReport(report, state.context, {}, state.flow);
}
