import { readPanelState, type StateReading, versioned } from '../src/shared/panelState';
import type { DiagnosisReport, HostMessages, HostToWebview, MessageHandlers, PanelState, WebviewToHost } from '../src/shared/protocol';
import { h } from './dom';
import { relativeTime, toMs, utcDate } from './format';
import type { PanelHost } from './host';
import { authSection } from './views/auth';
import { mcpSection } from './views/details';
import { findingsSection } from './views/findings';
import { flowSection, flowVerdictCard } from './views/flow';
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

  /** Reads a state from outside (embedded or restored) once, at the boundary, and shows it. */
  load(raw: unknown): void {
    this.showReading(readPanelState(raw));
  }

  /** Shows a new state and remembers it for reloads. */
  show(state: PanelState): void {
    this.state = state;
    this.host.persist(versioned(state));
    this.root.removeAttribute('aria-busy');
    this.root.replaceChildren(...renderState(state, this.host, (text, kind) => this.notify(text, kind)));
  }

  /** Applies one host message, validated first; anything malformed is ignored. */
  receive(raw: unknown): void {
    const message = hostMessage(raw);
    if (message) (this.handlers[message.type] as (m: HostToWebview) => void)(message);
  }

  /** One handler per host message of the protocol (a new message does not compile without one). */
  private readonly handlers = {
    state: (message) => this.showReading(readPanelState(message.state)),
    progress: (message) => this.progress(message.label ?? message.step, message.phase),
    notice: (message) => this.notify(message.text, message.kind),
  } satisfies MessageHandlers<HostMessages>;

  /** A state that cannot be read (another version's shape, or junk) becomes a "re-run" message, never a broken view. */
  private showReading(reading: StateReading): void {
    if (reading.ok) this.show(reading.state);
    else this.show(reading.reason === 'empty' ? {} : { notice: 'rerun' });
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

/** A host message with well-formed fields, or undefined (the state itself is read by readPanelState). */
function hostMessage(raw: unknown): HostToWebview | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  if (m.type === 'state' && typeof m.state === 'object' && m.state !== null)
    return { type: 'state', state: m.state as HostMessages['state']['state'] };
  if (m.type === 'progress' && typeof m.step === 'string' && (m.phase === 'start' || m.phase === 'end'))
    return { type: 'progress', step: m.step, label: text(m.label), phase: m.phase };
  if (m.type === 'notice' && typeof m.text === 'string')
    return { type: 'notice', text: m.text, kind: m.kind === 'error' ? 'error' : 'info' };
  return undefined;
}

function renderState(state: PanelState, host: PanelHost, notify: Notify): HTMLElement[] {
  const report = state.report;
  if (state.notice === 'rerun') {
    return [
      h(
        'p',
        { class: 'empty', attrs: { 'data-testid': 'rerun-needed' } },
        'This report was saved by another version of MCP Doctor and cannot be shown. Re-run the diagnosis: “MCP Doctor: Diagnose MCP Server” in the Command Palette.',
      ),
    ];
  }
  const available = new Set(host.standalone ? [] : (state.actions ?? []));
  if (!report && state.flow) {
    const send = (message: WebviewToHost) => host.post(message);
    return [flowHeader(state), flowVerdictCard(state.flow, { available, send, copy: () => undefined }), flowSection(state.flow)];
  }
  if (!report) {
    return [h('p', { class: 'empty' }, 'No report yet. Run “MCP Doctor: Diagnose MCP Server” from the Command Palette.')];
  }
  const nowMs = toMs(report.startedAt) ?? Date.now();
  const copyLocal = (text: string, what: string): void => {
    navigator.clipboard?.writeText(text).then(
      () => notify(`${what} copied`, 'info'),
      () => notify('Copying is not allowed here; select the text instead', 'error'),
    );
  };
  const actions = {
    available,
    fixes: host.standalone || state.kind === 'token' ? [] : (state.fixes ?? []),
    send: (message: WebviewToHost) => host.post(message),
    copy: (target: 'verdict' | 'fix', text: string) =>
      host.standalone ? copyLocal(text, target === 'fix' ? 'Fix' : 'Summary') : host.post({ type: 'copy', target } satisfies WebviewToHost),
  };
  const copyFindingFix = (index: number, fix: string): void =>
    host.standalone ? copyLocal(fix, 'Fix') : host.post({ type: 'copyFindingFix', index } satisfies WebviewToHost);
  return [
    header(report, state, nowMs),
    verdictCard(report, actions, state.kind === 'token' ? 'token' : 'diagnosis'),
    stepsSection(report),
    findingsSection(report, copyFindingFix),
    state.flow ? flowSection(state.flow) : null,
    tlsSection(report, nowMs),
    redirectsSection(report),
    mcpSection(report),
    tokenSection(report, nowMs),
    authSection(report),
    timelineSection(state.context?.timeline, Date.now()),
  ].filter((node): node is HTMLElement => node !== null);
}

/** The page header of a sign-in shown on its own. */
function flowHeader(state: PanelState): HTMLElement {
  const name = state.context?.serverName;
  return h(
    'header',
    { class: 'page-header' },
    h('h1', {}, name ? `MCP Doctor: sign-in to ${name}` : 'MCP Doctor: sign-in'),
    h(
      'p',
      { class: 'target' },
      h('code', { attrs: { 'data-testid': 'target' } }, state.flow?.report.resource ?? ''),
      state.context?.source ? ` from ${state.context.source}` : '',
    ),
  );
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
