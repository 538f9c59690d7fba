import { type DiagnosisReport } from '../../core/diagnose/report';
import { type PickItem } from '../host/ui';
import { redactDeep, type RedactOptions } from '../../core/redact/deep';
import { flowMarkdown } from '../../core/report/flowMarkdown';
import { loadReportAssets, renderHtmlFlow, renderHtmlReport } from '../../core/report/html';
import { PANEL_SCHEMA_VERSION, readPanelState } from '../../shared/panelState';
import { type SignInFlow } from '../../shared/protocol';
import { renderMarkdownReport } from '../../core/report/markdown';
import { type PresentationContext } from '../presenter';
import { type LastRun } from '../session';
import { type Services } from '../services';
import { COMMANDS } from './ids';

/**
 * "Export Diagnosis Report": the latest (or chosen) report as Markdown, JSON or a self-contained HTML
 * page, redacted, saved where the user chooses. The panel's Export button passes its report and context.
 */
export async function exportCommand(s: Services, arg?: unknown): Promise<string | undefined> {
  s.session.markUserActed();
  const run = await chooseRun(s, arg);
  if (!run) return undefined;
  const target = run.report?.target ?? run.flow?.report.resource ?? '';
  const host = safeName(hostOf(target));
  const path = await s.ui.saveAs({
    title: 'MCP Doctor: export the diagnosis report (secrets are redacted)',
    defaultName: `mcp-doctor-${host}-${(run.report?.startedAt ?? new Date(s.now()).toISOString()).slice(0, 10)}.md`,
    filters: { Markdown: ['md'], JSON: ['json'], 'HTML (self-contained)': ['html'] },
  });
  if (!path) return undefined;
  const content = await render(s, run, path.toLowerCase(), { secrets: s.knownSecrets.list() });
  await s.ui.writeFile(path, content);
  s.log.info(`exported the report of ${target} to ${path}`);
  void s.ui.info(`MCP Doctor: report saved to ${path} (tokens and credentials redacted).`);
  return path;
}

/** What is exported: a diagnosis (with the sign-in that got its token), or a sign-in that stopped. */
type Exported = { readonly report?: DiagnosisReport; readonly flow?: SignInFlow; readonly context: PresentationContext };

async function render(s: Services, run: Exported, path: string, options: RedactOptions): Promise<string> {
  const flow = run.flow && redactDeep(run.flow, { ...options, scanTokens: false });
  const context = redactDeep(run.context, options);
  if (path.endsWith('.json'))
    return `${JSON.stringify({ ...(run.report ? redactDeep(run.report, options) : {}), ...(flow ? { signIn: flow } : {}) }, null, 2)}\n`;
  if (path.endsWith('.html') || path.endsWith('.htm')) {
    const assets = await loadReportAssets(s.distDir);
    return run.report ? renderHtmlReport(redactDeep(run.report, options), assets, context, flow) : renderHtmlFlow(flow!, assets, context);
  }
  if (!run.report) return flowMarkdown(flow!.report, flow!.findings);
  return renderMarkdownReport(run.report, run.context, options, flow);
}

async function chooseRun(s: Services, arg: unknown): Promise<Exported | undefined> {
  if (isReport(arg)) return { report: arg, context: {} };
  if (isPanelExport(arg)) return arg;
  const runs = s.session.all();
  if (runs.length === 0) {
    const choice = await s.ui.info('MCP Doctor: nothing to export yet. Diagnose a server first.', 'Diagnose MCP Server');
    if (choice) await s.executeCommand(COMMANDS.diagnose);
    return undefined;
  }
  if (runs.length === 1) return runs[0];
  const items: PickItem<LastRun>[] = runs.map((run) => ({
    label: run.context.serverName ?? run.report.target,
    description: `${run.report.verdict.severity} · ${run.report.startedAt}`,
    detail: run.report.verdict.summary,
    value: run,
  }));
  return s.ui.pick(items, { title: 'MCP Doctor: export which report?' });
}

/** A structural check: the panel's argument is untrusted input. */
function isReport(value: unknown): value is DiagnosisReport {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<DiagnosisReport>;
  return (
    typeof r.target === 'string' &&
    typeof r.startedAt === 'string' &&
    Array.isArray(r.findings) &&
    typeof r.verdict === 'object' &&
    r.verdict !== null
  );
}

/** What the panel sends: its report and/or sign-in flow and the context it was shown with (validated here). */
function isPanelExport(value: unknown): value is Exported {
  if (value === null || typeof value !== 'object') return false;
  const v = value as { report?: unknown; flow?: unknown; context?: unknown };
  const flow = v.flow === undefined || readPanelState({ schemaVersion: PANEL_SCHEMA_VERSION, flow: v.flow }).ok;
  return (
    (isReport(v.report) || (v.report === undefined && v.flow !== undefined)) && flow && typeof v.context === 'object' && v.context !== null
  );
}

function hostOf(target: string): string {
  try {
    return new URL(target).host;
  } catch {
    return 'server';
  }
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 60) || 'server';
}
