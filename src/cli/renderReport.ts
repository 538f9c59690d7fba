import { type DiagnosisReport } from '../core/diagnose/report';
import { type Finding } from '../core/findings/finding';
import { type Severity } from '../core/findings/types';
import { mcpLines, redirectLines, tlsLines, tokenLines } from './renderSections';
import { configLocationLines } from './renderConfigLocations';
import { type Style } from './style';
import { terminalSafe as t } from './text';

const MARK: Record<Severity, string> = { error: '✗', warning: '!', info: 'i', ok: '✓' };

/**
 * Human output: the verdict first, then steps with timings, then what each probe saw (chain and
 * client trust, redirects, MCP, token), then every finding with cause and fix.
 */
export function renderReport(report: DiagnosisReport, style: Style, now = Date.now()): string {
  return (
    [
      ...verdictLines(report, style),
      '',
      ...stepLines(report, style),
      '',
      ...tlsLines(report.tls, style),
      ...redirectLines(report.redirects, style),
      ...mcpLines(report.mcp, style),
      ...tokenLines(report.auth, style, now),
      ...findingLines(report.findings, style),
      ...configLocationLines(report, style),
    ].join('\n') + '\n'
  );
}

function verdictLines(report: DiagnosisReport, style: Style): string[] {
  const { verdict } = report;
  const head = style.bold(style.severity(verdict.severity, `${MARK[verdict.severity]} ${t(verdict.summary)}`));
  const lines = [`${style.dim(t(report.target))}`, head];
  if (verdict.fix) lines.push(`  ${style.bold('Fix:')} ${t(verdict.fix)}`);
  return lines;
}

function stepLines(report: DiagnosisReport, style: Style): string[] {
  const lines = [style.bold(`Steps (${report.durationMs} ms)`)];
  for (const step of report.steps) {
    const timing = step.status === 'skipped' || step.status === 'cancelled' ? (step.note ?? step.status) : `${step.durationMs} ms`;
    lines.push(`  ${style.status(step.status, step.status.padEnd(9))} ${step.name.padEnd(7)} ${style.dim(timing)}`);
  }
  return lines;
}

function findingLines(findings: readonly Finding[], style: Style): string[] {
  if (findings.length === 0) return [style.dim('No findings.')];
  const lines = [style.bold('Findings')];
  for (const f of findings) {
    lines.push(`  ${style.severity(f.severity, `${MARK[f.severity]} ${f.code}`)} ${style.dim(`[${f.step}]`)} ${f.title}`);
    lines.push(`      ${t(f.cause)}`);
    if (f.severity !== 'ok') lines.push(`      ${style.bold('Fix:')} ${t(f.fix)}`);
  }
  return lines;
}
