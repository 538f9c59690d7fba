import type { DiagnosisReport } from '../../src/shared/protocol';
import { type Child, h } from '../dom';
import { asArray, asNumber, asRecord, displayValue, field, type Rec, recordField, stringField, stringList } from '../model/read';
import { dataTable, keyValueTable, section, toneMark } from './common';
import { statusText } from './details';

/** OAuth discovery: the challenge, metadata documents, JWKS, every URL asked, and the enforcement probes. */
export function authSection(report: DiagnosisReport): HTMLElement | null {
  const auth = asRecord(report.auth);
  if (!auth) return null;
  const parts = [
    challengeView(auth),
    documentView('Protected resource metadata', recordField(auth, 'protectedResource')),
    documentView('Authorization server metadata', recordField(auth, 'authorizationServer')),
    jwksView(recordField(auth, 'jwks')),
    probesView(asArray(field(auth, 'probes'))),
    urlsView(asArray(field(auth, 'urlsTried'))),
  ].filter((part): part is HTMLElement => part !== null);
  return parts.length ? section('auth', 'Authorization discovery', parts) : null;
}

function challengeView(auth: Rec): HTMLElement | null {
  const rows: [string, Child][] = [];
  const status = asNumber(field(auth, 'unauthenticatedStatus'));
  if (status !== undefined) rows.push(['Answer without a token', String(status)]);
  const challenge = stringField(auth, 'challenge');
  if (challenge) rows.push(['WWW-Authenticate', h('code', {}, challenge)]);
  const problems = stringList(field(auth, 'challengeProblems'));
  if (problems.length) rows.push(['Problems', problems.join('; ')]);
  return rows.length ? h('div', {}, h('h3', {}, 'Challenge'), keyValueTable(rows)) : null;
}

function documentView(title: string, doc: Rec | undefined): HTMLElement | null {
  if (!doc) return null;
  const rows = Object.entries(doc)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => [key, h('code', {}, displayValue(value))] as const);
  return h('div', {}, h('h3', {}, title), keyValueTable(rows));
}

function jwksView(jwks: Rec | undefined): HTMLElement | null {
  if (!jwks) return null;
  const keys = asArray(field(jwks, 'keys')).map(asRecord).filter((key): key is Rec => key !== undefined);
  const where = stringField(jwks, 'finalUrl') ?? stringField(jwks, 'url') ?? '';
  return h(
    'div',
    {},
    h('h3', {}, `JWKS (${asNumber(field(jwks, 'keyCount')) ?? keys.length} keys)`),
    where ? h('p', {}, h('code', {}, where)) : null,
    keys.length
      ? dataTable(
          ['kid', 'Type', 'alg', 'use', 'Size', 'Problems'],
          keys.map((key) => [
            stringField(key, 'kid') ?? '(none)',
            [stringField(key, 'kty'), stringField(key, 'crv')].filter(Boolean).join(' '),
            stringField(key, 'alg') ?? '',
            stringField(key, 'use') ?? '',
            asNumber(field(key, 'bits')) === undefined ? '' : `${asNumber(field(key, 'bits'))} bits`,
            stringList(field(key, 'problems')).join('; '),
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

function probesView(probes: readonly unknown[]): HTMLElement | null {
  const rows = probes.map(asRecord).filter((row): row is Rec => row !== undefined);
  if (rows.length === 0) return null;
  return h(
    'div',
    { attrs: { 'data-testid': 'auth-probes' } },
    h('h3', {}, 'Is authorization enforced?'),
    dataTable(
      ['Request', 'Status', 'Outcome', 'Detail'],
      rows.map((row) => {
        const name = stringField(row, 'name') ?? '';
        return [PROBE_LABEL[name] ?? name, statusText(row), outcomeMark(stringField(row, 'outcome')), stringField(row, 'detail') ?? ''];
      }),
    ),
  );
}

function outcomeMark(outcome: string | undefined): HTMLElement | string {
  if (outcome === 'refused' || outcome === 'ok') return toneMark('ok', outcome);
  if (outcome === 'accepted' || outcome === 'failed') return toneMark('error', outcome);
  return outcome ? toneMark('skipped', outcome) : '';
}

function urlsView(urls: readonly unknown[]): HTMLElement | null {
  const rows = urls.map(asRecord).filter((row): row is Rec => row !== undefined);
  if (rows.length === 0) return null;
  return h(
    'details',
    {},
    h('summary', {}, `URLs tried (${rows.length})`),
    dataTable(
      ['Looking for', 'URL', 'Status', 'Outcome'],
      rows.map((row) => [stringField(row, 'purpose') ?? '', h('code', {}, stringField(row, 'url') ?? ''), statusText(row), stringField(row, 'outcome') ?? '']),
    ),
  );
}
