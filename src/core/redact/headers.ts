import { redactSecret } from './secret';

/** Header and field names whose values are credentials, compared lower-case with `_` as `-`. */
const SENSITIVE_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-csrf-token',
  'x-xsrf-token',
  'x-amz-security-token',
  'x-goog-api-key',
  'ocp-apim-subscription-key',
  'private-token',
  'access-token',
  'refresh-token',
  'id-token',
  'client-secret',
  'client-assertion',
  'password',
  'passwd',
  'secret',
  'token',
  'bearer',
  'private-key',
  'mcp-session-id',
]);

/** Heuristic for vendor headers (`X-Foo-Token`, `X-My-Secret`, `X-Api-Key`): better over- than under-redact. */
const SENSITIVE_SUFFIXES = ['-token', '-secret', '-key', '-password', '-credential', '-credentials', '-signature'];

function normalise(name: string): string {
  return name.trim().toLowerCase().replaceAll('_', '-');
}

/** Whether a header (or JSON field) with this name carries a credential. */
export function isSensitiveName(name: string): boolean {
  const n = normalise(name);
  return SENSITIVE_NAMES.has(n) || SENSITIVE_SUFFIXES.some((s) => n.endsWith(s));
}

/**
 * Redacts one header value, keeping what helps debugging: the auth scheme (`Bearer`, `Basic`),
 * cookie names, and for JWTs the claims (via {@link redactSecret}).
 */
export function redactHeaderValue(name: string, value: string): string {
  if (!isSensitiveName(name)) return value;
  const n = normalise(name);
  if (n === 'cookie' || n === 'set-cookie') return redactCookie(value);
  if (n === 'authorization' || n === 'proxy-authorization') {
    const space = value.indexOf(' ');
    if (space > 0 && /^[A-Za-z][A-Za-z0-9-]*$/.test(value.slice(0, space))) {
      return `${value.slice(0, space)} ${redactSecret(value.slice(space + 1).trim())}`;
    }
  }
  return redactSecret(value);
}

function redactCookie(value: string): string {
  return value
    .split(';')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = pair.slice(0, eq);
      // Set-Cookie attributes (Path, Expires, …) are not secret.
      if (/^\s*(path|domain|expires|max-age|samesite)\s*$/i.test(name)) return pair;
      return `${name}=${redactSecret(pair.slice(eq + 1))}`;
    })
    .join(';');
}

/** A copy of the headers with every credential value redacted; names and order are kept. */
export function redactHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const entries: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : value.join(', ');
    entries.push([name, redactHeaderValue(name, text)]);
  }
  return Object.fromEntries(entries);
}
