import type { ClientConfirmation, TlsReport } from '../../src/shared/protocol';

/** One row of the client trust matrix. */
export interface TrustRow {
  readonly client: string;
  /** undefined when the engine could not tell (e.g. the client is not installed). */
  readonly trusted: boolean | undefined;
  readonly reason?: string;
  readonly store?: string;
  /** The change that makes this client trust the server. */
  readonly fix?: string;
  /** Set when the real client was run (Confirm with Installed Clients): confirmed, wrong, or inconclusive. */
  readonly check?: { readonly tone: 'ok' | 'error' | 'info'; readonly text: string };
}

const CLIENT_NAMES: Readonly<Record<string, string>> = {
  node: 'Node.js (bundled roots)',
  'node-extra-ca': 'Node.js with NODE_EXTRA_CA_CERTS',
  'node-configured': 'Node.js with your CA files',
  vscode: 'VS Code extension host',
  'python-httpx': 'Python httpx',
  'python-requests': 'Python requests',
  'python-ssl': 'Python ssl / urllib',
  curl: 'curl / OpenSSL',
};

/** The matrix rows, as the engine writes them (tls.clients). */
export function readTrustMatrix(tls: TlsReport | undefined): TrustRow[] {
  return (tls?.clients ?? []).map((c) => ({
    client: c.label || clientName(c.client),
    trusted: c.trusts,
    reason: c.reason,
    store: c.trustFrom,
    fix: c.fix,
    ...checkOf(c.confirmed),
  }));
}

/** "confirmed: curl (…), exit 60", or what the real client did when the prediction was wrong. */
function checkOf(confirmed: ClientConfirmation | undefined): Pick<TrustRow, 'check'> {
  if (!confirmed) return {};
  const { program, detail, agrees, outcome } = confirmed;
  if (agrees === true) return { check: { tone: 'ok', text: `confirmed: ${program}, ${detail}` } };
  if (agrees === false)
    return {
      check: { tone: 'error', text: `prediction wrong: ${program} ${outcome === 'trusted' ? 'trusts it' : 'rejects it'}, ${detail}` },
    };
  return { check: { tone: 'info', text: `predicted; ${program} was inconclusive: ${detail}` } };
}

export function clientName(id: string): string {
  return CLIENT_NAMES[id] ?? id;
}

/** A matrix row count for summaries ("3 of 5 clients trust this server"). */
export function trustSummary(rows: readonly TrustRow[]): string {
  const trusted = rows.filter((row) => row.trusted === true).length;
  return `${trusted} of ${rows.length} client${rows.length === 1 ? '' : 's'} trust this server`;
}
