// The client trust matrix against real clients: for each environment, the prediction of the TLS
// step must equal what a real Node, Python (httpx-style and requests) and curl process does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { type ClientId } from '../../src/core/tls/types';
import { createTlsStep } from '../../src/core/diagnose/steps/tls';
import { available, PYTHON, runRealClient, type RealClient } from '../tls/clients';
import { runStep, serveTls, type Running } from '../tls/harness';
import { type IssuedCert, TestPki } from '../tls/pki';
import { missingReason } from '../support/requires';

const OS_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

let pki: TestPki;
let root: IssuedCert;
let inter: IssuedCert;
let privateCa: Running;
let pythonOk = false;
let curlOk = false;
const servers: Running[] = [];

before(async () => {
  pki = new TestPki();
  root = pki.issue({ name: 'root', cn: 'Matrix Private Root CA', o: 'Doctor Lab', ca: true });
  inter = pki.issue({ name: 'inter', cn: 'Matrix Intermediate CA', issuer: root, ca: true });
  const leaf = pki.issue({ name: 'leaf', cn: 'localhost', issuer: inter, san: 'DNS:localhost,IP:127.0.0.1' });
  // The lab's default shape: a private CA whose root the server does not send.
  privateCa = await serveTls(leaf.pem + inter.pem, leaf.keyPem);
  servers.push(privateCa);
  [pythonOk, curlOk] = await Promise.all([available(PYTHON, ['-c', 'import certifi, requests, httpx']), available('curl', ['--version'])]);
});

after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  pki.dispose();
});

/** Matrix row → the real client that embodies it. */
const REAL: Partial<Record<ClientId, RealClient>> = {
  node: 'node',
  'node-extra-ca': 'node',
  'python-httpx': 'python-httpx',
  'python-requests': 'python-requests',
  'python-ssl': 'python-stdlib',
  curl: 'curl',
};

/** Child env for a row: the Node default row runs without NODE_EXTRA_CA_CERTS by definition. */
function envFor(client: ClientId, env: Record<string, string>): Record<string, string> {
  if (client !== 'node') return env;
  const { NODE_EXTRA_CA_CERTS: _ignored, ...rest } = env;
  return rest;
}

async function assertMatrixMatchesReality(
  port: number,
  env: Record<string, string>,
  expected: Partial<Record<ClientId, boolean>>,
  osBundle = OS_BUNDLE,
) {
  const url = `https://localhost:${port}/`;
  const run = await runStep(createTlsStep({ trust: { osBundlePaths: [osBundle], python: PYTHON } }), url, { env });
  const rows = run.state.tls?.clients ?? [];
  // With a stand-in OS bundle only curl (given it by --cacert) can be checked; Python's ssl reads the real one.
  const simulatedOs = osBundle !== OS_BUNDLE;
  const checks = rows.filter(
    (row) =>
      REAL[row.client] &&
      !(row.client.startsWith('python') && !pythonOk) &&
      !(row.client === 'curl' && !curlOk) &&
      !(row.client === 'python-ssl' && simulatedOs),
  );
  // curl stands in for "the OS store" by reading the same bundle the prediction was given.
  const curlArgs = env.CURL_CA_BUNDLE || env.SSL_CERT_FILE ? [] : ['--cacert', osBundle];
  const outcomes = await Promise.all(
    checks.map((row) => runRealClient(REAL[row.client]!, url, envFor(row.client, env), row.client === 'curl' ? curlArgs : [])),
  );
  checks.forEach((row, i) => {
    assert.equal(
      row.trusts,
      outcomes[i]!.ok,
      `${row.label}: predicted ${row.trusts ? 'trusts' : `fails (${row.reason})`}, real client ${outcomes[i]!.ok ? 'succeeded' : `failed: ${outcomes[i]!.detail}`}`,
    );
  });
  for (const [client, trusts] of Object.entries(expected)) {
    assert.equal(rows.find((r) => r.client === client)?.trusts, trusts, `expected ${client} to ${trusts ? 'trust' : 'fail'}`);
  }
  return run;
}

