// Whose view the TLS findings take: the named client's (--client), or Node's with every other
// client's failure an error. A private CA given only to Python through SSL_CERT_FILE.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTlsStep } from '../../../src/core/diagnose/steps/tls';
import { runStep, serveTls, type Running } from '../../tls/harness';
import { type IssuedCert, TestPki } from '../../tls/pki';

const OS_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

describe('the lead client of the TLS findings', () => {
  let pki: TestPki;
  let root: IssuedCert;
  let server: Running;
  before(async () => {
    pki = new TestPki();
    root = pki.issue({ name: 'root', cn: 'Lead Private Root CA', ca: true });
    const leaf = pki.issue({ name: 'leaf', cn: 'localhost', issuer: root, san: 'DNS:localhost' });
    server = await serveTls(leaf.pem, leaf.keyPem);
  });
  after(async () => {
    await server.close();
    pki.dispose();
  });

  const run = (client?: 'python-httpx' | 'python-requests') =>
    runStep(createTlsStep({ trust: { osBundlePaths: [OS_BUNDLE] } }), `https://localhost:${server.port}/`, {
      env: { SSL_CERT_FILE: root.certPath },
      ...(client ? { client } : {}),
    });
  const summary = (findings: { code: string; severity: string }[]) => findings.map((f) => `${f.code}:${f.severity}`);

  test("--client python-httpx: httpx trusts it through SSL_CERT_FILE, so the run is fine for it; Node's distrust warns", async () => {
    const { findings } = await run('python-httpx');
    assert.deepEqual(
      summary(findings).filter((s) => !s.endsWith(':ok')),
      ['TLS_TRUST_DIFFERS:warning'],
      summary(findings).join(' '),
    );
    assert.equal(findings.find((f) => f.code === 'TLS_OK')?.title, 'TLS certificate is valid and trusted by Python httpx');
    assert.match(
      findings.find((f) => f.code === 'TLS_TRUST_DIFFERS')?.title ?? '',
      /^Node\.js, VS Code and Python requests do not trust this server$/,
    );
  });

  test('--client python-requests: requests ignores SSL_CERT_FILE, so the run is an error titled for it', async () => {
    const { findings } = await run('python-requests');
    const untrusted = findings.find((f) => f.code === 'TLS_UNTRUSTED_ROOT');
    assert.equal(untrusted?.severity, 'error');
    assert.equal(untrusted?.title, 'Certificate chain ends at a CA that Python requests does not trust');
    assert.match(untrusted?.cause ?? '', /certifi/, "the trust it names is requests' own (certifi), not Node's");
  });

  test('no client named: Node leads, and the clients that do not trust it are an error too', async () => {
    const { findings } = await run();
    assert.equal(
      findings.find((f) => f.code === 'TLS_UNTRUSTED_ROOT')?.title,
      'Certificate chain ends at a CA that Node.js does not trust',
    );
    const differs = findings.find((f) => f.code === 'TLS_TRUST_DIFFERS');
    assert.equal(differs?.severity, 'error');
    assert.equal(differs?.title, 'VS Code and Python requests do not trust this server');
    assert.match(differs?.fix ?? '', /--client node\|vscode\|python-httpx\|python-requests\|curl/);
  });
});
