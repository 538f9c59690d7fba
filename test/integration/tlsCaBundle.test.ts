// `mcp-doctor ca-bundle`: the bundle it writes must make the same request succeed in real clients.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { caBundleCommand } from '../../src/cli/caBundle';
import { type CliIo, UsageError } from '../../src/cli/io';
import { createCaBundle } from '../../src/core/caBundle/caBundle';
import { splitPem } from '../../src/core/tls/pem';
import { available, runRealClient } from '../tls/clients';
import { serveTls, type Running } from '../tls/harness';
import { type IssuedCert, TestPki } from '../tls/pki';
import { missingReason } from '../support/requires';

let pki: TestPki;
let root: IssuedCert;
let inter: IssuedCert;
let leaf: IssuedCert;
let work: string;
let pythonOk = false;
const servers: Running[] = [];

before(async () => {
  pki = new TestPki();
  work = mkdtempSync(join(tmpdir(), 'mcpd-bundle-'));
  root = pki.issue({ name: 'root', cn: 'Bundle Private Root CA', o: 'Doctor Lab', ca: true });
  inter = pki.issue({ name: 'inter', cn: 'Bundle Intermediate CA', issuer: root, ca: true });
  leaf = pki.issue({ name: 'leaf', cn: 'localhost', issuer: inter, san: 'DNS:localhost,IP:127.0.0.1' });
  pythonOk = await available('python3', ['-c', 'import certifi, requests']);
});

after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  pki.dispose();
  rmSync(work, { recursive: true, force: true });
});

async function serve(chain: readonly IssuedCert[]): Promise<string> {
  const server = await serveTls(chain.map((c) => c.pem).join(''), chain[0]!.keyPem);
  servers.push(server);
  return `https://localhost:${server.port}/`;
}

interface Captured {
  io: CliIo;
  out: string[];
  err: string[];
}

/** A CliIo with an isolated environment: no trust variables, an empty HOME (no mkcert root). */
function captureIo(env: Record<string, string> = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: { HOME: work, ...env },
    color: false,
    interactive: false,
    cwd: work,
    readStdin: async () => '',
  };
  return { io, out, err };
}

async function assertClientsSucceed(url: string, bundle: string) {
  const runs = [
    runRealClient('node', url, { NODE_EXTRA_CA_CERTS: bundle }),
    runRealClient('curl', url, { CURL_CA_BUNDLE: bundle }),
    ...(pythonOk
      ? [
          runRealClient('python-stdlib', url, { SSL_CERT_FILE: bundle }),
          runRealClient('python-httpx', url, { SSL_CERT_FILE: bundle }),
          runRealClient('python-requests', url, { REQUESTS_CA_BUNDLE: bundle }),
        ]
      : []),
  ];
  const names = [
    'node NODE_EXTRA_CA_CERTS',
    'curl CURL_CA_BUNDLE',
    'python ssl SSL_CERT_FILE',
    'httpx-style SSL_CERT_FILE',
    'requests REQUESTS_CA_BUNDLE',
  ];
  (await Promise.all(runs)).forEach((o, i) => assert.ok(o.ok, `${names[i]} failed: ${o.detail}`));
}

