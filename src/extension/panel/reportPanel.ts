import * as vscode from 'vscode';
import { type DiagnosisReport } from '../../core/diagnose/report';
import { type TokenVerification } from '../../core/jwt/types';
import { versioned } from '../../shared/panelState';
import {
  type HostToWebview,
  type MessageHandlers,
  type PanelAction,
  type PanelContext,
  type PanelFix,
  type PanelState,
  type SignInFlow,
  type WebviewMessages,
  type WebviewToHost,
} from '../../shared/protocol';
import { type DiagnosisProgress, type PresentationContext, type ReportPresenter } from '../presenter';
import { panelHtml } from './html';
import { parseWebviewMessage } from './messages';
import { revivedState } from './restore';
import { needsSignIn } from '../../core/status/signIn';
import { COMMANDS } from '../commands/ids';
import { type PanelFixes } from '../problems/panelFixes';

/** Commands of the rest of the extension that panel buttons run. */

/**
 * The report panel: one webview panel, reused for every report, restored after a reload by its
 * serializer. Implements the extension's ReportPresenter. The page gets a fresh nonce on every
 * render; messages from it are validated and never carry text the host would trust.
 */
export class ReportPanel implements ReportPresenter, vscode.Disposable {
  static readonly viewType = 'mcpDoctor.report';
  private panel: vscode.WebviewPanel | undefined;
  private state: PanelState = {};
  /** The page said `ready`: it listens, so a new state is posted to it instead of rebuilding it. */
  private pageReady = false;
  /**
   * The state embedded in the page's HTML. VS Code reloads that HTML when a hidden panel is shown
   * again, so a page that reports `ready` while showing an older state gets the current one.
   */
  private embedded: PanelState | undefined;
  /** The mcp.json Quick Fixes for the fix block (set once discovery exists; none until then). */
  private fixes: PanelFixes | undefined;
  /** Bumped by every render and every show: a report whose fix list arrives after a newer show or render is dropped. */
  private latest = 0;

  private constructor(private readonly extensionUri: vscode.Uri) {}

  /** Creates the presenter and registers the serializer (pair with `onWebviewPanel:mcpDoctor.report`). */
  static register(context: vscode.ExtensionContext): ReportPanel {
    const presenter = new ReportPanel(context.extensionUri);
    context.subscriptions.push(
      presenter,
      vscode.window.registerWebviewPanelSerializer(ReportPanel.viewType, {
        deserializeWebviewPanel: async (panel, state) => presenter.revive(panel, state),
      }),
    );
    return presenter;
  }

  /** Gives the fix block the server entry's Quick Fixes (src/extension/problems/panelFixes.ts). */
  useFixes(fixes: PanelFixes): void {
    this.fixes = fixes;
  }

  async show(report: DiagnosisReport, context: PresentationContext, flow?: SignInFlow): Promise<void> {
    const panelContext = toPanelContext(context);
    const actions: PanelAction[] = ['rerun', 'createCaBundle', 'openSettings', 'export'];
    if (panelContext.serverId) actions.push('showTimeline');
    if (report.tls?.clients?.length) actions.push('confirmClients');
    if (needsSignIn(report)) actions.push('signIn');
    const ticket = ++this.latest;
    const fixes = await this.fixesFor(report, panelContext.serverId);
    if (ticket !== this.latest) return;
    this.render({
      kind: 'diagnosis',
      report,
      ...(flow ? { flow } : {}),
      context: panelContext,
      actions,
      ...(fixes.length ? { fixes } : {}),
    });
  }

  /** The server entry's Quick Fixes for this report; none for an entered URL, a settings server, or when the file cannot be read. */
  private async fixesFor(report: DiagnosisReport, serverId: string | undefined): Promise<readonly PanelFix[]> {
    if (!serverId || !this.fixes) return [];
    return this.fixes.list(serverId, report).catch(() => []);
  }

  /** The sign-in's exchanges in the flow view: below the diagnosis run with the new token, or alone when it stopped. */
  async showSignIn(flow: SignInFlow, context: PresentationContext, report?: DiagnosisReport): Promise<void> {
    if (report) return this.show(report, context, flow);
    this.render({ kind: 'flow', flow, context: toPanelContext(context), actions: ['signIn', 'openSettings', 'export'] });
  }

  /** Loads the findings catalog lazily: activation stays free of engine code. */
  async showToken(inspection: TokenVerification, context: PresentationContext): Promise<void> {
    const { tokenInspectionReport } = await import('./tokenReport');
    const report = tokenInspectionReport(inspection, new Date());
    this.render({ kind: 'token', report, context: toPanelContext(context), actions: ['openSettings', 'export'] });
  }

  /**
   * A step of a diagnosis of the server this open panel shows (a re-run) started or ended: the
   * page shows it while the new report is on its way. Diagnoses of other servers are not shown here.
   */
  progress(event: DiagnosisProgress, context: PresentationContext): void {
    if (!this.panel || !this.pageReady || !this.showsServer(context, event.target)) return;
    this.post({ type: 'progress', step: event.step, label: event.label, phase: event.phase } satisfies HostToWebview);
  }

  private showsServer(context: PresentationContext, target: string): boolean {
    const shown = this.state.context?.serverId;
    return shown !== undefined ? shown === context.serverId : this.state.report?.target === target;
  }

  /** The state the panel shows (for tests and the export command). */
  get current(): PanelState {
    return this.state;
  }

  /** The saved fix buttons are the page's word: they are derived again from the report and the file as they are now. */
  private async revive(panel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    this.attach(panel);
    const { fixes: _saved, ...state } = revivedState(saved);
    const fixes = state.kind === 'diagnosis' && state.report ? await this.fixesFor(state.report, state.context?.serverId) : [];
    this.render({ ...state, ...(fixes.length ? { fixes } : {}) });
  }

