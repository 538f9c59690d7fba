// The precedence rules of docs/client-trust.md, one by one, including the version families that
// cannot run on this machine (curl 8, httpx 0.28, urllib3 2): the differential tests prove the
// installed ones against the real clients.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  curlStores,
  httpxStores,
  isModernHttpx,
  pythonSslStores,
  requestsStores,
  urllib3FallsBackToCn,
} from '../../../src/core/tls/clientRules';
import { type TrustSource, type TrustSources } from '../../../src/core/tls/trustSources';
import { type TrustSourceId } from '../../../src/core/tls/types';

const VARIABLE: Partial<Record<TrustSourceId, string>> = {
  'ssl-cert-file': 'SSL_CERT_FILE',
  'ssl-cert-dir': 'SSL_CERT_DIR',
  'requests-ca-bundle': 'REQUESTS_CA_BUNDLE',
  'curl-ca-bundle': 'CURL_CA_BUNDLE',
};

/** Sources as loadTrustSources would give them; `kinds` says what each variable's path is on disk. */
function sources(kinds: Partial<Record<TrustSourceId, 'file' | 'directory' | 'missing'>>): TrustSources {
  const list: TrustSource[] = (['os', 'certifi'] as TrustSourceId[]).map((id) => ({ id, label: id, certs: [] }));
  for (const [id, kind] of Object.entries(kinds) as [TrustSourceId, string][]) {
    list.push({
      id,
      label: id,
      variable: VARIABLE[id],
      origin: `/path/${id}`,
      certs: [],
      ...(kind === 'missing' ? { unavailable: 'ENOENT' } : { pathKind: kind as 'file' | 'directory' }),
    });
  }
  return { list, python: {}, get: (id) => list.find((s) => s.id === id) };
}

function ids(stores: readonly TrustSource[]): string[] {
  return stores.map((s) => s.id);
}

test('curl 7.88: SSL_CERT_DIR hides SSL_CERT_FILE; built-in CAfile (the OS store) stays', () => {
  const ctx = {
    env: { SSL_CERT_FILE: '/f', SSL_CERT_DIR: '/d' },
    sources: sources({ 'ssl-cert-file': 'file', 'ssl-cert-dir': 'directory' }),
  };
  const choice = curlStores(ctx, '7.88.1');
  assert.deepEqual(ids(choice.stores), ['os', 'ssl-cert-dir']);
  assert.match(choice.rule ?? '', /ignores SSL_CERT_FILE/);
});

test('curl 8: SSL_CERT_DIR and SSL_CERT_FILE both count (cacertpaths)', () => {
  const ctx = {
    env: { SSL_CERT_FILE: '/f', SSL_CERT_DIR: '/d' },
    sources: sources({ 'ssl-cert-file': 'file', 'ssl-cert-dir': 'directory' }),
  };
  assert.deepEqual(ids(curlStores(ctx, '8.5.0').stores), ['ssl-cert-file', 'ssl-cert-dir']);
});

test('curl: CURL_CA_BUNDLE wins over both and keeps the built-in CApath; a missing CAfile is error 77 (broken)', () => {
  const ctx = {
    env: { CURL_CA_BUNDLE: '/b', SSL_CERT_FILE: '/f', SSL_CERT_DIR: '/d' },
    sources: sources({ 'curl-ca-bundle': 'missing', 'ssl-cert-file': 'file', 'ssl-cert-dir': 'directory' }),
  };
  const choice = curlStores(ctx, '7.88.1');
  assert.deepEqual(ids(choice.stores), ['curl-ca-bundle', 'os']);
  assert.equal(choice.broken?.why, 'ENOENT');
});

test('curl: a CA "file" that is a directory is refused (EISDIR); an empty variable is unset', () => {
  assert.equal(
    curlStores({ env: { SSL_CERT_FILE: '/d' }, sources: sources({ 'ssl-cert-file': 'directory' }) }, '7.88.1').broken?.why,
    'EISDIR',
  );
  assert.deepEqual(ids(curlStores({ env: { CURL_CA_BUNDLE: '' }, sources: sources({}) }, '7.88.1').stores), ['os']);
});

