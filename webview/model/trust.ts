import { asBoolean, asRecord, asString, field, type Rec, stringField } from './read';

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

const MATRIX_FIELDS = ['clients', 'trustMatrix', 'clientTrust', 'matrix'];

/** Reads the matrix whether it is a list of rows or an object keyed by client. */
export function readTrustMatrix(tls: unknown): TrustRow[] {
  const record = asRecord(tls);
  for (const name of MATRIX_FIELDS) {
    const value = field(record, name);
    const rows = Array.isArray(value) ? fromList(value) : fromObject(asRecord(value));
    if (rows.length > 0) return rows;
  }
  return [];
}

function fromList(list: readonly unknown[]): TrustRow[] {
  return list.map(asRecord).filter((row): row is Rec => row !== undefined).map((row) => toRow(stringField(row, 'client', 'name', 'id', 'label') ?? '?', row));
}

function fromObject(record: Rec | undefined): TrustRow[] {
  if (!record) return [];
  return Object.entries(record).flatMap(([client, value]) => {
    if (typeof value === 'boolean') return [{ client: clientName(client), trusted: value }];
    const row = asRecord(value);
    return row ? [toRow(client, row)] : [];
  });
}

function toRow(client: string, row: Rec): TrustRow {
  const label = stringField(row, 'label', 'displayName');
  return {
    client: label ?? clientName(client),
    trusted: trustedOf(row),
    reason: stringField(row, 'reason', 'why', 'detail', 'note', 'error'),
    store: stringField(row, 'trustFrom', 'store', 'source', 'trustStore'),
    fix: stringField(row, 'fix'),
    ...checkOf(asRecord(field(row, 'confirmed'))),
  };
}

/** "confirmed by curl (…): exit 60", or what the real client did when the prediction was wrong. */
function checkOf(confirmed: Rec | undefined): Pick<TrustRow, 'check'> {
  if (!confirmed) return {};
  const program = stringField(confirmed, 'program') ?? 'the real client';
  const detail = stringField(confirmed, 'detail') ?? '';
  const agrees = asBoolean(field(confirmed, 'agrees'));
  if (agrees === true) return { check: { tone: 'ok', text: `confirmed: ${program}, ${detail}` } };
  if (agrees === false) return { check: { tone: 'error', text: `prediction wrong: ${program} ${stringField(confirmed, 'outcome') === 'trusted' ? 'trusts it' : 'rejects it'}, ${detail}` } };
  return { check: { tone: 'info', text: `predicted; ${program} was inconclusive: ${detail}` } };
}

function trustedOf(row: Rec): boolean | undefined {
  const flag = asBoolean(field(row, 'trusted', 'trusts', 'ok', 'accepted', 'pass'));
  if (flag !== undefined) return flag;
  const verdict = asString(field(row, 'verdict', 'status', 'result'));
  if (!verdict) return undefined;
  if (/^(trusted|ok|pass|yes|accept)/i.test(verdict)) return true;
  if (/^(untrusted|not|fail|no|reject|error)/i.test(verdict)) return false;
  return undefined;
}

export function clientName(id: string): string {
  return CLIENT_NAMES[id] ?? id;
}

/** A matrix row count for summaries ("3 of 5 clients trust this server"). */
export function trustSummary(rows: readonly TrustRow[]): string {
  const trusted = rows.filter((row) => row.trusted === true).length;
  return `${trusted} of ${rows.length} client${rows.length === 1 ? '' : 's'} trust this server`;
}

