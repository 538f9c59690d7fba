import { relativeTime } from '../../core/jwt/duration';
import { type DecodedToken, type TokenVerification } from '../../core/jwt/types';

/** How a token was (or was not) verified, for display. */
export type VerificationView =
  | { readonly status: 'verified'; readonly serverName: string; readonly result: TokenVerification }
  | { readonly status: 'failed'; readonly serverName: string; readonly result: TokenVerification }
  /** No usable keys: none cached for this token (hover), or the server's JWKS could not be read (`result` says why). */
  | { readonly status: 'no-keys'; readonly result?: TokenVerification }
  /** The signature was not checked (decode only); `result` still holds the claim checks. */
  | { readonly status: 'skipped'; readonly result?: TokenVerification };

const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time'] as const;
const LEAD_CLAIMS = ['iss', 'sub', 'aud', 'azp', 'client_id', 'scope', 'scp'] as const;
const MAX_VALUE = 200;
const MAX_CLAIMS = 40;

/**
 * Markdown for a token: what it is, its claims with human dates, and how it verified. Pure, and
 * every token-provided string is escaped: hovers render Markdown, and claims are attacker input.
 */
export function tokenMarkdown(token: DecodedToken, verification: VerificationView, nowMs: number): string {
  const id = `${token.length} chars, sha256 ${token.fingerprint.slice(0, 8)}`;
  if (token.kind === 'jwe') {
    const h = token.header ?? {};
    return `**Encrypted token (JWE)** — ${id}\n\nalg \`${code(h.alg)}\`, enc \`${code(h.enc)}\`. Its claims are encrypted for the resource server, so they cannot be shown here; that is expected, not a fault.`;
  }
  if (token.kind === 'opaque')
    return `**Opaque token** — ${id}\n\nNot a JWT: only its issuer can say what it grants (token introspection, RFC 7662). MCP Doctor can still send it when diagnosing a server.`;
  if (token.kind === 'malformed' || !token.claims)
    return `**Not a usable JWT** — ${id}\n\n${escapeMd(token.problem ?? 'The payload is not a JSON object of claims.')}`;
  const lines = [
    `**JWT** ${headerSummary(token.header)} — ${id}`,
    '',
    ...expiryLine(token.claims, nowMs),
    '| Claim | Value |',
    '| --- | --- |',
  ];
  lines.push(...claimRows(token.claims, nowMs), '', `Header: \`${code(compact(token.header))}\``, '', ...verificationLines(verification));
  return lines.join('\n');
}

/** Whether the token's `exp` is in the past (for the expired-token decoration). */
export function isExpired(claims: Readonly<Record<string, unknown>> | undefined, nowMs: number): boolean {
  return typeof claims?.exp === 'number' && claims.exp * 1000 <= nowMs;
}

function headerSummary(header: Readonly<Record<string, unknown>> | undefined): string {
  const parts = [`alg \`${code(header?.alg)}\``];
  if (header?.kid !== undefined) parts.push(`kid \`${code(header.kid)}\``);
  if (header?.typ !== undefined) parts.push(`typ \`${code(header.typ)}\``);
  return `(${parts.join(', ')})`;
}

function expiryLine(claims: Readonly<Record<string, unknown>>, nowMs: number): string[] {
  if (typeof claims.exp !== 'number') return ['⚠ No `exp`: this token never expires.', ''];
  const when = relativeTime(claims.exp * 1000, nowMs);
  return isExpired(claims, nowMs) ? [`⛔ **Expired ${when}.**`, ''] : [`Valid for another ${when.replace(/^in /, '')}.`, ''];
}

function claimRows(claims: Readonly<Record<string, unknown>>, nowMs: number): string[] {
  const keys = [...LEAD_CLAIMS.filter((k) => k in claims), ...TIME_CLAIMS.filter((k) => k in claims)];
  const rest = Object.keys(claims).filter((k) => !keys.includes(k as never));
  const ordered = [...keys, ...rest].slice(0, MAX_CLAIMS);
  const rows = ordered.map((k) => `| ${cell(k)} | ${valueCell(k, claims[k], nowMs)} |`);
  if (Object.keys(claims).length > MAX_CLAIMS) rows.push(`| … | ${Object.keys(claims).length - MAX_CLAIMS} more claims |`);
  return rows;
}

function valueCell(key: string, value: unknown, nowMs: number): string {
  if ((TIME_CLAIMS as readonly string[]).includes(key) && typeof value === 'number' && Number.isFinite(value)) {
    const date = new Date(value * 1000);
    if (!Number.isNaN(date.getTime()))
      return `${date.toISOString().replace('T', ' ').slice(0, 19)}Z (${relativeTime(value * 1000, nowMs)})`;
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return cell(value.join(', '));
  return cell(typeof value === 'string' ? value : compact(value));
}

function verificationLines(v: VerificationView): string[] {
  switch (v.status) {
    case 'skipped':
      return ['Signature: not checked (decode only).'];
    case 'no-keys':
      return [
        'Signature: **not verified** — no configured server\'s keys are cached for this issuer. Run "MCP Doctor: Diagnose MCP Server" on the server that accepts this token; keys are never fetched from a URL the token names.',
      ];
    case 'verified': {
      const key = v.result.verified ? v.result.verified : undefined;
      return [
        `Signature: ✅ verified with ${key?.kid ? `key \`${code(key.kid)}\` ` : ''}from the JWKS of ${escapeMd(v.serverName)}${key?.jwksUrl ? ` (${cell(key.jwksUrl)})` : ''}.`,
        ...problemLines(v.result),
      ];
    }
    case 'failed':
      return [`Signature: ❌ **does not verify** against the JWKS of ${escapeMd(v.serverName)}.`, ...problemLines(v.result)];
  }
}

function problemLines(result: TokenVerification): string[] {
  const problems = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
  return problems.length
    ? ['', ...problems.slice(0, 6).map((f) => `- ${f.severity === 'error' ? '⛔' : '⚠'} ${escapeMd(f.title)}: ${escapeMd(f.cause)}`)]
    : [];
}

function compact(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function truncate(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text;
}

/** Markdown- and HTML-inert text. */
export function escapeMd(text: string): string {
  return truncate(text)
    .replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

function cell(text: string): string {
  return escapeMd(text);
}

/** Text for inside backticks: no backticks, no newlines. */
function code(value: unknown): string {
  return truncate(typeof value === 'string' ? value : compact(value))
    .replace(/`/g, "'")
    .replace(/\r?\n/g, ' ');
}