describe('client trust matrix vs real clients (private CA, root not sent)', () => {
  test('Python and curl take part in the real-client checks below', (t) => {
    const missing = [...(pythonOk ? [] : ['python3-requests' as const]), ...(curlOk ? [] : ['curl' as const])];
    if (missing.length) return t.skip(missingReason(missing));
    assert.ok(pythonOk && curlOk);
  });

  test('no trust variables: nobody trusts it', async () => {
    await assertMatrixMatchesReality(
      privateCa.port,
      {},
      { node: false, vscode: false, 'python-httpx': false, 'python-requests': false, curl: false },
    );
  });

  test('CA in the OS store only: VS Code and curl trust it, Node and Python do not, and the finding says so', async () => {
    const osWithCa = pki.bundle('os-with-ca.pem', [{ pem: readFileSync(OS_BUNDLE, 'utf8') }, root]);
    const run = await assertMatrixMatchesReality(
      privateCa.port,
      {},
      { node: false, vscode: true, 'python-httpx': false, 'python-requests': false, curl: true },
      osWithCa,
    );
    const untrusted = run.findings.find((f) => f.code === 'TLS_UNTRUSTED_ROOT');
    assert.equal(untrusted?.evidence.root, 'Matrix Private Root CA');
    const differs = run.findings.find((f) => f.code === 'TLS_TRUST_DIFFERS');
    assert.ok(differs, 'TLS_TRUST_DIFFERS expected');
    assert.match(differs.cause, /VS Code/);
    assert.match(differs.cause, /Python httpx/);
    assert.match(untrusted?.fix ?? '', /NODE_EXTRA_CA_CERTS/, 'Node leads: its own finding carries its fix');
    assert.match(differs.fix, /SSL_CERT_FILE/);
    assert.match(differs.fix, /REQUESTS_CA_BUNDLE/);
  });

  test('NODE_EXTRA_CA_CERTS: Node trusts it, Python and curl still do not', async () => {
    await assertMatrixMatchesReality(
      privateCa.port,
      { NODE_EXTRA_CA_CERTS: root.certPath },
      { 'node-extra-ca': true, node: false, 'python-httpx': false, 'python-requests': false },
    );
  });

  test('SSL_CERT_FILE: httpx and curl trust it, requests ignores it', async (t) => {
    if (!pythonOk) t.skip(missingReason(['python3-httpx', 'python3-requests']));
    await assertMatrixMatchesReality(
      privateCa.port,
      { SSL_CERT_FILE: root.certPath },
      { 'python-httpx': true, 'python-requests': false, curl: true },
    );
  });

  test('REQUESTS_CA_BUNDLE: requests trusts it, httpx does not', async (t) => {
    if (!pythonOk) t.skip(missingReason(['python3-httpx', 'python3-requests']));
    await assertMatrixMatchesReality(
      privateCa.port,
      { REQUESTS_CA_BUNDLE: root.certPath },
      { 'python-requests': true, 'python-httpx': false },
    );
  });

  test('CURL_CA_BUNDLE: curl and requests (which also reads it) trust it', async () => {
    await assertMatrixMatchesReality(
      privateCa.port,
      { CURL_CA_BUNDLE: root.certPath },
      { curl: true, 'python-requests': true, 'python-httpx': false },
    );
  });
});

describe('client-specific strictness', () => {
  const everywhere = () => ({
    NODE_EXTRA_CA_CERTS: root.certPath,
    SSL_CERT_FILE: root.certPath,
    REQUESTS_CA_BUNDLE: root.certPath,
    CURL_CA_BUNDLE: root.certPath,
  });

  test('CN-only certificate (no SAN): httpx < 0.28 refuses it; Node and requests on urllib3 1.26 (Debian 12) accept it', async () => {
    const cnOnly = pki.issue({ name: 'cnonly', cn: 'localhost', issuer: inter });
    const server = await serveTls(cnOnly.pem + inter.pem, cnOnly.keyPem);
    servers.push(server);
    const run = await assertMatrixMatchesReality(server.port, everywhere(), {
      'node-extra-ca': true,
      'python-httpx': false,
      'python-requests': true,
    });
    assert.match(run.state.tls?.clients?.find((c) => c.client === 'python-httpx')?.reason ?? '', /never falls back to the CN/);
  });

  test('RSA 1024 leaf: Node accepts it, Python and curl (security level 2) refuse it', async () => {
    const weak = pki.issue({ name: 'weak', cn: 'localhost', issuer: inter, san: 'DNS:localhost', key: 'rsa1024' });
    const server = await serveTls(weak.pem + inter.pem, weak.keyPem);
    servers.push(server);
    const run = await assertMatrixMatchesReality(server.port, everywhere(), { 'node-extra-ca': true, 'python-httpx': false, curl: false });
    assert.equal(run.findings.find((f) => f.code === 'TLS_WEAK_KEY')?.severity, 'warning');
  });

  test('a self-signed CA certificate without keyCertSign (ASP.NET Core dev cert shape): OpenSSL clients and Node accept it, VS Code does not', async () => {
    const devCert = pki.issue({
      name: 'aspnetdev',
      cn: 'localhost',
      ca: true,
      keyUsage: 'critical, digitalSignature, keyEncipherment',
      eku: 'serverAuth',
      san: 'DNS:localhost',
    });
    const server = await serveTls(devCert.pem, devCert.keyPem);
    servers.push(server);
    const osWithDevCert = pki.bundle('os-with-dev-cert.pem', [{ pem: readFileSync(OS_BUNDLE, 'utf8') }, devCert]);
    const env = {
      NODE_EXTRA_CA_CERTS: devCert.certPath,
      SSL_CERT_FILE: devCert.certPath,
      REQUESTS_CA_BUNDLE: devCert.certPath,
      CURL_CA_BUNDLE: devCert.certPath,
    };
    const run = await assertMatrixMatchesReality(
      server.port,
      env,
      { 'node-extra-ca': true, 'python-httpx': true, 'python-requests': true, curl: true, vscode: false },
      osWithDevCert,
    );
    assert.match(run.state.tls?.clients?.find((c) => c.client === 'vscode')?.reason ?? '', /keyCertSign/);
  });
});