describe('ca-bundle', () => {
  test('the Python clients take part in the real-client checks below', (t) => {
    if (!pythonOk) return t.skip(missingReason(['python3-requests']));
    assert.ok(pythonOk);
  });

  test('root sent by the server: the bundle adds it and every client then connects', async () => {
    const url = await serve([leaf, inter, root]);
    assert.equal((await runRealClient('node', url)).ok, false, 'control: Node must fail without the bundle');
    const { io, out } = captureIo();
    const code = await caBundleCommand(['--out', 'ca-bundle.pem', url], io);
    assert.equal(code, 0);
    const bundle = join(work, 'ca-bundle.pem');
    const text = out.join('');
    assert.match(text, /\+ root "Bundle Private Root CA" SHA-256 [0-9A-F:]{95} \(sent by the server\)/);
    for (const variable of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE'])
      assert.ok(text.includes(`export ${variable}=${bundle}`), variable);
    assert.ok(existsSync(join(work, 'ca-bundle-added.pem')));
    await assertClientsSucceed(url, bundle);
  });

  test('root not sent and not found anywhere: exit 1, a clear message, no file', async () => {
    const url = await serve([leaf, inter]);
    const { io, err } = captureIo();
    const code = await caBundleCommand(['--out', 'missing.pem', url], io);
    assert.equal(code, 1);
    assert.match(err.join(''), /needs the CA "Bundle Private Root CA"/);
    assert.match(err.join(''), /--ca FILE/);
    assert.equal(existsSync(join(work, 'missing.pem')), false);
  });

  test('root not sent but given with --ca: added from the CA file, clients connect', async () => {
    const url = await serve([leaf, inter]);
    const { io, out } = captureIo();
    assert.equal(await caBundleCommand(['--out', 'with-ca.pem', '--ca', root.certPath, url], io), 0);
    assert.match(out.join(''), /Bundle Private Root CA.*configured CA files/);
    await assertClientsSucceed(url, join(work, 'with-ca.pem'));
  });

  test('mkcert-style leaf-only server: the root comes from $CAROOT', async () => {
    const mk = pki.issue({ name: 'mkroot', cn: 'mkcert root@test', o: 'mkcert development CA', ca: true });
    const mkLeaf = pki.issue({ name: 'mkleaf', cn: 'localhost', issuer: mk, san: 'DNS:localhost' });
    const caroot = mkdtempSync(join(work, 'caroot-'));
    writeFileSync(join(caroot, 'rootCA.pem'), mk.pem);
    const url = await serve([mkLeaf]);
    const result = await createCaBundle({ url: new URL(url), env: { CAROOT: caroot, HOME: work } });
    assert.equal(result.completesChain, true);
    assert.deepEqual(
      result.added.map((a) => [a.name, a.source]),
      [['mkcert root@test', `mkcert local CA (${caroot}/rootCA.pem)`]],
    );
  });

  test('self-signed server: the bundle holds that exact certificate and Node accepts it', async () => {
    const self = pki.issue({ name: 'self', cn: 'localhost', san: 'DNS:localhost' });
    const url = await serve([self]);
    const { io } = captureIo();
    assert.equal(await caBundleCommand(['--out', 'self.pem', url], io), 0);
    const outcome = await runRealClient('node', url, { NODE_EXTRA_CA_CERTS: join(work, 'self.pem') });
    assert.ok(outcome.ok, outcome.detail);
  });

  test('without a URL: OS roots plus the --ca files', async () => {
    const { io } = captureIo();
    assert.equal(await caBundleCommand(['--out', 'plain.pem', '--ca', root.certPath], io), 0);
    const pems = splitPem(readFileSync(join(work, 'plain.pem'), 'utf8'));
    assert.ok(pems.length > 1, 'OS roots expected');
    assert.equal(pems[pems.length - 1]!.trim(), root.pem.trim());
  });

  test('usage errors: missing --out, http URL, unknown flag', async () => {
    const { io } = captureIo();
    await assert.rejects(caBundleCommand(['https://localhost/'], io), UsageError);
    await assert.rejects(caBundleCommand(['--out', 'x.pem', 'http://localhost/'], io), UsageError);
    await assert.rejects(caBundleCommand(['--out', 'x.pem', '--bogus'], io), UsageError);
  });

  test('a --ca path that does not exist is named, exit 1', async () => {
    const { io, err } = captureIo();
    assert.equal(await caBundleCommand(['--out', 'x.pem', '--ca', 'nope.pem'], io), 1);
    assert.match(err.join(''), /CA file not found: .*nope\.pem.*\(ENOENT\)/);
  });
});
