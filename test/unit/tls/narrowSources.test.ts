// The TLS step parses only the store certificates a chain can meet. What must hold: the per-source
// verdicts are the same as over whole stores, issuer links inside a store are followed, source
// sizes are kept, and names compare as a verifier compares them (case, spacing, string type).
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, test } from 'node:test';
import { certificateNameKeys } from '../../../src/core/tls/der';
import { narrowToChain } from '../../../src/core/tls/narrowSources';
import { evaluateSources } from '../../../src/core/tls/sourceReports';
import { certificateCount, loadTrustSources } from '../../../src/core/tls/trustSources';
import { type CommandRunner } from '../../../src/core/tls/system';
import { type IssuedCert, TestPki } from '../../tls/pki';

let pki: TestPki;
let root: IssuedCert;
let intermediate: IssuedCert;
let leaf: IssuedCert;
let oldRoot: IssuedCert;
let crossSigned: IssuedCert;
let stranger: IssuedCert;

before(() => {
  pki = new TestPki();
  root = pki.issue({ name: 'root', cn: 'Narrow Root', ca: true });
  intermediate = pki.issue({ name: 'intermediate', cn: 'Narrow Intermediate', ca: true, pathlen: 0, issuer: root });
  leaf = pki.issue({ name: 'leaf', cn: 'localhost', issuer: intermediate, san: 'DNS:localhost' });
  oldRoot = pki.issue({ name: 'old-root', cn: 'Narrow Old Root', ca: true });
  crossSigned = pki.issue({ name: 'cross', cn: 'Narrow Root', ca: true, issuer: oldRoot });
  stranger = pki.issue({ name: 'stranger', cn: 'Unrelated CA', ca: true });
});
after(() => pki.dispose());

const noCommands: CommandRunner = async () => {
  throw Object.assign(new Error('not found'), { code: 'ENOENT' });
};
const sent = () => [new X509Certificate(leaf.pem), new X509Certificate(intermediate.pem)];

async function sources() {
  const storeFile = pki.bundle('store.pem', [stranger, crossSigned, oldRoot, root]);
  return loadTrustSources({
    env: { SSL_CERT_FILE: storeFile, REQUESTS_CA_BUNDLE: pki.bundle('others.pem', [stranger]) },
    osBundlePaths: [],
    run: noCommands,
    python: false,
    homeDir: pki.dir,
    userCas: [{ path: root.certPath, pems: [root.pem] }],
  });
}

test('every source gives the same verdict narrowed as whole, and keeps its size', async () => {
  const whole = await sources();
  const narrowed = narrowToChain(whole, sent());
  const now = Date.now();
  assert.deepEqual(evaluateSources(sent(), narrowed.list, 'localhost', now), evaluateSources(sent(), whole.list, 'localhost', now));
  const trusted = evaluateSources(sent(), narrowed.list, 'localhost', now)
    .filter((r) => r.trusts)
    .map((r) => r.id);
  assert.deepEqual(trusted.sort(), ['ssl-cert-file', 'user-ca'], 'a real verdict, not all-false');
  for (const id of ['node-bundled', 'ssl-cert-file', 'requests-ca-bundle'] as const) {
    assert.equal(certificateCount(narrowed.get(id)!), whole.get(id)!.certs.length, `${id} keeps its size`);
  }
  assert.deepEqual(narrowed.get('node-bundled')!.certs, [], 'no Mozilla root carries these names');
  assert.deepEqual(narrowed.get('requests-ca-bundle')!.certs, []);
});

test("a store certificate's own issuer is followed (a cross-signed root leads to the old root)", async () => {
  const narrowed = narrowToChain(await sources(), sent());
  const subjects = narrowed
    .get('ssl-cert-file')!
    .certs.map((c) => c.subject)
    .sort();
  assert.deepEqual(subjects, ['CN=Narrow Old Root', 'CN=Narrow Root', 'CN=Narrow Root']);
});

test('name keys ignore case and spacing, as OpenSSL canonical names do', () => {
  const a = pki.issue({ name: 'spaced', cn: 'Lab   CA  Root' });
  const b = pki.issue({ name: 'cased', cn: 'lab ca root' });
  const keyOf = (c: IssuedCert) => certificateNameKeys(new X509Certificate(c.pem).raw)!.subject;
  assert.equal(keyOf(a), keyOf(b));
  assert.notEqual(keyOf(a), keyOf(stranger));
  assert.equal(certificateNameKeys(new X509Certificate(leaf.pem).raw)!.issuer, keyOf(intermediate));
});
