import type { DiagnosisReport, HostToWebview, PanelState } from '../src/shared/protocol';
import { h } from './dom';
import { relativeTime, toMs, utcDate } from './format';
import type { PanelHost } from './host';
import { authSection } from './views/auth';
import { mcpSection } from './views/details';
import { findingsSection } from './views/findings';
import { redirectsSection } from './views/redirects';
import { stepsSection } from './views/steps';
import { timelineSection } from './views/timeline';
import { tlsSection } from './views/tls';
import { tokenSection } from './views/token';
import { verdictCard } from './views/verdict';

/** The panel: owns the current state and re-renders the page from it. */
export class ReportApp {
  private state: PanelState = {};

  constructor(
    private readonly root: HTMLElement,
    private readonly host: PanelHost,
  ) {}

  /** Shows a new state and remembers it for reloads. */
  show(state: PanelState): void {
    this.state = state;
    this.host.persist(state);
    this.root.removeAttribute('aria-busy');
    this.root.replaceChildren(...renderState(state, this.host, (text, kind) => this.notify(text, kind)));
  }

  /** Applies one host message; anything malformed is ignored. */
  receive(message: HostToWebview): void {
    if (message.type === 'state' && typeof message.state === 'object' && message.state !== null) this.show(message.state);
    else if (message.type === 'progress' && typeof message.step === 'string') this.progress(message.label ?? message.step, message.phase);
    else if (message.type === 'notice' && typeof message.text === 'string') this.notify(message.text, message.kind === 'error' ? 'error' : 'info');
  }

  private progress(label: string, phase: string): void {
    this.root.setAttribute('aria-busy', 'true');
    this.notify(phase === 'start' ? `Re-running: ${label}…` : `Re-running: ${label} done`, 'info');
  }

  private notify(text: string, kind: 'info' | 'error'): void {
    const notice = this.root.querySelector('#notice');
    if (!notice) return;
    notice.textContent = text;
    notice.className = `notice notice-${kind}`;
  }

  get current(): PanelState {
    return this.state;
  }
}

type Notify = (text: string, kind: 'info' | 'error') => void;

function renderState(state: PanelState, host: PanelHost, notify: Notify): HTMLElement[] {
  const report = state.report;
  if (!report) {
    return [h('p', { class: 'empty' }, 'No report yet. Run “MCP Doctor: Diagnose MCP Server” from the Command Palette.')];
  }
  const nowMs = toMs(report.startedAt) ?? Date.now();
  const available = new Set(host.standalone ? [] : (state.actions ?? []));
  const copyLocal = (text: string, what: string): void => {
    navigator.clipboard?.writeText(text).then(
      () => notify(`${what} copied`, 'info'),
      () => notify('Copying is not allowed here; select the text instead', 'error'),
    );
  };
  const actions = {
    available,
    send: (message: Parameters<PanelHost['post']>[0]) => host.post(message),
    copy: (target: 'verdict' | 'fix', text: string) => (host.standalone ? copyLocal(text, target === 'fix' ? 'Fix' : 'Summary') : host.post({ type: 'copy', target })),
  };
  const copyFindingFix = (index: number, fix: string): void => (host.standalone ? copyLocal(fix, 'Fix') : host.post({ type: 'copyFindingFix', index }));
  return [
    header(report, state, nowMs),
    verdictCard(report, actions, state.kind),
    stepsSection(report),
    findingsSection(report, copyFindingFix),
    tlsSection(report, nowMs),
    redirectsSection(report),
    mcpSection(report),
    tokenSection(report, nowMs),
    authSection(report),
    timelineSection(state.context?.timeline, Date.now()),
  ].filter((node): node is HTMLElement => node !== null);
}

function header(report: DiagnosisReport, state: PanelState, nowMs: number): HTMLElement {
  const name = state.context?.serverName;
  const source = state.context?.source;
  return h(
    'header',
    { class: 'page-header' },
    h('h1', {}, state.kind === 'token' ? 'MCP Doctor: token inspection' : name ? `MCP Doctor: ${name}` : 'MCP Doctor report'),
    h(
      'p',
      { class: 'target' },
      h('code', { attrs: { 'data-testid': 'target' } }, report.target),
      source ? ` from ${source}` : '',
      ` · diagnosed ${utcDate(nowMs)} (${relativeTime(nowMs, Date.now())})`,
      report.cancelled ? ' · cancelled' : '',
      report.tool?.version ? ` · mcp-doctor ${report.tool.version}` : '',
    ),
  );
}
