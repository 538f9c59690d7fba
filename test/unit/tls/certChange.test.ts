// Certificate change detection: the last trusted certificate per endpoint is remembered, and a
// different one later (containers rebuilt, certificates regenerated) is reported with both.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { memoryStore } from '../../../src/core/store/jsonStore';
import { certMemoryKey, type RememberedCertificate } from '../../../src/core/tls/certChange';
import { createTlsStep } from '../../../src/core/diagnose/steps/tls';
import { loadedCa, runStep, serveTls, type RunningTls } from '../../tls/harness';
import { type IssuedCert, TestPki } from '../../tls/pki';

let pki: TestPki;
let rootA: IssuedCert;
let leafA: IssuedCert;
let rootB: IssuedCert;
let leafB: IssuedCert;
let server: RunningTls;

before(async () => {
  pki = new TestPki();
  rootA = pki.issue({ name: 'rootA', cn: 'Compose CA (before rebuild)', ca: true });
  leafA = pki.issue({ name: 'leafA', cn: 'localhost', issuer: rootA, san: 'DNS:localhost' });
  rootB = pki.issue({ name: 'rootB', cn: 'Compose CA (after rebuild)', ca: true });
  leafB = pki.issue({ name: 'leafB', cn: 'localhost', issuer: rootB, san: 'DNS:localhost' });
  server = await serveTls(leafA.pem, leafA.keyPem);
});

after(async () => {
  await server.close();
  pki.dispose();
});

const step = createTlsStep({ trust: { osBundlePaths: [], python: false } });
const changed = (run: Awaited<ReturnType<typeof runStep>>) => run.findings.filter((f) => f.code === 'TLS_CERT_CHANGED');

test('a rebuilt server with a regenerated CA is reported with old and new fingerprints and dates', async () => {
  server.reload(leafA.pem, leafA.keyPem);
  const store = memoryStore();
  const url = `https://localhost:${server.port}/mcp`;
  const first = await runStep(step, url, { cas: [loadedCa(rootA.certPath, rootA.pem)], store });
  assert.equal(first.state.tls?.trusted, true);
  assert.deepEqual(changed(first), []);
  const remembered = await store.get<RememberedCertificate>(certMemoryKey('localhost', server.port));
  assert.equal(remembered?.fingerprint256, first.state.tls?.leafFingerprint256);

  assert.deepEqual(
    changed(await runStep(step, url, { cas: [loadedCa(rootA.certPath, rootA.pem)], store })),
    [],
    'same certificate: no change',
  );

  server.reload(leafB.pem, leafB.keyPem);
  const after = await runStep(step, url, { cas: [loadedCa(rootA.certPath, rootA.pem)], store });
  const [finding] = changed(after);
  assert.ok(finding, 'TLS_CERT_CHANGED expected');
  assert.equal(finding.severity, 'warning');
  assert.equal(finding.evidence.previousFingerprint256, first.state.tls?.leafFingerprint256);
  assert.equal(finding.evidence.fingerprint256, after.state.tls?.leafFingerprint256);
  assert.equal(finding.evidence.previousIssuer, 'Compose CA (before rebuild)');
  assert.equal(finding.evidence.issuer, 'Compose CA (after rebuild)');
  assert.equal(finding.evidence.issuerChanged, true);
  assert.equal(finding.evidence.previousNotAfter, remembered?.notAfter);
  assert.equal(
    (await store.get<RememberedCertificate>(certMemoryKey('localhost', server.port)))?.fingerprint256,
    remembered?.fingerprint256,
    'an untrusted certificate is not remembered as good',
  );
});

test('a change to another trusted certificate is only informational, and becomes the new baseline', async () => {
  server.reload(leafA.pem, leafA.keyPem);
  const store = memoryStore();
  const url = `https://localhost:${server.port}/mcp`;
  const both = [loadedCa(rootA.certPath, rootA.pem), loadedCa(rootB.certPath, rootB.pem)];
  await runStep(step, url, { cas: both, store });
  server.reload(leafB.pem, leafB.keyPem);
  const renewed = await runStep(step, url, { cas: both, store });
  assert.equal(changed(renewed)[0]?.severity, 'info');
  assert.deepEqual(changed(await runStep(step, url, { cas: both, store })), []);
});

test('without a store nothing is remembered and nothing is reported', async () => {
  const run = await runStep(step, `https://localhost:${server.port}/mcp`, { cas: [loadedCa(rootA.certPath, rootA.pem)] });
  assert.deepEqual(changed(run), []);
});