  /** An open, listening page gets the new state as a message; otherwise the page is (re)built with it embedded. */
  private render(state: PanelState): void {
    this.latest++;
    this.state = state;
    const panel = this.panel ?? this.attach(this.createPanel());
    panel.title = titleOf(state);
    if (this.pageReady) {
      this.post({ type: 'state', state: versioned(state) } satisfies HostToWebview);
    } else {
      const webview = panel.webview;
      const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', name)).toString();
      this.embedded = state;
      webview.html = panelHtml({
        cspSource: webview.cspSource,
        scriptUri: asset('webview.js'),
        styleUri: asset('webview.css'),
        state,
        title: panel.title,
      });
    }
    if (!panel.visible) panel.reveal(undefined, false);
  }

  private createPanel(): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(
      ReportPanel.viewType,
      'MCP Doctor',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      {
        enableScripts: true,
        enableFindWidget: true,
        enableCommandUris: false,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
      },
    );
  }

  private attach(panel: vscode.WebviewPanel): vscode.WebviewPanel {
    this.panel = panel;
    this.pageReady = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    const listeners = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.handle(message);
      }),
    ];
    listeners.push(
      panel.onDidDispose(() => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.pageReady = false;
        }
        for (const listener of listeners) listener.dispose();
      }),
    );
    return panel;
  }

  private async handle(message: WebviewToHost): Promise<void> {
    try {
      await this.act(message);
    } catch (err) {
      this.notice(`Could not ${message.type}: ${err instanceof Error ? err.message : String(err)}`, 'error');
    }
  }

  private act(message: WebviewToHost): Promise<void> {
    const handle = this.handlers[message.type] as (m: WebviewToHost) => Promise<void>;
    return handle(message);
  }

  /** One handler per webview message of the protocol (a new message does not compile without one). */
  private readonly handlers = {
    ready: async () => {
      this.pageReady = true;
      if (this.embedded !== this.state) this.post({ type: 'state', state: versioned(this.state) } satisfies HostToWebview);
    },
    rerun: async () => {
      if (this.state.kind !== 'token' && this.state.report) await vscode.commands.executeCommand(COMMANDS.diagnose, this.target());
    },
    signIn: async () => {
      if (this.state.kind !== 'token' && (this.state.report || this.state.flow))
        await vscode.commands.executeCommand(COMMANDS.signIn, this.target());
    },
    runFix: async ({ index, kind }) => {
      const { report, context } = this.state;
      if (this.state.kind !== 'diagnosis' || !report || !context?.serverId || !this.fixes) return;
      const outcome = await this.fixes.run(context.serverId, report, { index, kind });
      if (outcome === 'stale') this.notice('The file changed since this report: re-run the diagnosis for its fixes', 'error');
      else if (outcome === 'refused') this.notice('VS Code did not apply the edit', 'error');
    },
    copy: (message) => this.copy(message),
    copyFindingFix: (message) => this.copy(message),
    createCaBundle: async () => {
      await vscode.commands.executeCommand(COMMANDS.createCaBundle, this.target());
    },
    openSettings: async () => {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'mcpDoctor');
    },
    showTimeline: async () => {
      await vscode.commands.executeCommand(COMMANDS.showTimeline, this.target());
    },
    confirmClients: async () => {
      const serverId = this.state.context?.serverId;
      if (this.state.kind !== 'token' && this.state.report)
        await vscode.commands.executeCommand(COMMANDS.confirmClients, serverId ? { serverId } : undefined);
    },
    export: async () => {
      const { report, flow } = this.state;
      if (!report && !flow) return;
      const saved = await vscode.commands.executeCommand<string | undefined>(COMMANDS.exportReport, {
        report,
        flow,
        context: this.state.context ?? {},
      });
      if (saved) this.notice(`Saved ${saved}`, 'info');
    },
  } satisfies MessageHandlers<WebviewMessages, Promise<void>>;

  /** The server the shown report is about, as the commands take it. */
  private target(): { serverId: string } | { url: string | undefined } {
    const serverId = this.state.context?.serverId;
    return serverId ? { serverId } : { url: this.state.report?.target ?? this.state.flow?.report.resource };
  }

  private async copy(message: Extract<WebviewToHost, { type: 'copy' | 'copyFindingFix' }>): Promise<void> {
    const { copyText } = await import('./copy');
    const text = copyText(this.state, message);
    if (!text) return this.notice('Nothing to copy', 'error');
    await vscode.env.clipboard.writeText(text);
    this.notice(message.type === 'copyFindingFix' || message.target === 'fix' ? 'Fix copied' : 'Copied', 'info');
  }

  private notice(text: string, kind: 'info' | 'error'): void {
    this.post({ type: 'notice', text, kind } satisfies HostToWebview);
  }

  /** The only way the host talks to the page. */
  private post(message: HostToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  /** Closing the panel also disposes its listeners (see attach). */
  dispose(): void {
    this.panel?.dispose();
  }
}

function toPanelContext(context: PresentationContext): PanelContext {
  return { serverId: context.serverId, serverName: context.serverName, source: context.source, timeline: context.timeline };
}

function titleOf(state: PanelState): string {
  if (state.kind === 'token') return 'MCP Doctor: token';
  const name = state.context?.serverName ?? hostOf(state.report?.target ?? state.flow?.report.resource);
  return name ? `MCP Doctor: ${name}` : 'MCP Doctor';
}

function hostOf(target: string | undefined): string | undefined {
  try {
    return target ? new URL(target).host : undefined;
  } catch {
    return undefined;
  }
}
