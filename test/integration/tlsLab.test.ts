// Issue 3's must-hold against the real lab (nginx with the private CA): the private CA is named,
// Node and Python are predicted (and shown) not to trust it while the OS store does, and the
// ca-bundle output makes the same request succeed in Node and Python.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { caBundleCommand } from '../../src/cli/caBundle';
import { type CliIo } from '../../src/cli/io';
import { createTlsStep } from '../../src/core/diagnose/steps/tls';
import { startLab, type Lab } from '../lab/index';
import { available, PYTHON, runRealClient } from '../tls/clients';
import { runStep } from '../tls/harness';
import { noteMissing, requires } from '../support/requires';

const skip = requires('nginx');
const OS_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

describe('TLS and trust against the lab default scenario', { skip, concurrency: false }, () => {
  let lab: Lab;
  let work: string;
  let pythonOk = false;

  before(async () => {
    lab = await startLab({ scenario: 'default' });
    work = mkdtempSync(join(tmpdir(), 'mcpd-tlslab-'));
    pythonOk = await available(PYTHON, ['-c', 'import certifi, requests, httpx']);
  });

  after(async () => {
    await lab?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('names the private CA; Node and Python will not trust it while the OS store (holding it) does', async (t) => {
    if (!pythonOk) noteMissing(t, ['python3-requests']);
    const caName = /CN=([^\n]*)/.exec(new X509Certificate(lab.caPem).subject)![1]!;
    const osWithCa = join(work, 'os-with-lab-ca.pem');
    writeFileSync(osWithCa, `${readFileSync(OS_BUNDLE, 'utf8')}\n${lab.caPem}`);
    const run = await runStep(createTlsStep({ trust: { osBundlePaths: [osWithCa] } }), lab.url);
    const untrusted = run.findings.find((f) => f.code === 'TLS_UNTRUSTED_ROOT');
    assert.equal(untrusted?.evidence.root, caName);
    assert.match(String(untrusted?.evidence.foundIn), /OS trust store/);
    const trusts = Object.fromEntries((run.state.tls?.clients ?? []).map((c) => [c.client, c.trusts]));
    assert.deepEqual(trusts, {
      node: false,
      vscode: true,
      'python-httpx': false,
      'python-requests': false,
      'python-ssl': true,
      curl: true,
    });
    assert.equal(untrusted?.title, 'Certificate chain ends at a CA that Node.js does not trust', 'Node leads when no client was named');
    assert.match(untrusted?.fix ?? '', /NODE_EXTRA_CA_CERTS/);
    const differs = run.findings.find((f) => f.code === 'TLS_TRUST_DIFFERS');
    assert.equal(differs?.title, 'Python httpx and Python requests do not trust this server');
    assert.equal(differs?.severity, 'error', 'no client named: every client that fails is an error');
    assert.match(differs?.fix ?? '', /SSL_CERT_FILE[\s\S]*REQUESTS_CA_BUNDLE/);
    assert.equal(run.stopped, undefined, 'the untrusted server must not stop the later steps');
    const real = await Promise.all([
      runRealClient('node', lab.correctedUrl),
      ...(pythonOk ? [runRealClient('python-httpx', lab.correctedUrl)] : []),
    ]);
    assert.ok(
      real.every((o) => !o.ok),
      'real Node and Python fail as predicted',
    );
  });

  test('ca-bundle output makes the same request succeed in Node (NODE_EXTRA_CA_CERTS) and Python (SSL_CERT_FILE)', async (t) => {
    if (!pythonOk) noteMissing(t, ['python3-requests']);
    const out: string[] = [];
    const io: CliIo = {
      stdout: (t) => void out.push(t),
      stderr: (t) => void out.push(t),
      env: { HOME: work },
      color: false,
      interactive: false,
      cwd: work,
      readStdin: async () => '',
    };
    // nginx sends leaf + intermediate; the root comes from the CA file the user has.
    assert.equal(await caBundleCommand(['--out', 'lab-bundle.pem', '--ca', lab.caFile, lab.url], io), 0, out.join(''));
    const bundle = join(work, 'lab-bundle.pem');
    const node = await runRealClient('node', lab.correctedUrl, { NODE_EXTRA_CA_CERTS: bundle });
    assert.ok(node.ok, `node: ${node.detail}`);
    if (pythonOk) {
      const python = await runRealClient('python-stdlib', lab.correctedUrl, { SSL_CERT_FILE: bundle });
      assert.ok(python.ok, `python: ${python.detail}`);
    }
  });
});
