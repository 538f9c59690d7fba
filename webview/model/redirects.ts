import type { RedirectHop } from '../../src/shared/protocol';

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

/** Explains each hop's changes (scheme, host, port, path, method) so nobody has to diff URLs by eye. */
export function readHops(redirects: readonly RedirectHop[] | undefined): HopView[] {
  return (redirects ?? []).map((hop) => {
    const described = describeChanges(hop.url, hop.nextUrl ?? hop.location, hop.method, hop.status, hop.nextMethod);
    const declared = hop.changed ?? [];
    return {
      method: hop.method,
      url: hop.url,
      status: hop.status,
      location: hop.location,
      changes: described.length || !declared.length ? described : declared,
      notes: hopNotes(hop),
    };
  });
}

function hopNotes(hop: RedirectHop): string[] {
  const notes: string[] = [];
  if (typeof hop.authorizationSent === 'boolean')
    notes.push(hop.authorizationSent ? 'Authorization header sent' : 'no Authorization header');
  if (hop.server) notes.push(`answered by ${hop.server}`);
  if (hop.errorCode || hop.error) notes.push(`failed: ${[hop.errorCode, hop.error].filter(Boolean).join(': ')}`);
  return notes;
}

/** Plain-language differences between a request URL and the Location it was sent to. */
export function describeChanges(
  from: string,
  location: string | undefined,
  method: string,
  status: number | undefined,
  nextMethod?: string,
): string[] {
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
  if (a.protocol !== b.protocol)
    changes.push(
      `scheme ${a.protocol.slice(0, -1)} → ${b.protocol.slice(0, -1)}${b.protocol === 'http:' ? ' (TLS and the Authorization header are lost)' : ''}`,
    );
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
