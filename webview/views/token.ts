import type { DiagnosisReport } from '../../src/shared/protocol';
import { type Child, h } from '../dom';
import { relativeTime, utcDate } from '../format';
import { readToken, type ScopesView, type TokenView, type VerificationView } from '../model/token';
import { badge, dataTable, keyValueTable, note, section, toneMark } from './common';

const CLAIM_MEANING: Readonly<Record<string, string>> = {
  iss: 'Issuer (who minted the token)',
  sub: 'Subject (who it is for)',
  aud: 'Audience (which server may accept it)',
  exp: 'Expires',
  nbf: 'Not valid before',
  iat: 'Issued at',
  auth_time: 'User authenticated at',
  jti: 'Token id',
  scope: 'Scopes granted',
  scp: 'Scopes granted',
  client_id: 'OAuth client',
  azp: 'Authorized party',
  typ: 'Token type',
  alg: 'Signature algorithm',
  kid: 'Key id (which JWKS key signed it)',
};

const TIME_CLAIMS = new Set(['exp', 'nbf', 'iat', 'auth_time', 'updated_at']);

/** The access token: verification first, then issuer/audience checks, scopes, and every claim. */
export function tokenSection(report: DiagnosisReport, nowMs: number): HTMLElement | null {
  const token = readToken(report.auth, report.findings ?? []);
  if (!token) return null;
  return section(
    'token',
    'Access token',
    token.facts.length ? keyValueTable(token.facts) : null,
    verificationView(token.verification),
    token.checks.length ? checksView(token) : null,
    token.scopes ? scopesView(token.scopes) : null,
    token.claims ? h('div', { attrs: { 'data-testid': 'token-claims' } }, h('h3', {}, 'Claims'), claimsTable(token.claims, nowMs)) : null,
    token.header ? h('div', {}, h('h3', {}, 'Header'), claimsTable(token.header, nowMs, 'Field')) : null,
  );
}

function verificationView(verification: VerificationView): HTMLElement {
  const tone = verification.status === 'verified' ? 'ok' : verification.status === 'failed' ? 'error' : 'warning';
  const label =
    verification.status === 'verified'
      ? 'Signature verified'
      : verification.status === 'failed'
        ? 'Signature invalid'
        : 'Signature not verified';
  const rows: [string, Child][] = [['Status', toneMark(tone, label)]];
  if (verification.kid) rows.push(['Key id (kid)', h('code', {}, verification.kid)]);
  if (verification.alg) rows.push(['Algorithm', h('code', {}, verification.alg)]);
  if (verification.jwksUrl) rows.push(['JWKS URL', h('code', {}, verification.jwksUrl)]);
  if (verification.keySource) rows.push(['Key source', verification.keySource]);
  if (verification.detail) rows.push(['Detail', verification.detail]);
  return h('div', { attrs: { 'data-testid': 'token-verification' } }, h('h3', {}, 'Verification'), keyValueTable(rows));
}

function checksView(token: TokenView): HTMLElement {
  return h(
    'div',
    {},
    h('h3', {}, 'Checks'),
    dataTable(
      ['Check', 'Expected', 'In the token', 'Result'],
      token.checks.map((check) => [
        check.name,
        check.expected ?? '',
        check.actual ?? '',
        check.ok === undefined ? toneMark('info', 'not checked') : check.ok ? toneMark('ok', 'matches') : toneMark('error', 'mismatch'),
      ]),
    ),
  );
}

function scopesView(scopes: ScopesView): HTMLElement {
  const granted = new Set(scopes.granted);
  const missing = scopes.required.filter((scope) => !granted.has(scope));
  return h(
    'div',
    { class: 'scopes', attrs: { 'data-testid': 'token-scopes' } },
    h('h3', {}, 'Scopes'),
    h(
      'p',
      {},
      h('span', { class: 'scope-label' }, 'Granted: '),
      scopes.granted.length
        ? scopes.granted.map((scope) => badge(scope, scopes.required.includes(scope) ? 'scope scope-ok' : 'scope'))
        : 'none',
    ),
    scopes.required.length
      ? h(
          'p',
          {},
          h('span', { class: 'scope-label' }, 'Required: '),
          scopes.required.map((scope) =>
            badge(
              granted.has(scope) ? `✔ ${scope}` : `✖ ${scope} (missing)`,
              granted.has(scope) ? 'scope scope-ok' : 'scope scope-missing',
            ),
          ),
        )
      : null,
    missing.length ? note(`Missing ${missing.length} required scope${missing.length === 1 ? '' : 's'}: ${missing.join(', ')}`) : null,
  );
}

/** Who, for whom, when, what: the order a developer checks a token in; other claims follow as sent. */
const CLAIM_ORDER = ['iss', 'aud', 'sub', 'exp', 'nbf', 'iat', 'scope', 'scp', 'client_id', 'azp', 'alg', 'kid', 'typ'];

/** Claims with their meaning; time claims as UTC dates and how long before/after the diagnosis. */
export function claimsTable(claims: Readonly<Record<string, unknown>>, nowMs: number, nameHeader = 'Claim'): HTMLTableElement {
  const rank = (name: string): number => {
    const index = CLAIM_ORDER.indexOf(name);
    return index === -1 ? CLAIM_ORDER.length : index;
  };
  const entries = Object.entries(claims).sort(([a], [b]) => rank(a) - rank(b));
  return dataTable(
    [nameHeader, 'Value', 'Meaning'],
    entries.map(([name, value]) => [h('code', {}, name), claimValue(name, value, nowMs), CLAIM_MEANING[name] ?? '']),
    'grid claims',
  );
}

function claimValue(name: string, value: unknown, nowMs: number): Child {
  const seconds = typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  if (TIME_CLAIMS.has(name) && seconds !== undefined) {
    const ms = seconds * 1000;
    const when = relativeTime(ms, nowMs);
    const expired = name === 'exp' && ms < nowMs;
    return h(
      'span',
      { class: expired ? 'expired' : undefined },
      `${utcDate(ms)} (${name === 'exp' ? (expired ? `expired ${when}` : `expires ${when}`) : when})`,
    );
  }
  return jsonText(value);
}

/** A claim is the token's own JSON: text as it is, lists joined, anything else as compact JSON (capped). */
function jsonText(value: unknown, max = 2000): string {
  let out: string;
  if (typeof value === 'string') out = value;
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) out = value.join(', ');
  else {
    try {
      out = JSON.stringify(value) ?? String(value);
    } catch {
      out = String(value);
    }
  }
  return out.length > max ? `${out.slice(0, max)}… (${out.length - max} more characters)` : out;
}
