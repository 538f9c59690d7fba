import type { FlowExchange, OAuthFlowReport, SignInFlow, WebviewToHost } from '../../src/shared/protocol';
import { type Child, h } from '../dom';
import { duration } from '../format';
import { badge, dataTable, keyValueTable, note, section, toneMark } from './common';
import { findingCard } from './findings';
import { button, type VerdictActions } from './verdict';

/** The flow's steps in words (the engine's step names are terse). */
const FLOW_STEP_LABEL: Readonly<Record<string, string>> = {
  challenge: 'Challenge',
  'resource-metadata': 'Protected resource metadata',
  'as-metadata': 'Authorization server metadata',
  registration: 'Client registration',
  authorization: 'Authorization (browser)',
  callback: 'Authorization response',
  token: 'Token request',
  jwks: 'Signing keys (JWKS)',
  verify: 'Token checks',
  use: 'Using the token',
  'step-up': 'Step-up (more scopes)',
  refresh: 'Refresh',
};

export function flowStepLabel(step: string): string {
  return FLOW_STEP_LABEL[step] ?? step;
}

/**
 * The sign-in as a readable sequence: one row per exchange (method, URL, status, the one-line
 * verdict), each expandable to its redacted headers and bodies, then what the flow found.
 */
export function flowSection(flow: SignInFlow): HTMLElement {
  const report = flow.report;
  const problems = flow.findings.filter((f) => f.severity !== 'ok');
  return section(
    'flow',
    `Sign-in flow (${report.exchanges.length} exchange${report.exchanges.length === 1 ? '' : 's'})`,
    h('p', { attrs: { 'data-testid': 'flow-outcome' } }, outcomeText(report)),
    note(timingText(report)),
    h(
      'ol',
      { class: 'flow-exchanges', attrs: { 'data-testid': 'flow-exchanges' } },
      report.exchanges.map((exchange, index) => h('li', {}, exchangeRow(exchange, index))),
    ),
    prmUrlsView(report),
    problems.length
      ? h(
          'div',
          { attrs: { 'data-testid': 'flow-findings' } },
          h('h3', {}, `What the sign-in found (${problems.length})`),
          problems.map((f, i) => findingCard(f, i)),
        )
      : null,
  );
}

/** A sign-in shown on its own (it stopped before any diagnosis): where it stopped and the first fix. */
export function flowVerdictCard(flow: SignInFlow, actions: VerdictActions): HTMLElement {
  const report = flow.report;
  const stopped = report.stoppedAt !== undefined;
  const first = flow.findings.find((f) => f.severity === 'error');
  const tone = stopped ? 'error' : 'ok';
  return h(
    'section',
    { class: `verdict verdict-${tone}`, attrs: { id: 'verdict', 'aria-labelledby': 'verdict-title' } },
    h(
      'h2',
      { attrs: { id: 'verdict-title' } },
      toneMark(tone, ''),
      stopped ? `Sign-in stopped at “${flowStepLabel(report.stoppedAt ?? '')}”` : 'Signed in',
    ),
    h(
      'p',
      { class: 'summary', attrs: { 'data-testid': 'verdict-summary' } },
      first ? `${first.title}: ${first.cause}` : outcomeText(report),
    ),
    first ? h('p', { class: 'code-line' }, 'Finding ', h('code', {}, first.code)) : null,
    first?.fix
      ? h('div', { class: 'fix' }, h('h3', {}, 'Fix'), h('pre', { class: 'fix-text', attrs: { 'data-testid': 'verdict-fix' } }, first.fix))
      : null,
    h(
      'div',
      { class: 'actions', attrs: { role: 'toolbar', 'aria-label': 'Report actions' } },
      actions.available.has('signIn')
        ? button('Sign in again…', () => actions.send({ type: 'signIn' } satisfies WebviewToHost), { id: 'sign-in' })
        : null,
      actions.available.has('openSettings')
        ? button('Open settings', () => actions.send({ type: 'openSettings' } satisfies WebviewToHost), { secondary: true })
        : null,
      actions.available.has('export')
        ? button('Export…', () => actions.send({ type: 'export' } satisfies WebviewToHost), { secondary: true })
        : null,
    ),
    h('p', { class: 'notice', attrs: { id: 'notice', role: 'status', 'aria-live': 'polite' } }),
  );
}

