import type { DiagnosisReport, Finding } from '../../src/shared/protocol';
import { h } from '../dom';
import { badge, evidenceTable, section, toneMark, toneOf } from './common';
import { stepLabel } from './steps';

/** Copies one finding's fix (through the host in VS Code, locally in a standalone page). */
export type CopyFindingFix = (index: number, fix: string) => void;

/** Findings grouped by the step they belong to, worst first within each step. */
export function findingsSection(report: DiagnosisReport, copyFix: CopyFindingFix): HTMLElement {
  const findings = report.findings ?? [];
  const byStep = new Map<string, { finding: Finding; index: number }[]>();
  findings.forEach((finding, index) => {
    const list = byStep.get(finding.step) ?? [];
    list.push({ finding, index });
    byStep.set(finding.step, list);
  });
  const order = [...(report.steps ?? []).map((s) => s.name as string), ...byStep.keys()];
  const groups = [...new Set(order)].filter((step) => byStep.has(step));
  return section(
    'findings',
    `Findings (${findings.length})`,
    findings.length === 0 ? h('p', {}, 'No findings.') : null,
    groups.map((step) =>
      h(
        'div',
        { class: 'finding-group', attrs: { 'data-step': step } },
        h('h3', {}, stepLabel(step)),
        (byStep.get(step) ?? []).map(({ finding, index }) => findingCard(finding, index, copyFix)),
      ),
    ),
  );
}

/** One finding: title and code, cause, fix (with a copy button when `copyFix` is given) and evidence. */
export function findingCard(finding: Finding, index: number, copyFix?: CopyFindingFix): HTMLElement {
  const tone = toneOf(finding.severity);
  const open = finding.severity === 'error' || finding.severity === 'warning';
  return h(
    'details',
    { class: `finding finding-${tone}`, attrs: { open, 'data-code': finding.code } },
    h('summary', {}, toneMark(tone), ' ', h('span', { class: 'finding-title' }, finding.title), ' ', badge(finding.code, 'code-badge')),
    h('p', { class: 'cause' }, h('strong', {}, 'Cause: '), finding.cause),
    finding.fix && copyFix
      ? h(
          'div',
          { class: 'finding-fix' },
          h('strong', {}, 'Fix: '),
          h('pre', { class: 'fix-text' }, finding.fix),
          h(
            'vscode-button',
            { attrs: { secondary: true, 'aria-label': `Copy fix for ${finding.code}` }, on: { click: () => copyFix(index, finding.fix) } },
            'Copy',
          ),
        )
      : finding.fix
        ? h('div', { class: 'finding-fix' }, h('strong', {}, 'Fix: '), h('pre', { class: 'fix-text' }, finding.fix))
        : null,
    evidenceBlock(finding.evidence),
  );
}

function evidenceBlock(evidence: Finding['evidence'] | undefined): HTMLElement | null {
  const table = evidence ? evidenceTable(evidence) : null;
  return table ? h('div', { class: 'evidence' }, h('h4', {}, 'Evidence'), table) : null;
}
