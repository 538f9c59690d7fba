import { asArray, asNumber, asRecord, field, stringField, stringList } from './read';

/** One redirect hop with the differences between where it was asked and where it points. */
export interface HopView {
  readonly method: string;
  readonly url: string;
  /** 0 when the request failed before any response. */
  readonly status?: number;
  readonly location?: string;
  readonly changes: readonly string[];
  /** Extra facts: Authorization header sent, server software, error code. */
  readonly notes: readonly string[];
}

/** Reads hops and explains each change (scheme, host, port, path, method) so nobody has to diff URLs by eye. */
export function readHops(redirects: unknown): HopView[] {
  const list = Array.isArray(redirects) ? redirects : asArray(field(asRecord(redirects), 'hops', 'chain'));
  return list.map(asRecord).flatMap((hop) => {
    if (!hop) return [];
    const url = stringField(hop, 'url') ?? '';
    const status = asNumber(field(hop, 'status'));
    const location = stringField(hop, 'location');
    const method = stringField(hop, 'method') ?? 'GET';
    const next = stringField(hop, 'nextUrl') ?? location;
    const described = describeChanges(url, next, method, status, stringField(hop, 'nextMethod'));
    const declared = stringList(field(hop, 'changed'));
    return [{ method, url, status, location, changes: described.length || !declared.length ? described : declared, notes: hopNotes(hop) }];
  });
}

function hopNotes(hop: Readonly<Record<string, unknown>>): string[] {
  const notes: string[] = [];
  const auth = field(hop, 'authorizationSent');
  if (typeof auth === 'boolean') notes.push(auth ? 'Authorization header sent' : 'no Authorization header');
  const server = stringField(hop, 'server');
  if (server) notes.push(`answered by ${server}`);
  const error = stringField(hop, 'errorCode');
  const words = stringField(hop, 'error');
  if (error || words) notes.push(`failed: ${[error, words].filter(Boolean).join(': ')}`);
  return notes;
}

/** Plain-language differences between a request URL and the Location it was sent to. */
export function describeChanges(from: string, location: string | undefined, method: string, status: number | undefined, nextMethod?: string): string[] {
  if (!location) return [];
  let a: URL;
  let b: URL;
  try {
    a = new URL(from);
    b = new URL(location, a);
  } catch {
    return ['Location is not a valid URL'];
  }
  const changes: string[] = [];
  if (a.protocol !== b.protocol) changes.push(`scheme ${a.protocol.slice(0, -1)} → ${b.protocol.slice(0, -1)}${b.protocol === 'http:' ? ' (TLS and the Authorization header are lost)' : ''}`);
  if (a.hostname !== b.hostname) changes.push(`host ${a.hostname} → ${b.hostname} (credentials are dropped cross-origin)`);
  if (portOf(a) !== portOf(b)) changes.push(`port ${portOf(a)} → ${portOf(b)}`);
  if (a.pathname !== b.pathname) changes.push(pathChange(a.pathname, b.pathname));
  if (a.search !== b.search) changes.push('query string changed');
  const after = nextMethod ?? (method === 'POST' && (status === 301 || status === 302 || status === 303) ? 'GET' : method);
  if (after !== method) changes.push(`method ${method} → ${after} (a ${status ?? 'redirect'} makes clients drop the body)`);
  return changes;
}

function pathChange(from: string, to: string): string {
  if (to === `${from}/`) return `trailing slash added (${from} → ${to})`;
  if (from === `${to}/`) return `trailing slash removed (${from} → ${to})`;
  return `path ${from} → ${to}`;
}

function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
}

