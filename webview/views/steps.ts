import type { DiagnosisReport } from '../../src/shared/protocol';
import { h } from '../dom';
import { duration } from '../format';
import { section, toneMark, toneOf } from './common';

/** Display names of pipeline steps (the engine's step ids are terse). */
export const STEP_LABEL: Readonly<Record<string, string>> = {
  config: 'Configuration',
  dns: 'DNS lookup',
  tcp: 'TCP connect',
  tls: 'TLS handshake',
  http: 'HTTP',
  mcp: 'MCP protocol',
  auth: 'Authorization',
  jwt: 'Token',
  proxy: 'Proxy',
  deploy: 'Deployment',
};

export function stepLabel(step: string): string {
  return STEP_LABEL[step] ?? step;
}

/** The pipeline as an ordered list: status and time per step, with why a step was skipped. */
export function stepsSection(report: DiagnosisReport): HTMLElement {
  const steps = report.steps ?? [];
  return section(
    'steps',
    `Steps (${duration(report.durationMs)} in total)`,
    h(
      'ol',
      { class: 'steps' },
      steps.map((step) =>
        h(
          'li',
          { class: `step step-${toneOf(step.status)}`, attrs: { 'data-step': step.name } },
          h('span', { class: 'step-name' }, stepLabel(step.name)),
          toneMark(toneOf(step.status), step.status),
          h('span', { class: 'step-time' }, step.status === 'skipped' ? '' : duration(step.durationMs)),
          step.note ? h('span', { class: 'step-note' }, step.note) : null,
        ),
      ),
    ),
  );
}
