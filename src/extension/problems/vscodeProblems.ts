import * as vscode from 'vscode';
import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DiscoveredServer } from '../../core/discovery/types';
import { type ConfigLocation } from '../../core/proxyconfig/types';
import { COMMANDS } from '../commands/ids';
import { problemFor, type ProblemAction, type ServerProblem } from './mcpJsonProblem';
import { entryEnvEdits } from './entryEnvEdit';
import { CA_BUNDLE_INTO_ENV, planFix, SAVE_AND_DIAGNOSE } from './fixPlan';
import { nginxQuickFix } from './nginxQuickFix';
import { commandOf, openQuietly, workspaceEditOf } from './vscodeFix';

const SOURCE = 'MCP Doctor';

interface Remembered {
  readonly server: DiscoveredServer;
  readonly report: DiagnosisReport;
}

/**
 * Problems in the files that cause them: each configured server's last diagnosis on its `url` in
 * mcp.json, and the proxy-config lines the report ties findings to, with Quick Fixes for both.
 * Refreshed on every finished run (manual or status check), re-placed when the files change.
 */
export class ConfigProblems implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('mcp-doctor');
  private readonly last = new Map<string, Remembered>();
  private readonly urlProblems = new Map<vscode.Diagnostic, ServerProblem>();
  private readonly configProblems = new Map<vscode.Diagnostic, ConfigLocation>();
  private readonly commands: vscode.Disposable[];
  private rendering: Promise<void> = Promise.resolve();

  constructor(private readonly explanation: (code: string) => vscode.Uri) {
    this.commands = [
      vscode.commands.registerCommand(SAVE_AND_DIAGNOSE, saveAndDiagnose),
      vscode.commands.registerCommand(CA_BUNDLE_INTO_ENV, async (uri: vscode.Uri, problem: ServerProblem) => {
        const path = await vscode.commands.executeCommand<string | undefined>(COMMANDS.createCaBundle, problem.serverId);
        if (typeof path !== 'string') return;
        const doc = await vscode.workspace.openTextDocument(uri);
        const edits = entryEnvEdits(doc.getText(), problem.kind, problem.serverName, { NODE_EXTRA_CA_CERTS: path, SSL_CERT_FILE: path });
        if (!edits) return;
        if (await vscode.workspace.applyEdit(workspaceEditOf(doc, edits))) await saveAndDiagnose(uri, problem.serverId);
      }),
    ];
  }

  dispose(): void {
    this.collection.dispose();
    for (const c of this.commands) c.dispose();
  }

  async finished(server: DiscoveredServer, report: DiagnosisReport): Promise<void> {
    if (report.cancelled) return;
    this.last.set(server.id, { server, report });
    await this.render();
  }

  /** After the MCP files changed: forget servers that are gone, re-place the rest. */
  async refresh(current: readonly DiscoveredServer[]): Promise<void> {
    const ids = new Map(current.map((s) => [s.id, s]));
    for (const [id, remembered] of [...this.last]) {
      const now = ids.get(id);
      if (!now || now.url !== remembered.server.url) this.last.delete(id);
    }
    await this.render();
  }

  /** One render at a time: each reads the files and replaces every diagnostic. */
  private render(): Promise<void> {
    this.rendering = this.rendering.then(() => this.renderNow()).catch(() => undefined);
    return this.rendering;
  }

  private async renderNow(): Promise<void> {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const add = (path: string, d: vscode.Diagnostic) => byFile.set(path, [...(byFile.get(path) ?? []), d]);
    this.urlProblems.clear();
    this.configProblems.clear();
    for (const { server, report } of this.last.values()) {
      const urlProblem = await this.urlProblem(server, report);
      if (urlProblem) add(urlProblem.problem.path, urlProblem.diagnostic);
      for (const location of report.configLocations ?? []) add(location.file, this.configDiagnostic(location, report));
    }
    this.collection.clear();
    for (const [path, diagnostics] of byFile) this.collection.set(vscode.Uri.file(path), diagnostics);
  }

  private async urlProblem(
    server: DiscoveredServer,
    report: DiagnosisReport,
  ): Promise<{ problem: ServerProblem; diagnostic: vscode.Diagnostic } | undefined> {
    if (!server.source.path) return undefined;
    const doc = await openQuietly(server.source.path);
    const problem = doc && problemFor(server, report, doc.getText());
    if (!doc || !problem) return undefined;
    const range = new vscode.Range(doc.positionAt(problem.start), doc.positionAt(problem.end));
    const diagnostic = new vscode.Diagnostic(
      range,
      problem.message,
      problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
    );
    diagnostic.source = SOURCE;
    if (problem.code) diagnostic.code = { value: problem.code, target: this.explanation(problem.code) };
    this.urlProblems.set(diagnostic, problem);
    return { problem, diagnostic };
  }

  private configDiagnostic(location: ConfigLocation, report: DiagnosisReport): vscode.Diagnostic {
    const finding = report.findings.find((f) => f.code === location.code);
    const line = Math.max(0, location.line - 1);
    const start = new vscode.Position(line, Math.max(0, location.column - 1));
    const range = new vscode.Range(start, start.translate(0, Math.max(1, location.directive.length)));
    const severity =
      finding?.severity === 'error'
        ? vscode.DiagnosticSeverity.Error
        : finding?.severity === 'warning'
          ? vscode.DiagnosticSeverity.Warning
          : vscode.DiagnosticSeverity.Information;
    const diagnostic = new vscode.Diagnostic(range, `${finding?.title ?? location.code}: ${location.change}`, severity);
    diagnostic.source = SOURCE;
    diagnostic.code = { value: location.code, target: this.explanation(location.code) };
    this.configProblems.set(diagnostic, location);
    return diagnostic;
  }

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics.flatMap((d) => {
      const problem = this.urlProblems.get(d);
      if (problem) return problem.actions.map((a) => urlAction(doc, d, problem, a));
      const location = this.configProblems.get(d);
      return location ? configActions(doc, d, location) : [];
    });
  }
}

/** The lightbulb's form of a fix: the same plan the panel's fix block runs (fixPlan.ts). */
function urlAction(
  doc: vscode.TextDocument,
  diagnostic: vscode.Diagnostic,
  problem: ServerProblem,
  action: ProblemAction,
): vscode.CodeAction {
  const plan = planFix(problem, action);
  const fix = new vscode.CodeAction(plan.title, vscode.CodeActionKind.QuickFix);
  fix.diagnostics = [diagnostic];
  if (plan.preferred) fix.isPreferred = true;
  if (plan.edits.length) fix.edit = workspaceEditOf(doc, plan.edits);
  fix.command = commandOf(doc.uri, plan);
  return fix;
}

function configActions(doc: vscode.TextDocument, diagnostic: vscode.Diagnostic, location: ConfigLocation): vscode.CodeAction[] {
  const edit = nginxQuickFix(location.code, location.directive, doc.getText(), doc.offsetAt(diagnostic.range.start));
  if (!edit) return [];
  const action = new vscode.CodeAction(edit.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.edit = new vscode.WorkspaceEdit();
  action.edit.replace(doc.uri, new vscode.Range(doc.positionAt(edit.start), doc.positionAt(edit.end)), edit.text);
  return [action];
}

/** Discovery reads the saved file: save the edit, then diagnose the server again. */
async function saveAndDiagnose(uri: vscode.Uri, serverId: string): Promise<void> {
  await (await vscode.workspace.openTextDocument(uri)).save();
  await vscode.commands.executeCommand(COMMANDS.diagnose, serverId);
}
