import { type Finding } from '../core/findings/finding';
import { type OAuthFlowReport } from '../core/oauth/types';
import { type Style } from './style';
import { terminalSafe as t } from './text';

/** The flow as a readable sequence: one line per exchange (step, method, status, URL, verdict), then its findings. */
export function renderFlow(report: OAuthFlowReport, findings: readonly Finding[], style: Style): string {
  const { totalMs, exchangesMs, waitingForUserMs } = report.timing;
  const head = report.stoppedAt
    ? style.bold(style.severity('error', `✗ Sign-in stopped at "${report.stoppedAt}"`))
    : style.bold(style.severity('ok', `✓ Signed in to ${t(report.resource)}${report.tools ? ` (${report.tools.length} tools)` : ''}`));
  const lines = [head, '', style.bold(`OAuth flow (${totalMs} ms: ${exchangesMs} ms of exchanges, ${waitingForUserMs} ms in the browser)`)];
  for (const e of report.exchanges) {
    const mark = e.ok ? style.severity('ok', '✓') : style.severity('error', '✗');
    const status = e.status !== undefined ? String(e.status) : (e.errorCode ?? '');
    lines.push(`  ${mark} ${e.step.padEnd(17)} ${e.method.padEnd(4)} ${status.padEnd(4)} ${style.dim(t(shorten(e.url)))}`);
    lines.push(`      ${t(e.verdict)}${e.findings?.length ? style.dim(` [${e.findings.join(', ')}]`) : ''}`);
  }
  if (report.prmUrls?.length) {
    lines.push('', style.bold('Protected resource metadata URLs'));
    for (const p of report.prmUrls)
      lines.push(
        `  ${p.works ? style.severity('ok', '✓') : style.severity('error', '✗')} ${p.kind.padEnd(13)} ${t(p.url)} ${style.dim(t(p.outcome))}`,
      );
  }
  const problems = findings.filter((f) => f.severity !== 'ok');
  if (problems.length) {
    lines.push('', style.bold('Flow findings'));
    for (const f of problems) {
      lines.push(`  ${style.severity(f.severity, f.code)} ${t(f.title)}`, `      ${t(f.cause)}`, `      ${style.bold('Fix:')} ${t(f.fix)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function shorten(url: string): string {
  return url.length > 160 ? `${url.slice(0, 157)}…` : url;
}
