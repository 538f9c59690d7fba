import { redactDeep } from '../redact/deep';
import { isSensitiveName } from '../redact/headers';
import { redactSecret } from '../redact/secret';
import { type FlowExchange } from './types';

/**
 * OAuth parameters that are secrets although their names do not say so: the authorization code,
 * the PKCE verifier, and `state` (a CSRF token). Tokens and client secrets are caught by name.
 */
const FLOW_SECRET_PARAMS = new Set(['code', 'code_verifier', 'state', 'device_code', 'assertion', 'client_assertion', 'password']);

const MAX_BODY_CHARS = 4096;

function isSecretParam(name: string): boolean {
  return FLOW_SECRET_PARAMS.has(name.toLowerCase()) || isSensitiveName(name);
}

/** A URL with secret query parameters replaced by their description. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  for (const [name, value] of [...url.searchParams]) {
    if (isSecretParam(name)) url.searchParams.set(name, redactSecret(value));
  }
  return url.href;
}

/** A form or JSON body with every secret field replaced; anything else is kept, bounded. */
export function redactBody(body: string | undefined, contentType: string | undefined): string | undefined {
  if (body === undefined || body === '') return undefined;
  const type = (contentType ?? '').toLowerCase();
  let out = body;
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(body);
    for (const [name, value] of [...form]) if (isSecretParam(name)) form.set(name, redactSecret(value));
    out = form.toString();
  } else if (type.includes('json') || /^\s*[{[]/.test(body)) {
    try {
      out = JSON.stringify(redactJsonFields(JSON.parse(body) as unknown));
    } catch {
      // not JSON after all: the known-secret pass below still applies
    }
  }
  return out.length > MAX_BODY_CHARS ? `${out.slice(0, MAX_BODY_CHARS)}… (${out.length} characters)` : out;
}

function redactJsonFields(value: unknown, depth = 0): unknown {
  if (depth > 16 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactJsonFields(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      typeof v === 'string' && isSecretParam(k) ? redactSecret(v) : redactJsonFields(v, depth + 1),
    ]),
  );
}

/**
 * The last pass over everything the flow reports: every secret value the flow handled, wherever a
 * server echoed it (error descriptions, Location headers). Our own words (verdicts, causes, fixes)
 * are not scanned for token shapes: "a Bearer challenge." would read as a token.
 */
export function redactFlow<T>(value: T, secrets: readonly string[]): T {
  return redactDeep(value, { secrets, scanTokens: false });
}

/** What servers sent or we sent them (URLs, headers, bodies) is also cleared of anything token-shaped. */
export function redactExchange(exchange: FlowExchange, secrets: readonly string[]): FlowExchange {
  const known = redactFlow(exchange, secrets);
  const { url, requestHeaders, requestBody, responseHeaders, responseBody } = redactDeep(
    {
      url: known.url,
      requestHeaders: known.requestHeaders,
      requestBody: known.requestBody,
      responseHeaders: known.responseHeaders,
      responseBody: known.responseBody,
    },
    { secrets },
  );
  return { ...known, url, requestHeaders, requestBody, responseHeaders, responseBody };
}
