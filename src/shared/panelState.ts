/**
 * The panel state at the boundary: the host stamps it with a schema version when it embeds or
 * posts it, and the webview (and the host, restoring a panel) reads it back exactly once, here,
 * before any view sees it. After this, views use the report's own types and guess nothing.
 * Pure and dependency-free, so both the webview bundle and the extension host can use it.
 */
import { PANEL_SCHEMA_VERSION } from '../core/report/panelVersion';
import type {
  DiagnosisReport,
  Finding,
  FlowExchange,
  PanelAction,
  PanelContext,
  PanelFix,
  PanelFixKind,
  PanelState,
  SignInFlow,
  TimelineRun,
} from './protocol';

export { PANEL_SCHEMA_VERSION, versioned } from '../core/report/panelVersion';
/**
 * The oldest shape this code still reads. States saved before versioning (no field) are version 1: the same shape.
 * Version 3 added the sign-in flow (`flow`, kind 'flow'), which a version-2 reader could not show.
 * Version 4 added the fix block's Quick Fixes (`fixes`); older states have none and read as they were.
 */
export const OLDEST_READABLE_SCHEMA = 1;

export type StateReading =
  | { readonly ok: true; readonly state: PanelState }
  /** `empty`: nothing was saved; `outdated`/`newer`: another MCP Doctor's shape; `invalid`: not a panel state. */
  | { readonly ok: false; readonly reason: 'empty' | 'outdated' | 'newer' | 'invalid' };

/** Every panel action, as a record so a new PanelAction cannot be forgotten here (its button would be dropped on reading). */
const ACTION_SET: Record<PanelAction, true> = {
  rerun: true,
  createCaBundle: true,
  openSettings: true,
  export: true,
  showTimeline: true,
  confirmClients: true,
  signIn: true,
};
const ACTIONS = Object.keys(ACTION_SET) as PanelAction[];
/** Every fix kind, as a record for the same reason; the host's message validator checks `runFix` against it too. */
const FIX_KIND_SET: Record<PanelFixKind, true> = {
  'use-url': true,
  'set-token': true,
  'sign-in': true,
  'ca-bundle': true,
  'ca-bundle-env': true,
  diagnose: true,
};
export function isPanelFixKind(value: unknown): value is PanelFixKind {
  return typeof value === 'string' && Object.hasOwn(FIX_KIND_SET, value);
}
/** More buttons than any report calls for: a longer list is not one the host made. */
const MAX_FIXES = 16;
const SEVERITIES = ['error', 'warning', 'info', 'ok'];

/** Reads a state that came from outside (embedded JSON, a message, VS Code's saved webview state). */
export function readPanelState(raw: unknown): StateReading {
  if (raw === undefined || raw === null) return { ok: false, reason: 'empty' };
  if (!isRecord(raw)) return { ok: false, reason: 'invalid' };
  const version = raw.schemaVersion === undefined ? OLDEST_READABLE_SCHEMA : raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version)) return { ok: false, reason: 'invalid' };
  if (version < OLDEST_READABLE_SCHEMA) return { ok: false, reason: 'outdated' };
  if (version > PANEL_SCHEMA_VERSION) return { ok: false, reason: 'newer' };
  const notice = raw.notice === 'rerun' ? ('rerun' as const) : undefined;
  const flow = raw.flow === undefined ? undefined : readFlow(raw.flow);
  if (raw.flow !== undefined && !flow) return { ok: false, reason: 'invalid' };
  const actions = Array.isArray(raw.actions) ? raw.actions.filter((a): a is PanelAction => ACTIONS.includes(a as PanelAction)) : [];
  if (raw.report === undefined) {
    if (flow) return { ok: true, state: { kind: 'flow', flow, ...contextPart(raw), actions } };
    return { ok: true, state: { ...(notice ? { notice } : {}), ...contextPart(raw) } };
  }
  const report = readReport(raw.report);
  if (!report) return { ok: false, reason: 'invalid' };
  const kind = raw.kind === 'token' ? 'token' : 'diagnosis';
  const fixes = kind === 'diagnosis' ? readFixes(raw.fixes) : [];
  return {
    ok: true,
    state: { kind, report, ...(flow ? { flow } : {}), ...contextPart(raw), actions, ...(fixes.length ? { fixes } : {}) },
  };
}

/**
 * The fix block's buttons, all or none: a list with an odd item is dropped whole, because the host
 * runs a fix by its index and a filtered list would shift every index after the odd one.
 */
function readFixes(raw: unknown): readonly PanelFix[] {
  if (!Array.isArray(raw) || raw.length > MAX_FIXES) return [];
  const valid = raw.every((f) => isRecord(f) && isPanelFixKind(f.kind) && typeof f.title === 'string');
  return valid ? raw.map((f: PanelFix) => ({ kind: f.kind, title: f.title })) : [];
}

/** A sign-in flow: the fields its view relies on (resource, timing, each exchange's request and verdict); odd exchanges are left out. */
function readFlow(raw: unknown): SignInFlow | undefined {
  if (!isRecord(raw) || !isRecord(raw.report) || !Array.isArray(raw.findings)) return undefined;
  const flow = raw.report;
  const timing = flow.timing;
  if (typeof flow.resource !== 'string' || !Array.isArray(flow.exchanges) || !isRecord(timing)) return undefined;
  if (!['totalMs', 'exchangesMs', 'waitingForUserMs'].every((key) => typeof timing[key] === 'number')) return undefined;
  const report = { ...flow, exchanges: flow.exchanges.filter(isExchange) } as unknown as SignInFlow['report'];
  return { report, findings: raw.findings.filter(isFinding) };
}

