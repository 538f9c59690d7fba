import { type ConfigSourceKind } from '../discovery/types';
import { type ClientId } from './types';

/**
 * The client whose view leads the verdict ("will *my* client work?"). The CLI's `--client` takes
 * the first five; the editor also knows which client an mcp.json file belongs to (Cursor is an
 * Electron app like VS Code, Claude Code runs on Node).
 */
export const LEAD_CLIENTS = ['node', 'vscode', 'python-httpx', 'python-requests', 'curl', 'cursor', 'claude-code'] as const;
export type LeadClient = (typeof LEAD_CLIENTS)[number];

/** What `--client` accepts. */
export const CLI_CLIENTS: readonly LeadClient[] = ['node', 'vscode', 'python-httpx', 'python-requests', 'curl'];

export function isLeadClient(value: unknown): value is LeadClient {
  return typeof value === 'string' && (LEAD_CLIENTS as readonly string[]).includes(value);
}

/** Short names for titles ("…a CA that Python httpx does not trust"). */
const NAMES: Record<LeadClient, string> = {
  node: 'Node.js',
  vscode: 'VS Code',
  'python-httpx': 'Python httpx',
  'python-requests': 'Python requests',
  curl: 'curl',
  cursor: 'Cursor',
  'claude-code': 'Claude Code',
};

export function leadClientName(client: LeadClient): string {
  return NAMES[client];
}

/** Short name of a trust-matrix row, for titles listing several clients. */
export function matrixClientName(id: ClientId): string {
  if (id === 'python-ssl') return "Python's ssl module";
  return id === 'node' || id === 'node-extra-ca' || id === 'node-configured' ? 'Node.js' : NAMES[id];
}

/**
 * The trust-matrix row that speaks for a lead client. Node's rows go from the most specific (the
 * configured CA files, then NODE_EXTRA_CA_CERTS) to the default, as a Node client would read them.
 */
export function matrixRowsFor(client: LeadClient): readonly ClientId[] {
  switch (client) {
    case 'node':
    case 'claude-code':
      return ['node-configured', 'node-extra-ca', 'node'];
    case 'vscode':
    case 'cursor':
      return ['vscode'];
    default:
      return [client];
  }
}

/** Picks the row for `client` from what the matrix holds, or undefined when it has none. */
export function leadRow<T extends { readonly client: ClientId }>(rows: readonly T[], client: LeadClient): T | undefined {
  for (const id of matrixRowsFor(client)) {
    const row = rows.find((r) => r.client === id);
    if (row) return row;
  }
  return undefined;
}

/** Is this row one of the lead client's? (Node's superseded rows count: they are the same program.) */
export function isLeadFamily(id: ClientId, client: LeadClient): boolean {
  return matrixRowsFor(client).includes(id);
}

/**
 * The client an mcp.json file belongs to, when the user did not say: `.cursor/mcp.json` is
 * Cursor's, `.mcp.json` Claude Code's (a Node program); VS Code's own files, the settings and an
 * entered URL are diagnosed for VS Code, where the diagnosis runs.
 */
export function clientForSource(kind: ConfigSourceKind): LeadClient {
  switch (kind) {
    case 'cursor-workspace':
    case 'cursor-user':
      return 'cursor';
    case 'mcp-json':
      return 'claude-code';
    default:
      return 'vscode';
  }
}
