import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DiscoveredServer } from '../../core/discovery/types';
import { type HealthLevel } from '../../core/status/health';

/** The last finished diagnosis of a server, as the MCP Servers view shows it. Secret-free. */
export interface ServerResult {
  readonly level: Exclude<HealthLevel, 'checking'>;
  readonly verdict: string;
  readonly at: number;
  readonly report: DiagnosisReport;
}

/** One source file (or settings) and its servers, in discovery order. */
export interface ServerGroup {
  readonly key: string;
  readonly label: string;
  /** The file's full path, for the tooltip; absent for settings. */
  readonly path?: string;
  readonly servers: readonly DiscoveredServer[];
}

/** What a row of the view shows: pure data, drawn by serversView.ts. */
export interface ServerRow {
  readonly serverId: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** A codicon id (`pass`, `warning`, `error`, `loading~spin`, `circle-outline`). */
  readonly icon: string;
  /** The theme colour of the icon, when it has one. */
  readonly color?: string;
  /** Menus key on this: every row is a server; `mcpServer.withReport` once it has a result to open. */
  readonly contextValue: 'mcpServer' | 'mcpServer.withReport';
}

const ICON: Record<HealthLevel, { readonly icon: string; readonly color?: string }> = {
  healthy: { icon: 'pass', color: 'testing.iconPassed' },
  warning: { icon: 'warning', color: 'list.warningForeground' },
  failing: { icon: 'error', color: 'testing.iconFailed' },
  checking: { icon: 'loading~spin' },
  unknown: { icon: 'circle-outline' },
};

/** Servers grouped by the file that defines them, files in discovery order, settings first. */
export function groupServers(servers: readonly DiscoveredServer[], workspaceFolders: readonly string[]): ServerGroup[] {
  const groups = new Map<string, { label: string; path?: string; servers: DiscoveredServer[] }>();
  for (const server of servers) {
    const path = server.source.path;
    const key = path ?? `(${server.source.kind})`;
    const group = groups.get(key) ?? { label: path ? displayPath(path, workspaceFolders) : sourceLabel(server), path, servers: [] };
    group.servers.push(server);
    groups.set(key, group);
  }
  return [...groups.entries()].map(([key, g]) => ({ key, ...g }));
}

/** One server's row: health icon, last verdict and its age, or "not checked yet". */
export function serverRow(server: DiscoveredServer, result: ServerResult | undefined, checking: boolean, now: number): ServerRow {
  const level: HealthLevel = checking ? 'checking' : (result?.level ?? 'unknown');
  const description = result ? `${result.verdict} · ${age(now - result.at)}` : checking ? 'checking…' : 'not checked yet';
  const tooltip = [
    `${server.name}: ${server.url}`,
    result ? `${result.verdict} (${age(now - result.at)})` : 'Not checked yet: run Diagnose or Diagnose All.',
    ...server.problems,
  ].join('\n');
  return {
    serverId: server.id,
    label: server.name,
    description,
    tooltip,
    ...ICON[level],
    contextValue: result ? 'mcpServer.withReport' : 'mcpServer',
  };
}

/** "just now", "5 min ago", "3 h ago", "2 d ago". */
export function age(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}

/** A path relative to the workspace folder that holds it (prefixed by the folder's name when there are several). */
function displayPath(path: string, folders: readonly string[]): string {
  const p = path.replace(/\\/g, '/');
  for (const folder of folders) {
    const f = folder.replace(/\\/g, '/').replace(/\/$/, '');
    if (p.startsWith(`${f}/`)) return folders.length > 1 ? `${f.split('/').pop()}/${p.slice(f.length + 1)}` : p.slice(f.length + 1);
  }
  return path;
}

function sourceLabel(server: DiscoveredServer): string {
  return server.source.kind === 'settings' ? 'Settings (mcpDoctor.servers)' : 'Entered URLs';
}
