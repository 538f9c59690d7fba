import type { AuthReport, DiagnosisReport } from '../../src/shared/protocol';
import { evidenceRows } from '../../src/shared/evidence';
import { type Child, h } from '../dom';
import { dataTable, keyValueTable, section, toneMark } from './common';
import { statusText } from './details';

/** OAuth discovery: the challenge, metadata documents, JWKS, every URL asked, and the enforcement probes. */
export function authSection(report: DiagnosisReport): HTMLElement | null {
  const auth = report.auth;
  if (!auth) return null;
  const parts = [
    challengeView(auth),
    documentView('Protected resource metadata', auth.protectedResource),
    documentView('Authorization server metadata', auth.authorizationServer),
    jwksView(auth.jwks),
    probesView(auth.probes ?? []),
    urlsView(auth.urlsTried ?? []),
  ].filter((part): part is HTMLElement => part !== null);
  return parts.length ? section('auth', 'Authorization discovery', parts) : null;
}

function challengeView(auth: AuthReport): HTMLElement | null {
  const rows: [string, Child][] = [];
  if (auth.unauthenticatedStatus !== undefined) rows.push(['Answer without a token', String(auth.unauthenticatedStatus)]);
  if (auth.challenge) rows.push(['WWW-Authenticate', h('code', {}, auth.challenge)]);
  if (auth.challengeProblems?.length) rows.push(['Problems', auth.challengeProblems.join('; ')]);
  return rows.length ? h('div', {}, h('h3', {}, 'Challenge'), keyValueTable(rows)) : null;
}

/** A metadata document as the engine summarised it, field by field (lists joined, never JSON). */
function documentView(title: string, doc: AuthReport['protectedResource'] | AuthReport['authorizationServer']): HTMLElement | null {
  if (!doc) return null;
  const rows = evidenceRows(doc).map(
    (row) =>
      [
        row.key,
        h(
          'code',
          {},
          row.value.kind === 'text'
            ? row.value.text
            : row.value.kind === 'list'
              ? row.value.items.join(', ')
              : row.value.rows.map((cells) => cells.filter(Boolean).join(' ')).join('; '),
        ),
      ] as const,
  );
  return h('div', {}, h('h3', {}, title), keyValueTable(rows));
}

function jwksView(jwks: AuthReport['jwks']): HTMLElement | null {
  if (!jwks) return null;
  const keys = jwks.keys ?? [];
  const where = jwks.finalUrl ?? jwks.url ?? '';
  return h(
    'div',
    {},
    h('h3', {}, `JWKS (${jwks.keyCount ?? keys.length} keys)`),
    where ? h('p', {}, h('code', {}, where)) : null,
    keys.length
      ? dataTable(
          ['kid', 'Type', 'alg', 'use', 'Size', 'Problems'],
          keys.map((key) => [
            key.kid ?? '(none)',
            [key.kty, key.crv].filter(Boolean).join(' '),
            key.alg ?? '',
            key.use ?? '',
            key.bits === undefined ? '' : `${key.bits} bits`,
            (key.problems ?? []).join('; '),
          ]),
        )
      : null,
  );
}

const PROBE_LABEL: Readonly<Record<string, string>> = {
  'no-token': 'No token',
  'malformed-token': 'Malformed token',
  'alg-none-token': 'Unsigned token (alg: none)',
  'foreign-key-token': 'Token signed by an unknown key',
  initialize: 'initialize with your token',
  'tools/list': 'tools/list with your token',
};

function probesView(probes: NonNullable<AuthReport['probes']>): HTMLElement | null {
  if (probes.length === 0) return null;
  return h(
    'div',
    { attrs: { 'data-testid': 'auth-probes' } },
    h('h3', {}, 'Is authorization enforced?'),
    dataTable(
      ['Request', 'Status', 'Outcome', 'Detail'],
      probes.map((row) => [PROBE_LABEL[row.name] ?? row.name, statusText(row), outcomeMark(row.outcome), row.detail ?? '']),
    ),
  );
}

function outcomeMark(outcome: string | undefined): HTMLElement | string {
  if (outcome === 'refused' || outcome === 'ok') return toneMark('ok', outcome);
  if (outcome === 'accepted' || outcome === 'failed') return toneMark('error', outcome);
  return outcome ? toneMark('skipped', outcome) : '';
}

function urlsView(urls: AuthReport['urlsTried']): HTMLElement | null {
  if (urls.length === 0) return null;
  return h(
    'details',
    {},
    h('summary', {}, `URLs tried (${urls.length})`),
    dataTable(
      ['Looking for', 'URL', 'Status', 'Outcome'],
      urls.map((row) => [row.purpose, h('code', {}, row.url), statusText(row), row.outcome ?? '']),
    ),
  );
}
