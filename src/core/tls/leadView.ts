import { type LeadClient, leadClientName, leadRow, matrixRowsFor } from './leadClient';
import { type ClientEvaluation } from './clientMatrix';
import { type TrustVerdict } from './types';

/**
 * Whose view the TLS findings take. Node's view comes from the real handshake (OpenSSL is the
 * authority); any other client's from its trust-matrix row, since we cannot handshake as it.
 */
export interface LeadPerspective {
  /** Short name for titles: "Node.js", "Python httpx", "Cursor". */
  readonly name: string;
  /** The matrix rows that speak for this client (Node has three). */
  readonly rows: readonly string[];
  /** The user chose this client; otherwise (no choice) every client's failure is an error. */
  readonly chosen: boolean;
  /** The predicted verdict; absent when the real (Node) handshake decides. */
  readonly predicted?: { readonly verdict: TrustVerdict; readonly trustFrom: string; readonly trusted: boolean };
}

/** Without a choice Node leads (the CLI is a Node client), and the other rows still count as errors. */
export function leadPerspective(clients: readonly ClientEvaluation[], chosen: LeadClient | undefined): LeadPerspective {
  const client = chosen ?? 'node';
  const base = { name: leadClientName(client), rows: matrixRowsFor(client), chosen: chosen !== undefined };
  if (base.rows.includes('node')) return base;
  const row = leadRow(
    clients.map((c) => ({ client: c.report.client, c })),
    client,
  )?.c;
  if (!row) return { ...base, name: leadClientName('node'), rows: matrixRowsFor('node') };
  return { ...base, predicted: { verdict: row.verdict, trustFrom: row.report.trustFrom, trusted: row.report.trusts } };
}
