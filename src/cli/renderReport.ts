import { type DiagnosisReport } from '../core/diagnose/report';
import { type Finding } from '../core/findings/finding';
import { type Severity } from '../core/findings/types';
import { type Style } from './style';

const MARK: Record<Severity, string> = { error: '✗', warning: '!', info: 'i', ok: '✓' };

/** Human output: the verdict first, then steps with timings, then findings with cause and fix. */
export function renderReport(report: DiagnosisReport, style: Style): string {
  return [...verdictLines(report, style), '', ...stepLines(report, style), '', ...findingLines(report.findings, style)].join('\n') + '\n';
}

function verdictLines(report: DiagnosisReport, style: Style): string[] {
  const { verdict } = report;
  const head = style.bold(style.severity(verdict.severity, `${MARK[verdict.severity]} ${verdict.summary}`));
  const lines = [`${style.dim(report.target)}`, head];
  if (verdict.fix) lines.push(`  ${style.bold('Fix:')} ${verdict.fix}`);
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
    lines.push(`      ${f.cause}`);
    if (f.severity !== 'ok') lines.push(`      ${style.bold('Fix:')} ${f.fix}`);
  }
  return lines;
}
