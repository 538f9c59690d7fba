// --confirm-clients against a real TLS server with a private CA: the installed curl, Node and
// Python httpx/requests are run with the trust variables each test sets (and nothing inherited).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { confirmClients } from '../../src/core/clients/confirm';
import { confirmReport } from '../../src/core/diagnose/confirm';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { buildVerdict } from '../../src/core/diagnose/verdict';
import { makeFinding } from '../../src/core/findings/finding';
import { createTlsStep } from '../../src/core/diagnose/steps/tls';
import { missingReason } from '../support/requires';
import { available } from '../tls/clients';
import { runStep, serveTls, type Running } from '../tls/harness';
import { type IssuedCert, TestPki } from '../tls/pki';
import { tlsOkEvidence } from '../unit/core/sampleEvidence';

const OS_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
let pki: TestPki;
let root: IssuedCert;
let server: Running;
let curlOk = false;

before(async () => {
  pki = new TestPki();
  root = pki.issue({ name: 'root', cn: 'Confirm Private Root CA', ca: true });
  const inter = pki.issue({ name: 'inter', cn: 'Confirm Intermediate CA', issuer: root, ca: true });
  const leaf = pki.issue({ name: 'leaf', cn: 'localhost', issuer: inter, san: 'DNS:localhost,IP:127.0.0.1' });
  server = await serveTls(leaf.pem + inter.pem, leaf.keyPem);
  curlOk = await available('curl', ['--version']);
});

after(async () => {
  await server.close();
  pki.dispose();
});

/** Every trust variable set explicitly: this machine presets several to the OS bundle. */
function envWith(vars: Record<string, string>): Record<string, string> {
  const none = { NODE_EXTRA_CA_CERTS: '', SSL_CERT_FILE: '', SSL_CERT_DIR: '', REQUESTS_CA_BUNDLE: '', CURL_CA_BUNDLE: '' };
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...none, ...vars };
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
}

async function predictAndConfirm(env: Record<string, string>) {
  const url = `https://localhost:${server.port}/`;
  const run = await runStep(createTlsStep({ trust: { osBundlePaths: [OS_BUNDLE] } }), url, { env });
  return confirmClients({ url, env, rows: run.state.tls?.clients ?? [], perClientTimeoutMs: 8000 });
}

describe('confirming the trust matrix with the real clients', () => {
  test('CA given to every client by variable: each installed client completes the exchange, as predicted', async (t) => {
    if (!curlOk) return t.skip(missingReason(['curl']));
    const path = root.certPath;
    const result = await predictAndConfirm(
      envWith({ NODE_EXTRA_CA_CERTS: path, SSL_CERT_FILE: path, REQUESTS_CA_BUNDLE: path, CURL_CA_BUNDLE: path }),
    );
    const byClient = Object.fromEntries(result.rows.map((r) => [r.client, r]));
    assert.equal(byClient.curl?.confirmed?.outcome, 'trusted', JSON.stringify(byClient.curl));
    assert.match(byClient.curl!.confirmed!.detail, /^exit 0, HTTP 200$/);
    assert.equal(byClient['node-extra-ca']?.confirmed?.outcome, 'trusted');
    assert.equal(byClient.node?.confirmed?.outcome, 'untrusted', 'the default Node row runs without NODE_EXTRA_CA_CERTS');
    assert.equal(byClient.vscode?.confirmed, undefined, 'VS Code cannot be run from here: predicted only');
    for (const row of result.rows.filter((r) => r.confirmed))
      assert.equal(row.confirmed?.agrees, true, `${row.label}: ${JSON.stringify(row.confirmed)}`);
    assert.ok(!result.findings.some((f) => f.code === 'TLS_PREDICTION_WRONG'));
    assert.equal(result.findings.find((f) => f.code === 'TLS_PREDICTION_CONFIRMED')?.severity, 'ok');
  });

  test('no trust variables: curl exits 60 and Node reports the OpenSSL code, both as predicted', async (t) => {
    if (!curlOk) return t.skip(missingReason(['curl']));
    const result = await predictAndConfirm(envWith({}));
    const curl = result.rows.find((r) => r.client === 'curl');
    assert.equal(curl?.confirmed?.outcome, 'untrusted');
    assert.match(curl!.confirmed!.detail, /exit 60/);
    assert.equal(result.rows.find((r) => r.client === 'node')?.confirmed?.detail, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  test('a wrong prediction is reported with both outcomes', async (t) => {
    if (!curlOk) return t.skip(missingReason(['curl']));
    const url = `https://localhost:${server.port}/`;
    const env = envWith({ CURL_CA_BUNDLE: root.certPath });
    // A row that claims curl fails with this environment: the real curl trusts the server.
    const rows = [
      { client: 'curl' as const, label: 'curl / OpenSSL', trusts: false, trustFrom: 'x', reason: 'a deliberately wrong prediction' },
    ];
    const result = await confirmClients({ url, env, rows });
    const wrong = result.findings.find((f) => f.code === 'TLS_PREDICTION_WRONG');
    assert.ok(wrong, JSON.stringify(result.rows));
    assert.equal(wrong.severity, 'warning');
    assert.equal(wrong.evidence.predicted, 'does not trust the server');
    assert.equal(wrong.evidence.actual, 'completed the TLS exchange');
    assert.match(wrong.title, /curl \/ OpenSSL was wrong/);
  });

  test('the named client rejecting the server for real, against the prediction, becomes the verdict', async (t) => {
    if (!curlOk) return t.skip(missingReason(['curl']));
    const target = `https://localhost:${server.port}/`;
    const ok = makeFinding('TLS_OK', { ...tlsOkEvidence, client: 'curl', host: 'localhost' });
    const report: DiagnosisReport = {
      tool: { name: 'mcp-doctor', version: 'test' },
      target,
      startedAt: new Date().toISOString(),
      durationMs: 1,
      cancelled: false,
      verdict: buildVerdict([ok], false, undefined, 'curl'),
      steps: [],
      findings: [ok],
      tls: {
        trusted: false,
        clients: [
          {
            client: 'curl',
            label: 'curl / OpenSSL',
            trusts: true,
            trustFrom: 'a store that does not hold the root',
            reason: 'predicted wrongly on purpose',
          },
        ],
      },
    };
    const confirmed = await confirmReport(report, { env: envWith({}), client: 'curl' });
    assert.equal(confirmed.verdict.code, 'TLS_PREDICTION_WRONG', confirmed.verdict.summary);
    assert.equal(confirmed.verdict.severity, 'error');
    assert.ok(!confirmed.findings.some((f) => f.code === 'TLS_OK'), '"trusted by curl" is contradicted by curl itself');
    assert.match(confirmed.verdict.summary, /exit 60/);
  });
});
