// Trust sources are read from injectable places: env variables, bundle paths, and commands
// (security on macOS, mkcert, python3). These tests set them for real, with real files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { describeCertificate } from '../../../src/core/tls/certInfo';
import { parseCertificateDer } from '../../../src/core/tls/der';
import { type CommandRunner } from '../../../src/core/tls/system';
import { loadTrustSources } from '../../../src/core/tls/trustSources';
import { type IssuedCert, TestPki } from '../../tls/pki';

let pki: TestPki;
let ca: IssuedCert;
let other: IssuedCert;

before(() => {
  pki = new TestPki();
  ca = pki.issue({ name: 'ca', cn: 'Source Test CA', ca: true, pathlen: 1 });
  other = pki.issue({ name: 'other', cn: 'Other CA', ca: true });
});
after(() => pki.dispose());

const noCommands: CommandRunner = async () => {
  throw Object.assign(new Error('not found'), { code: 'ENOENT' });
};

test('each trust variable becomes its own source; a missing file is reported with its errno', async () => {
  const bundle = pki.bundle('two.pem', [ca, other]);
  const sources = await loadTrustSources({
    env: { NODE_EXTRA_CA_CERTS: ca.certPath, SSL_CERT_FILE: bundle, REQUESTS_CA_BUNDLE: `${pki.dir}/missing.pem`, SSL_CERT_DIR: pki.dir },
    osBundlePaths: [`${pki.dir}/nope.pem`, bundle],
    run: noCommands,
    python: false,
    homeDir: pki.dir,
  });
  assert.equal(sources.get('node-extra')?.certs.length, 1);
  const info = describeCertificate(sources.get('node-extra')!.certs[0]!, Date.now());
  assert.deepEqual(
    [info.isCA, info.pathLength, info.selfSigned, info.keyUsage],
    [true, 1, true, ['digitalSignature', 'keyCertSign', 'cRLSign']],
  );
  assert.equal(sources.get('ssl-cert-file')?.certs.length, 2);
  assert.equal(sources.get('requests-ca-bundle')?.unavailable, 'ENOENT');
  assert.equal(sources.get('requests-ca-bundle')?.variable, 'REQUESTS_CA_BUNDLE');
  // OpenSSL's by_dir lookup opens only <subject hash>.<n> names: PEM files without links are not trust.
  assert.equal(sources.get('ssl-cert-dir')?.certs.length, 0, 'an unhashed directory holds nothing OpenSSL would find');
  assert.equal(sources.get('ssl-cert-dir')?.unavailable, 'NOT_HASHED');
  assert.equal(sources.get('ssl-cert-dir')?.pathKind, 'directory');
  const hashed = mkdtempSync(join(tmpdir(), 'mcpd-hashed-'));
  try {
    for (const cert of [ca, other]) copyFileSync(cert.certPath, join(hashed, `${cert.name}.pem`));
    execFileSync('openssl', ['rehash', hashed]);
    const rehashed = await loadTrustSources({
      env: { SSL_CERT_DIR: hashed },
      osBundlePaths: [bundle],
      run: noCommands,
      python: false,
      curl: false,
      homeDir: pki.dir,
    });
    assert.equal(rehashed.get('ssl-cert-dir')?.certs.length, 2, 'after openssl rehash: each certificate once');
  } finally {
    rmSync(hashed, { recursive: true, force: true });
  }
  assert.equal(sources.get('os')?.origin, bundle, 'the first OS bundle path that exists wins');
  assert.equal(sources.get('curl-ca-bundle'), undefined, 'unset variables are not sources');
  assert.ok((sources.get('node-bundled')?.certs.length ?? 0) > 100);
});

test("without Python, Node's bundled roots stand in for certifi and say so", async () => {
  const sources = await loadTrustSources({ env: {}, osBundlePaths: [], run: noCommands, python: false, homeDir: pki.dir });
  const certifi = sources.get('certifi')!;
  assert.match(certifi.origin ?? '', /stand in for certifi/);
  assert.equal(certifi.certs, sources.get('node-bundled')!.certs);
  assert.equal(sources.get('os')?.unavailable, 'no CA bundle found at the usual locations');
});

test('a python3 that answers gives the certifi path and its security level', async () => {
  const bundle = pki.bundle('certifi.pem', [other]);
  const run: CommandRunner = async (cmd) => {
    if (cmd === 'fake-python') return JSON.stringify({ certifi: bundle, securityLevel: 2, openssl: 'OpenSSL 3' });
    throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  };
  const sources = await loadTrustSources({ env: {}, osBundlePaths: [], run, python: 'fake-python', homeDir: pki.dir });
  assert.equal(sources.python.securityLevel, 2);
  assert.equal(sources.get('certifi')?.origin, bundle);
  assert.equal(sources.get('certifi')?.certs[0]?.subject, 'CN=Other CA');
});

test('macOS: the OS store comes from `security find-certificate -a -p`; mkcert -CAROOT is asked when CAROOT is unset', async () => {
  const calls: string[] = [];
  const run: CommandRunner = async (cmd, args) => {
    calls.push([cmd, ...args].join(' '));
    if (cmd === 'security') return ca.pem + other.pem;
    if (cmd === 'mkcert') return `${pki.dir}\n`;
    throw Object.assign(new Error('nope'), { code: 'ENOENT' });
  };
  pki.bundle('rootCA.pem', [other]);
  const sources = await loadTrustSources({ env: {}, platform: 'darwin', run, python: false, homeDir: pki.dir });
  assert.ok(calls.some((c) => c.startsWith('security find-certificate -a -p')));
  assert.equal(sources.get('os')?.certs.length, 2);
  assert.equal(sources.get('mkcert')?.origin, `${pki.dir}/rootCA.pem`);
});

test('Windows on Node 20: the OS store is reported unavailable rather than guessed', async () => {
  const sources = await loadTrustSources({ env: {}, platform: 'win32', run: noCommands, python: false, homeDir: pki.dir });
  assert.match(sources.get('os')?.unavailable ?? '', /Windows/);
});

test('the DER reader never throws, whatever the bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const fields = parseCertificateDer(bytes);
      assert.ok(fields.extensions instanceof Map);
    }),
    { numRuns: 500 },
  );
});

test('a hashed CA directory counts only what OpenSSL opens: the <hash>.N links, not stray files', async () => {
  const dir = join(pki.dir, 'hashed');
  mkdirSync(dir);
  writeFileSync(join(dir, 'ca.pem'), ca.pem);
  writeFileSync(join(dir, 'stray-other.pem'), other.pem); // never rehashed: OpenSSL cannot find it
  const hash = execFileSync('openssl', ['x509', '-noout', '-subject_hash', '-in', ca.certPath], { encoding: 'utf8' }).trim();
  symlinkSync('ca.pem', join(dir, `${hash}.0`));
  const sources = await loadTrustSources({
    env: { SSL_CERT_DIR: dir },
    osBundlePaths: [],
    run: noCommands,
    python: false,
    homeDir: pki.dir,
  });
  assert.deepEqual(
    sources.get('ssl-cert-dir')!.certs.map((c) => c.subject),
    ['CN=Source Test CA'],
  );
});
