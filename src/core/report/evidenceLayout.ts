/**
 * How a finding's evidence is laid out for people, shared by the panel, the standalone HTML
 * report (the same view) and the Markdown report: a scalar is text, a list of scalars is a list,
 * a list of records is a table with one column per field. Nothing is ever shown as raw JSON.
 * Pure and dependency-free: the webview imports it through src/shared/evidence.ts.
 */

/** One evidence value, ready to render. */
export type EvidenceValue =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[]; readonly more: number }
  | {
      readonly kind: 'table';
      readonly columns: readonly EvidenceColumn[];
      readonly rows: readonly (readonly string[])[];
      readonly more: number;
    };

export interface EvidenceColumn {
  readonly key: string;
  readonly label: string;
}

export interface EvidenceRow {
  readonly key: string;
  readonly label: string;
  readonly value: EvidenceValue;
}

/** A hostile server can put thousands of names in a certificate: lists and tables are capped. */
export const MAX_EVIDENCE_ROWS = 50;
const MAX_COLUMNS = 12;
const MAX_TEXT = 2000;

/** The rows of one finding's evidence, in the order the probe recorded them; empty values are left out. */
export function evidenceRows(evidence: object): EvidenceRow[] {
  return Object.entries(evidence)
    .filter(([, value]) => !isEmpty(value))
    .map(([key, value]) => ({ key, label: humanKey(key), value: layoutValue(value) }));
}

/** "rootFingerprint256" → "Root fingerprint256", "errorCode" → "Error code". */
export function humanKey(key: string): string {
  const spaced = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function layoutValue(value: unknown): EvidenceValue {
  if (Array.isArray(value)) {
    const items = value.filter((item) => !isEmpty(item));
    const more = Math.max(0, items.length - MAX_EVIDENCE_ROWS);
    const shown = items.slice(0, MAX_EVIDENCE_ROWS);
    if (shown.length > 0 && shown.every(isRecord)) return recordTable(shown as Record<string, unknown>[], more);
    return { kind: 'list', items: shown.map(cellText), more };
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([, v]) => !isEmpty(v));
    return {
      kind: 'list',
      items: entries.slice(0, MAX_EVIDENCE_ROWS).map(([k, v]) => `${humanKey(k)}: ${cellText(v)}`),
      more: Math.max(0, entries.length - MAX_EVIDENCE_ROWS),
    };
  }
  return { kind: 'text', text: cellText(value) };
}

/** Columns are the fields of the records, in first-seen order. */
function recordTable(records: readonly Record<string, unknown>[], more: number): EvidenceValue {
  const keys: string[] = [];
  for (const record of records)
    for (const [key, value] of Object.entries(record)) if (!keys.includes(key) && !isEmpty(value)) keys.push(key);
  const columns = keys.slice(0, MAX_COLUMNS).map((key) => ({ key, label: humanKey(key) }));
  return { kind: 'table', columns, rows: records.map((record) => columns.map((column) => cellText(record[column.key]))), more };
}

/** One value as one line of text: nested lists joined, nested records as "Key: value" pairs. */
function cellText(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = String(value);
  else if (Array.isArray(value)) text = value.slice(0, MAX_EVIDENCE_ROWS).map(cellText).filter(Boolean).join(', ');
  else if (isRecord(value))
    text = Object.entries(value)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${humanKey(k)}: ${cellText(v)}`)
      .join('; ');
  else text = String(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