test('Python ssl: SSL_CERT_FILE and SSL_CERT_DIR add up, each replacing only its own default', () => {
  const both = sources({ 'ssl-cert-file': 'file', 'ssl-cert-dir': 'directory' });
  assert.deepEqual(ids(pythonSslStores({ env: { SSL_CERT_FILE: '/f', SSL_CERT_DIR: '/d' }, sources: both }).stores), [
    'ssl-cert-file',
    'ssl-cert-dir',
  ]);
  assert.deepEqual(ids(pythonSslStores({ env: { SSL_CERT_DIR: '/d' }, sources: both }).stores), ['os', 'ssl-cert-dir']);
  assert.equal(
    pythonSslStores({ env: { SSL_CERT_FILE: '/nope' }, sources: sources({ 'ssl-cert-file': 'missing' }) }).broken,
    undefined,
    'load errors are ignored',
  );
});

test('httpx 0.23: a variable whose path is not an existing file / directory is skipped, certifi then', () => {
  const ctx = {
    env: { SSL_CERT_FILE: '/nope', SSL_CERT_DIR: '/d' },
    sources: sources({ 'ssl-cert-file': 'missing', 'ssl-cert-dir': 'directory' }),
  };
  assert.deepEqual(ids(httpxStores(ctx, '0.23.3').stores), ['ssl-cert-dir']);
  const none = httpxStores({ env: { SSL_CERT_FILE: '/nope' }, sources: sources({ 'ssl-cert-file': 'missing' }) }, '0.23.3');
  assert.deepEqual(ids(none.stores), ['certifi']);
  assert.equal(none.broken, undefined);
});

test('httpx 0.28 (and unknown): SSL_CERT_FILE if set, even missing (then every request fails)', () => {
  const ctx = {
    env: { SSL_CERT_FILE: '/nope', SSL_CERT_DIR: '/d' },
    sources: sources({ 'ssl-cert-file': 'missing', 'ssl-cert-dir': 'directory' }),
  };
  for (const version of ['0.28.1', undefined]) {
    const choice = httpxStores(ctx, version);
    assert.deepEqual(ids(choice.stores), ['ssl-cert-file']);
    assert.equal(choice.broken?.why, 'ENOENT');
  }
  assert.equal(isModernHttpx('0.27.2'), false);
  assert.equal(isModernHttpx('1.0.0'), true);
});

test('requests: REQUESTS_CA_BUNDLE, then CURL_CA_BUNDLE, then certifi; missing path breaks it, a directory does not', () => {
  const ctx = {
    env: { REQUESTS_CA_BUNDLE: '/r', CURL_CA_BUNDLE: '/c' },
    sources: sources({ 'requests-ca-bundle': 'directory', 'curl-ca-bundle': 'file' }),
  };
  assert.deepEqual(ids(requestsStores(ctx).stores), ['requests-ca-bundle']);
  assert.equal(requestsStores(ctx).broken, undefined);
  assert.deepEqual(ids(requestsStores({ env: { CURL_CA_BUNDLE: '/c' }, sources: ctx.sources }).stores), ['curl-ca-bundle']);
  assert.equal(requestsStores({ env: { CURL_CA_BUNDLE: '/c' }, sources: sources({ 'curl-ca-bundle': 'missing' }) }).broken?.why, 'ENOENT');
  assert.deepEqual(ids(requestsStores({ env: {}, sources: ctx.sources }).stores), ['certifi']);
});

test('urllib3 1.26 falls back to the CN, 2.x and unknown never do', () => {
  assert.equal(urllib3FallsBackToCn('1.26.12'), true);
  assert.equal(urllib3FallsBackToCn('2.2.1'), false);
  assert.equal(urllib3FallsBackToCn(undefined), false);
});