function outcomeText(report: OAuthFlowReport): string {
  if (report.stoppedAt) return `The sign-in stopped at “${flowStepLabel(report.stoppedAt)}”: no token was issued or kept.`;
  const tools = report.tools ? `; tools/list returned ${report.tools.length} tools (${report.tools.join(', ')})` : '';
  const via = report.registration ? ` as a ${report.registration.replace(/-/g, ' ')} client` : '';
  return `Signed in to ${report.resource}${via}${tools}.`;
}

function timingText(report: OAuthFlowReport): string {
  const { totalMs, exchangesMs, waitingForUserMs } = report.timing;
  return `${duration(totalMs)} in all: ${duration(exchangesMs)} of exchanges, ${duration(waitingForUserMs)} waiting for the browser.`;
}

/** One exchange: the row is the summary; opening it shows what was sent and answered (redacted). */
function exchangeRow(exchange: FlowExchange, index: number): HTMLElement {
  const status = exchange.status !== undefined ? String(exchange.status) : exchange.errorCode ? `no answer (${exchange.errorCode})` : '';
  return h(
    'details',
    {
      class: `flow-exchange flow-${exchange.ok ? 'ok' : 'error'}`,
      attrs: { 'data-testid': 'flow-exchange', 'data-step': exchange.step, 'data-index': index },
    },
    h(
      'summary',
      {},
      toneMark(exchange.ok ? 'ok' : 'error', exchange.ok ? 'OK' : 'Problem'),
      ' ',
      h('span', { class: 'flow-step' }, flowStepLabel(exchange.step)),
      ' ',
      h('code', { class: 'flow-request' }, `${exchange.method} ${exchange.url}`),
      ' ',
      h('span', { class: 'flow-status', attrs: { 'data-testid': 'flow-status' } }, status),
      ' · ',
      h('span', { class: 'flow-verdict', attrs: { 'data-testid': 'flow-verdict' } }, exchange.verdict),
      (exchange.findings ?? []).map((code) => [' ', badge(code, 'code-badge')]),
    ),
    h(
      'div',
      { class: 'flow-details' },
      note(
        `${duration(exchange.durationMs)}. Secrets (codes, verifiers, state, tokens, client secrets) are shown only as their length and fingerprint.`,
      ),
      messagePart('Request', exchange.requestHeaders, exchange.requestBody),
      messagePart('Response', exchange.responseHeaders, exchange.responseBody),
    ),
  );
}

function messagePart(title: string, headers: Readonly<Record<string, string>> | undefined, body: string | undefined): HTMLElement | null {
  const rows = Object.entries(headers ?? {}).map(([name, value]): readonly [string, Child] => [name, h('code', {}, value)]);
  if (rows.length === 0 && body === undefined) return null;
  return h(
    'div',
    { class: 'flow-message', attrs: { 'data-testid': `flow-${title.toLowerCase()}` } },
    h('h4', {}, title),
    rows.length ? keyValueTable(rows, `${title} headers`) : null,
    body !== undefined ? h('pre', { class: 'flow-body' }, body) : null,
  );
}

/** Which of the three protected-resource-metadata URLs clients try answered. */
function prmUrlsView(report: OAuthFlowReport): HTMLElement | null {
  const urls = report.prmUrls ?? [];
  if (urls.length === 0) return null;
  const kind: Readonly<Record<string, string>> = {
    challenge: 'From the challenge',
    'path-inserted': 'Path-inserted well-known',
    root: 'Root well-known',
  };
  return h(
    'div',
    { attrs: { 'data-testid': 'flow-prm-urls' } },
    h('h3', {}, 'Protected resource metadata URLs'),
    dataTable(
      ['Which', 'URL', 'Works', 'Outcome'],
      urls.map((u) => [kind[u.kind] ?? u.kind, h('code', {}, u.url), u.works ? toneMark('ok', 'yes') : toneMark('error', 'no'), u.outcome]),
    ),
  );
}