function isExchange(value: unknown): value is FlowExchange {
  if (!isRecord(value) || typeof value.ok !== 'boolean' || typeof value.durationMs !== 'number') return false;
  if (!['step', 'method', 'url', 'verdict'].every((key) => typeof value[key] === 'string')) return false;
  const headersOk = (h: unknown) => h === undefined || (isRecord(h) && Object.values(h).every((v) => typeof v === 'string'));
  const textOk = (t: unknown) => t === undefined || typeof t === 'string';
  return (
    headersOk(value.requestHeaders) &&
    headersOk(value.responseHeaders) &&
    textOk(value.requestBody) &&
    textOk(value.responseBody) &&
    (value.status === undefined || typeof value.status === 'number') &&
    isListOf(value.findings, 'string')
  );
}

function contextPart(raw: Record<string, unknown>): { context?: PanelContext } {
  const context = readContext(raw.context);
  return context ? { context } : {};
}

/** The fields every view relies on must be there; optional sections of the wrong kind are left out. */
function readReport(raw: unknown): DiagnosisReport | undefined {
  if (!isRecord(raw) || !isRecord(raw.verdict) || !Array.isArray(raw.findings) || !Array.isArray(raw.steps)) return undefined;
  if (typeof raw.target !== 'string' || typeof raw.verdict.summary !== 'string' || !SEVERITIES.includes(String(raw.verdict.severity)))
    return undefined;
  const tool =
    isRecord(raw.tool) && typeof raw.tool.version === 'string'
      ? { name: 'mcp-doctor' as const, version: raw.tool.version }
      : { name: 'mcp-doctor' as const, version: '' };
  const verdict = raw.verdict as unknown as DiagnosisReport['verdict'];
  const steps = raw.steps.filter(
    (s) => isRecord(s) && typeof s.name === 'string' && typeof s.status === 'string',
  ) as unknown as DiagnosisReport['steps'];
  const report: DiagnosisReport = {
    tool,
    target: raw.target,
    startedAt: typeof raw.startedAt === 'string' ? raw.startedAt : '',
    durationMs: typeof raw.durationMs === 'number' ? raw.durationMs : 0,
    cancelled: raw.cancelled === true,
    verdict,
    steps,
    findings: raw.findings.filter(isFinding),
    ...section(raw, 'tls', (v) => isRecord(v) && ['sent', 'chain', 'sources', 'clients'].every((key) => isListOfRecords(v[key], true))),
    ...section(raw, 'redirects', (v) => isListOfRecords(v, false)),
    ...section(raw, 'mcp', (v) => isRecord(v) && isListOfRecords(v.exchanges, false) && isListOf(v.tools, 'string')),
    ...section(
      raw,
      'auth',
      (v) =>
        isRecord(v) &&
        isListOfRecords(v.urlsTried, false) &&
        isListOfRecords(v.probes, true) &&
        isListOf(v.challengeProblems, 'string') &&
        (v.jwks === undefined || (isRecord(v.jwks) && isListOfRecords(v.jwks.keys, false))) &&
        (v.token === undefined || isRecord(v.token)),
    ),
    ...section(raw, 'proxy', isRecord),
  };
  return report;
}

/** An optional report section, kept only when it has the right kind. */
function section<K extends 'tls' | 'redirects' | 'mcp' | 'auth' | 'proxy'>(
  raw: Record<string, unknown>,
  key: K,
  valid: (value: unknown) => boolean,
): Partial<Pick<DiagnosisReport, K>> {
  return valid(raw[key]) ? ({ [key]: raw[key] } as Partial<Pick<DiagnosisReport, K>>) : {};
}

function isFinding(value: unknown): value is Finding {
  if (!isRecord(value) || !isRecord(value.evidence) || !SEVERITIES.includes(String(value.severity))) return false;
  return ['code', 'step', 'title', 'cause', 'fix'].every((key) => typeof value[key] === 'string');
}

function readContext(raw: unknown): PanelContext | undefined {
  if (!isRecord(raw)) return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const timeline = Array.isArray(raw.timeline) ? raw.timeline.filter(isTimelineRun) : undefined;
  return { serverId: text(raw.serverId), serverName: text(raw.serverName), source: text(raw.source), ...(timeline ? { timeline } : {}) };
}

function isTimelineRun(value: unknown): value is TimelineRun {
  return (
    isRecord(value) &&
    typeof value.at === 'string' &&
    typeof value.durationMs === 'number' &&
    SEVERITIES.includes(String(value.severity)) &&
    Array.isArray(value.codes) &&
    value.codes.every((c) => typeof c === 'string')
  );
}

/** Absent, or a list of values of one type. */
function isListOf(value: unknown, type: 'string'): boolean {
  return value === undefined || (Array.isArray(value) && value.every((item) => typeof item === type));
}

/** A list whose items are all records (or, when optional, nothing at all). */
function isListOfRecords(value: unknown, optional: boolean): boolean {
  return (optional && value === undefined) || (Array.isArray(value) && value.every(isRecord));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
