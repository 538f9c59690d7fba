import * as vscode from 'vscode';
import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DiscoveredServer } from '../../core/discovery/types';
import { assessReport } from '../../core/status/health';
import { type LogSink } from '../host/log';
import { type HealthSink } from '../services';
import { groupServers, type ServerGroup, type ServerResult, serverRow } from './serverTree';

export const SERVERS_VIEW_ID = 'mcpDoctor.servers';

/** A node of the tree: a source file, or a server in it. Context-menu commands get `{ serverId }`. */
type Node =
  | { readonly kind: 'group'; readonly group: ServerGroup }
  | { readonly kind: 'server'; readonly serverId: string; readonly server: DiscoveredServer };

export interface ServersViewDeps {
  readonly servers: () => Promise<readonly DiscoveredServer[]>;
  readonly workspaceFolders: () => readonly string[];
  readonly certificateWarningDays: () => number;
  readonly now: () => number;
  readonly log: LogSink;
}

/** Ages are redrawn this often while the view exists ("2 min ago" must not stay "just now"). */
const AGE_REFRESH_MS = 60_000;

/**
 * The MCP Servers view: every discovered server grouped by its file, with its health icon, last
 * verdict and age. It follows every run (manual, Diagnose All, background) through the health sink;
 * the server list itself comes from the registry, re-read when files or settings change.
 */
export class ServersView implements vscode.TreeDataProvider<Node>, HealthSink {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly results = new Map<string, ServerResult>();
  private readonly checkingIds = new Set<string>();

  constructor(private readonly deps: ServersViewDeps) {}

  /** Registers the view; the returned disposables end its timer and emitter. */
  static register(deps: ServersViewDeps): { view: ServersView; disposables: vscode.Disposable[] } {
    const view = new ServersView(deps);
    const tree = vscode.window.createTreeView(SERVERS_VIEW_ID, { treeDataProvider: view, showCollapseAll: true });
    const timer = setInterval(() => tree.visible && view.refresh(), AGE_REFRESH_MS);
    return { view, disposables: [tree, view.changed, { dispose: () => clearInterval(timer) }] };
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  checking(server: DiscoveredServer): void {
    this.checkingIds.add(server.id);
    this.refresh();
  }

  finished(server: DiscoveredServer, report: DiagnosisReport): void {
    this.checkingIds.delete(server.id);
    const assessment = assessReport(report, { certificateWarningDays: this.deps.certificateWarningDays(), nowMs: this.deps.now() });
    // A cancelled run says nothing new: keep the last real result.
    if (assessment.level !== 'unknown')
      this.results.set(server.id, { level: assessment.level, verdict: report.verdict.summary, at: this.deps.now(), report });
    this.refresh();
  }

  aborted(server: DiscoveredServer): void {
    this.checkingIds.delete(server.id);
    this.refresh();
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node?.kind === 'server') return [];
    if (node?.kind === 'group') return node.group.servers.map((server) => ({ kind: 'server', serverId: server.id, server }));
    try {
      const groups = groupServers(await this.deps.servers(), this.deps.workspaceFolders());
      return groups.map((group) => ({ kind: 'group', group }));
    } catch (err) {
      this.deps.log.warn(`MCP Servers view: server list unavailable (${err instanceof Error ? err.message : String(err)})`);
      return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.group.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${node.group.key}`;
      item.tooltip = node.group.path ?? node.group.label;
      item.iconPath = vscode.ThemeIcon.File;
      if (node.group.path) item.resourceUri = vscode.Uri.file(node.group.path);
      item.contextValue = 'mcpServerSource';
      return item;
    }
    const row = serverRow(node.server, this.results.get(node.serverId), this.checkingIds.has(node.serverId), this.deps.now());
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = `server:${row.serverId}`;
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(row.icon, row.color ? new vscode.ThemeColor(row.color) : undefined);
    item.contextValue = row.contextValue;
    item.command = { command: 'mcpDoctor.openServerReport', title: 'Open Report', arguments: [{ serverId: row.serverId }] };
    return item;
  }
}
