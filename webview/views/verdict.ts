import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { DiagnosisReport, PanelAction, PanelFix, WebviewToHost } from '../../src/shared/protocol';
import { h } from '../dom';
import { type Tone, toneMark, toneOf } from './common';

/** What the verdict card needs from the app: send a host message or copy text locally. */
export interface VerdictActions {
  readonly available: ReadonlySet<PanelAction>;
  /** The mcp.json entry's Quick Fixes, as the host posted them (none in a standalone report). */
  readonly fixes?: readonly PanelFix[];
  send(message: WebviewToHost): void;
  copy(target: 'verdict' | 'fix', text: string): void;
}

const HEADLINE: Record<Tone, string> = {
  error: 'This server will not work for your MCP client',
  warning: 'The server works, with a problem to look at',
  info: 'Diagnosis finished',
  ok: 'Healthy: the server is reachable and answers MCP',
  skipped: 'Diagnosis incomplete',
};

const TOKEN_HEADLINE: Record<Tone, string> = {
  error: 'This token will be refused',
  warning: 'This token has a problem to look at',
  info: 'Token decoded, not verified',
  ok: 'Token verified',
  skipped: 'Token inspection incomplete',
};

/** The first thing on the page: what is wrong, the fix, and what to do next. */
export function verdictCard(report: DiagnosisReport, actions: VerdictActions, kind: 'diagnosis' | 'token' = 'diagnosis'): HTMLElement {
  const tone = toneOf(report.verdict?.severity);
  const headline = kind === 'token' ? TOKEN_HEADLINE[tone] : HEADLINE[tone];
  const fix = report.verdict?.fix;
  return h(
    'section',
    { class: `verdict verdict-${tone}`, attrs: { id: 'verdict', 'aria-labelledby': 'verdict-title' } },
    h('h2', { attrs: { id: 'verdict-title' } }, toneMark(tone, ''), headline),
    h('p', { class: 'summary', attrs: { 'data-testid': 'verdict-summary' } }, report.verdict?.summary ?? 'No verdict.'),
    report.verdict?.code ? h('p', { class: 'code-line' }, 'Finding ', h('code', {}, report.verdict.code)) : null,
    fix || actions.fixes?.length ? fixBlock(fix, actions) : null,
    actionBar(report, actions),
    h('p', { class: 'notice', attrs: { id: 'notice', role: 'status', 'aria-live': 'polite' } }),
  );
}

function fixBlock(fix: string | undefined, actions: VerdictActions): HTMLElement {
  return h(
    'div',
    { class: 'fix' },
    h('h3', {}, 'Fix'),
    fix ? h('pre', { class: 'fix-text', attrs: { 'data-testid': 'verdict-fix' } }, fix) : null,
    fix ? button('Copy fix', () => actions.copy('fix', fix), { secondary: true, id: 'copy-fix' }) : null,
    fixButtons(actions),
  );
}

/**
 * The config file's Quick Fixes as buttons (the same fixes the lightbulb offers on the entry's url).
 * "Diagnose again" is left to the toolbar's Re-run, which runs the same command. A button posts only
 * its index in the host's list and its kind: the host derives the edit again from its own report.
 */
function fixButtons(actions: VerdictActions): HTMLElement | null {
  const shown = (actions.fixes ?? [])
    .map((fix, index) => ({ fix, index }))
    .filter(({ fix }) => !(fix.kind === 'diagnose' && actions.available.has('rerun')));
  if (shown.length === 0) return null;
  return h(
    'div',
    { class: 'actions fix-actions', attrs: { role: 'toolbar', 'aria-label': 'Fix it in the config file', 'data-testid': 'fix-actions' } },
    ...shown.map(({ fix, index }) =>
      button(fix.title, () => actions.send({ type: 'runFix', index, kind: fix.kind } satisfies WebviewToHost), {
        secondary: fix.kind !== 'use-url',
        fixKind: fix.kind,
      }),
    ),
  );
}

function actionBar(report: DiagnosisReport, actions: VerdictActions): HTMLElement {
  const can = (action: PanelAction): boolean => actions.available.has(action);
  const trustProblem = report.findings?.some((f) => f.step === 'tls' && f.severity === 'error') || report.tls?.trusted === false;
  // A fix-block button that runs the same command replaces the toolbar's.
  const inFixBlock = (kind: PanelFix['kind']): boolean => actions.fixes?.some((f) => f.kind === kind) ?? false;
  return h(
    'div',
    { class: 'actions', attrs: { role: 'toolbar', 'aria-label': 'Report actions' } },
    can('rerun') ? button('Re-run', () => actions.send({ type: 'rerun' } satisfies WebviewToHost), { id: 'rerun' }) : null,
    button('Copy summary', () => actions.copy('verdict', summaryText(report)), { secondary: true, id: 'copy-verdict' }),
    can('createCaBundle') && trustProblem && !inFixBlock('ca-bundle')
      ? button('Create CA bundle…', () => actions.send({ type: 'createCaBundle' } satisfies WebviewToHost), { secondary: true })
      : null,
    can('openSettings')
      ? button('Open settings', () => actions.send({ type: 'openSettings' } satisfies WebviewToHost), { secondary: true })
      : null,
    can('export') ? button('Export…', () => actions.send({ type: 'export' } satisfies WebviewToHost), { secondary: true }) : null,
    can('showTimeline')
      ? button('Timeline', () => actions.send({ type: 'showTimeline' } satisfies WebviewToHost), { secondary: true })
      : null,
    can('confirmClients')
      ? button('Confirm with installed clients', () => actions.send({ type: 'confirmClients' } satisfies WebviewToHost), {
          secondary: true,
          id: 'confirm-clients',
        })
      : null,
    can('signIn') && !inFixBlock('sign-in')
      ? button('Sign in…', () => actions.send({ type: 'signIn' } satisfies WebviewToHost), { id: 'sign-in' })
      : null,
  );
}

/** The verdict as one pasteable paragraph (what "Copy summary" copies in a standalone page). */
export function summaryText(report: DiagnosisReport): string {
  const fix = report.verdict?.fix ? `\nFix: ${report.verdict.fix}` : '';
  return `${report.target}: ${report.verdict?.summary ?? ''}${fix}`;
}

interface ButtonOptions {
  readonly secondary?: boolean;
  readonly id?: string;
  /** The fix kind of a fix-block button (tests and styles find it by this). */
  readonly fixKind?: string;
}

export function button(label: string, onClick: () => void, options: ButtonOptions = {}): HTMLElement {
  return h(
    'vscode-button',
    {
      attrs: { secondary: options.secondary, id: options.id, 'data-action': label, 'data-fix-kind': options.fixKind },
      on: { click: onClick },
    },
    label,
  );
}
