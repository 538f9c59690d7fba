/**
 * The last diagnosis of a server from an MCP client file, as one problem on that entry's `url`
 * value, and the Quick Fixes it offers. Plain code (no `vscode`), so unit tests read it directly.
 */
import { type DiagnosisReport } from '../../core/diagnose/report';
import { parseJsonc, type JsonObject, type JsonValue } from '../../core/discovery/jsonc';
import { type ConfigFile, type DiscoveredServer, formatOf } from '../../core/discovery/types';

export type ProblemAction =
  /** Replace the url value with the URL the report computed (`report.mcp.correctedUrl`). */
  | { readonly kind: 'use-url'; readonly url: string }
  | { readonly kind: 'set-token' }
  | { readonly kind: 'sign-in' }
  | { readonly kind: 'ca-bundle' }
  /** For a server the client starts (`command`, e.g. `npx mcp-remote <url>`): create the bundle and point the entry's env at it. */
  | { readonly kind: 'ca-bundle-env' }
  | { readonly kind: 'diagnose' };

export interface ServerProblem {
  readonly serverId: string;
  /** The entry's key and the file's kind (for edits inside the entry). */
  readonly serverName: string;
  readonly kind: ConfigFile['kind'];
  readonly path: string;
  /** The url string value, quotes included: [start, end) offsets in the file text. */
  readonly start: number;
  readonly end: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly code?: string;
  readonly actions: readonly ProblemAction[];
}

const FILE_KINDS: ReadonlySet<string> = new Set(['vscode-workspace', 'vscode-user', 'mcp-json', 'cursor-workspace', 'cursor-user']);

/**
 * The problem for a server's last report, or undefined when there is none to show: the run found
 * nothing worse than info (the server recovered), was cancelled, or the entry is not in a file.
 */
export function problemFor(server: DiscoveredServer, report: DiagnosisReport, fileText: string): ServerProblem | undefined {
  const { kind, path } = server.source;
  if (!path || !FILE_KINDS.has(kind) || report.cancelled) return undefined;
  const severity = report.verdict.severity;
  if (severity !== 'error' && severity !== 'warning') return undefined;
  const range = urlValueRange(fileText, kind as ConfigFile['kind'], server.name, server.url);
  if (!range) return undefined;
  // A URL written with variables (${input:…}, ${env:…}) is not replaced by its resolved form.
  const actions = actionsFor(report)
    .filter((a) => a.kind !== 'use-url' || range.value === server.url)
    .flatMap((a): ProblemAction[] => (a.kind === 'ca-bundle' && server.viaMcpRemote ? [a, { kind: 'ca-bundle-env' }] : [a]));
  return {
    serverId: server.id,
    serverName: server.name,
    kind: kind as ConfigFile['kind'],
    path,
    start: range.start,
    end: range.end,
    severity,
    message: report.verdict.summary,
    code: report.verdict.code,
    actions,
  };
}

const TRUST_CODES: ReadonlySet<string> = new Set(['TLS_SELF_SIGNED', 'TLS_UNTRUSTED_ROOT', 'TLS_INCOMPLETE_CHAIN', 'TLS_TRUST_DIFFERS']);

/** Every fix the report's findings call for, then "Diagnose again". */
export function actionsFor(report: DiagnosisReport): ProblemAction[] {
  const codes = report.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.code as string);
  const actions: ProblemAction[] = [];
  const corrected = report.mcp?.correctedUrl;
  if (corrected && corrected !== report.target && codes.some((c) => c.startsWith('REDIRECT_') || c === 'MCP_CORRECTED_URL_NEEDS_TOKEN'))
    actions.push({ kind: 'use-url', url: corrected });
  if (codes.some((c) => TRUST_CODES.has(c))) actions.push({ kind: 'ca-bundle' });
  if (codes.some((c) => c.startsWith('AUTH_') || c.startsWith('JWT_') || c.startsWith('OAUTH_')))
    actions.push({ kind: 'set-token' }, { kind: 'sign-in' });
  actions.push({ kind: 'diagnose' });
  return actions;
}

/**
 * Where the server's URL is written: its `url` (or `serverUrl`) string, or for an `npx mcp-remote
 * <url>` bridge the args item holding the URL. Offsets span the JSON string, quotes included.
 */
export function urlValueRange(
  text: string,
  kind: ConfigFile['kind'],
  name: string,
  url: string,
): { start: number; end: number; value: string } | undefined {
  const parsed = parseJsonc(text);
  if (!parsed.ok || parsed.value.type !== 'object') return undefined;
  const root = parsed.value.properties.get(formatOf(kind).rootKey)?.value;
  const entry = root?.type === 'object' ? root.properties.get(name)?.value : undefined;
  if (entry?.type !== 'object') return undefined;
  const node = stringNode(entry, 'url') ?? stringNode(entry, 'serverUrl') ?? argsUrl(entry, url);
  if (!node) return undefined;
  return { start: node.offset, end: stringEnd(text, node.offset), value: String((node as { value: unknown }).value) };
}

function stringNode(entry: JsonObject, key: string): JsonValue | undefined {
  const value = entry.properties.get(key)?.value;
  return value?.type === 'string' ? value : undefined;
}

function argsUrl(entry: JsonObject, url: string): JsonValue | undefined {
  const args = entry.properties.get('args')?.value;
  if (args?.type !== 'array') return undefined;
  return args.items.find(
    (item) =>
      item.type === 'string' &&
      /^https?:\/\//.test(String(item.value)) &&
      (item.value === url || url.startsWith(String(item.value).split('$')[0]!)),
  );
}

/** The offset just past the closing quote of the JSON string starting at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
