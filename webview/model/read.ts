/**
 * Lenient readers over report data. The report's sub-sections grow over time and an exported
 * report may come from another version, so views read fields defensively instead of trusting
 * the static types: a missing or oddly typed field hides a row, it never breaks the panel.
 */
export type Rec = Readonly<Record<string, unknown>>;

export function asRecord(value: unknown): Rec | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Rec) : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** The first present field among several names (different sub-report versions name things differently). */
export function field(record: Rec | undefined, ...names: string[]): unknown {
  if (!record) return undefined;
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(record, name) && record[name] !== undefined && record[name] !== null) return record[name];
  }
  return undefined;
}

export function stringField(record: Rec | undefined, ...names: string[]): string | undefined {
  return asString(field(record, ...names));
}

export function recordField(record: Rec | undefined, ...names: string[]): Rec | undefined {
  return asRecord(field(record, ...names));
}

/** Strings of an array field, or of a single string / comma-or-space separated list. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return asArray(value).map((item) => asString(item) ?? displayValue(item)).filter((item) => item.length > 0);
}

/** Any value as one line of text (objects as compact JSON), capped so a huge value cannot flood the view. */
export function displayValue(value: unknown, max = 2000): string {
  let out: string;
  if (value === undefined || value === null) out = '';
  else if (typeof value === 'string') out = value;
  else if (typeof value === 'number' || typeof value === 'boolean') out = String(value);
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) out = value.join(', ');
  else out = safeJson(value);
  return out.length > max ? `${out.slice(0, max)}… (${out.length - max} more characters)` : out;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return String(value);
  }
}

/** Scalar entries of a record, for generic key/value tables. */
export function scalarEntries(record: Rec | undefined, skip: readonly string[] = []): [string, unknown][] {
  if (!record) return [];
  return Object.entries(record).filter(([key, value]) => !skip.includes(key) && value !== undefined && value !== null && value !== '');
}
