import * as vscode from 'vscode';
import { type DiagnosisReport } from '../../core/diagnose/report';
import { type TokenVerification } from '../../core/jwt/types';
import { type PanelAction, type PanelContext, type PanelState, type WebviewToHost } from '../../shared/protocol';
import { type PresentationContext, type ReportPresenter } from '../presenter';
import { panelHtml } from './html';
import { parseWebviewMessage } from './messages';
import { restoredState } from './restore';
import { COMMANDS } from '../commands/ids';

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

  show(report: DiagnosisReport, context: PresentationContext): void {
    const panelContext = toPanelContext(context);
    const actions: PanelAction[] = ['rerun', 'createCaBundle', 'openSettings', 'export'];
    if (panelContext.serverId) actions.push('showTimeline');
    if (report.tls?.clients?.length) actions.push('confirmClients');
    this.render({ kind: 'diagnosis', report, context: panelContext, actions });
  }

  /** Loads the findings catalog lazily: activation stays free of engine code. */
  async showToken(inspection: TokenVerification, context: PresentationContext): Promise<void> {
    const { tokenInspectionReport } = await import('./tokenReport');
    const report = tokenInspectionReport(inspection, new Date());
    this.render({ kind: 'token', report, context: toPanelContext(context), actions: ['openSettings', 'export'] });
  }

  /** The state the panel shows (for tests and the export command). */
  get current(): PanelState {
    return this.state;
  }

  private revive(panel: vscode.WebviewPanel, saved: unknown): void {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    this.attach(panel);
    this.render(restoredState(saved));
  }

  private render(state: PanelState): void {
    this.state = state;
    const panel = this.panel ?? this.attach(this.createPanel());
    panel.title = titleOf(state);
    const webview = panel.webview;
    const asset = (name: string): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', name)).toString();
    webview.html = panelHtml({ cspSource: webview.cspSource, scriptUri: asset('webview.js'), styleUri: asset('webview.css'), state, title: panel.title });
    if (!panel.visible) panel.reveal(undefined, false);
  }

  private createPanel(): vscode.WebviewPanel {
    return vscode.window.createWebviewPanel(ReportPanel.viewType, 'MCP Doctor', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      enableFindWidget: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
  }

  private attach(panel: vscode.WebviewPanel): vscode.WebviewPanel {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.svg');
    const listeners = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.handle(message);
      }),
    ];
    listeners.push(
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
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

  private async act(message: WebviewToHost): Promise<void> {
    const report = this.state.report;
    const context = this.state.context ?? {};
    const target = context.serverId ? { serverId: context.serverId } : { url: report?.target };
    switch (message.type) {
      case 'ready':
        return;
      case 'rerun':
        if (this.state.kind !== 'token' && report) await vscode.commands.executeCommand(COMMANDS.diagnose, target);
        return;
      case 'copy':
      case 'copyFindingFix':
        return this.copy(message);
      case 'createCaBundle':
        await vscode.commands.executeCommand(COMMANDS.createCaBundle, target);
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'mcpDoctor');
        return;
      case 'showTimeline':
        await vscode.commands.executeCommand(COMMANDS.showTimeline, target);
        return;
      case 'confirmClients':
        if (this.state.kind !== 'token' && report) await vscode.commands.executeCommand(COMMANDS.confirmClients, context.serverId ? { serverId: context.serverId } : undefined);
        return;
      case 'export':
        if (report) {
          const saved = await vscode.commands.executeCommand<string | undefined>(COMMANDS.exportReport, { report, context });
          if (saved) this.notice(`Saved ${saved}`, 'info');
        }
        return;
    }
  }

  private async copy(message: Extract<WebviewToHost, { type: 'copy' | 'copyFindingFix' }>): Promise<void> {
    const { copyText } = await import('./copy');
    const text = copyText(this.state, message);
    if (!text) return this.notice('Nothing to copy', 'error');
    await vscode.env.clipboard.writeText(text);
    this.notice(message.type === 'copyFindingFix' || message.target === 'fix' ? 'Fix copied' : 'Copied', 'info');
  }

  private notice(text: string, kind: 'info' | 'error'): void {
    void this.panel?.webview.postMessage({ type: 'notice', text, kind });
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
  const name = state.context?.serverName ?? hostOf(state.report?.target);
  return name ? `MCP Doctor: ${name}` : 'MCP Doctor';
}

function hostOf(target: string | undefined): string | undefined {
  try {
    return target ? new URL(target).host : undefined;
  } catch {
    return undefined;
  }
}
