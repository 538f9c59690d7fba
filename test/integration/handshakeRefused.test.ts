// Issue 13 item 3: a server that refuses the handshake is not taken for mutual TLS. Real `openssl s_server`s that
// cannot use their key, share no cipher suite or speak only TLS 1.0, checked with the real curl and Node too.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { after, before, describe, test, type TestContext } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { reservePort } from '../lab/net';
import { createLeaf, createRootCa, type IssuedCert } from '../lab/pki';
import { startTinyproxy } from '../servers/proxy/tinyproxy';
import { waitForPort } from '../support/net';
import { has, noteMissing, requires } from '../support/requires';

const opensslMissing = requires('openssl');

function codes(report: DiagnosisReport): string {
  return JSON.stringify(report.findings.map((f) => [f.code, f.evidence.cause ?? f.evidence.errorCode]));
}

/** The real curl (explicit environment: this machine presets CA variables), with the root trusted: its exit code. */
/** curl fails the handshake with exit 35 (SSL connect error); without curl that check is reported missing, the rest still runs. */
async function assertCurlRefuses(t: TestContext, port: number, caFile: string, message?: string): Promise<void> {
  if (!has('curl')) return noteMissing(t, ['curl']);
  assert.equal(await curlExit(port, caFile), 35, message);
}

function curlExit(port: number, caFile: string): Promise<number> {
  return new Promise((resolve) => {
    execFile(
      'curl',
      ['-s', '-o', '/dev/null', '--max-time', '5', '--cacert', caFile, `https://localhost:${port}/`],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
      (err) => {
        resolve(err ? Number((err as { code?: unknown }).code) : 0);
      },
    );
  });
}

/** Node's own TLS client with default settings and the root trusted: the error code, or "connected". */
function nodeOutcome(port: number, ca: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: [ca] }, () => {
      socket.destroy();
      resolve('connected');
    });
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
  });
}

describe('servers that refuse the handshake (real openssl s_server)', { skip: opensslMissing, concurrency: false }, () => {
  let dir: string;
  let root: IssuedCert;
  let leaf: IssuedCert;
  let weakLeaf: IssuedCert;
  const children: ChildProcess[] = [];

  /** Starts `openssl s_server` with these extra arguments on a free loopback port. */
  async function sServer(cert: IssuedCert, args: string[]): Promise<number> {
    const port = await reservePort();
    const child = spawn(
      'openssl',
      ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', cert.certFile, '-key', cert.keyFile, '-www', '-quiet', ...args],
      { stdio: 'ignore' },
    );
    children.push(child);
    assert.ok(await waitForPort(port, () => child.exitCode === null), `openssl s_server ${args.join(' ')} started`);
    return port;
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpd-refused-'));
    root = await createRootCa(dir, { commonName: 'Refusal Test Root CA' });
    leaf = await createLeaf(dir, root, { name: 'server', key: { type: 'rsa', bits: 2048 } });
    weakLeaf = await createLeaf(dir, root, { name: 'weak', key: { type: 'rsa', bits: 512 } });
  });
  after(async () => {
    for (const child of children) child.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const refused = async (port: number): Promise<DiagnosisReport> => {
    const report = await diagnose({ url: `https://localhost:${port}/mcp`, caFiles: [root.certFile], env: {}, timeoutMs: 8000 });
    assert.ok(!report.findings.some((f) => f.code === 'TLS_CLIENT_CERT_REQUIRED'), `not a client-certificate demand: ${codes(report)}`);
    return report;
  };

  test('a 512-bit RSA key (loaded at security level 0): TLS 1.3 cannot be signed, the verdict says so; curl and Node fail too', async (t) => {
    const port = await sServer(weakLeaf, ['-cipher', 'DEFAULT@SECLEVEL=0']);
    const report = await refused(port);
    const top = report.findings[0]!;
    assert.equal(top.code, 'TLS_HANDSHAKE_REFUSED', codes(report));
    assert.equal(top.evidence.cause, 'key-cannot-sign');
    assert.equal(top.evidence.keyBits, 512);
    assert.equal(top.evidence.alert, 'handshake_failure');
    assert.match(top.cause, /512-bit RSA key: too small to make the RSA-PSS signature TLS 1\.3 requires/);
    assert.match(report.verdict.summary, /refuses the TLS handshake: its 512-bit RSA key cannot sign a TLS 1\.3 handshake/);
    assert.match(top.cause, /TLS 1\.2 only, default cipher suites → completed: TLSv1\.2/);
    assert.match(top.fix, /RSA 2048\+ or ECDSA P-256 key/);
    assert.doesNotMatch(top.fix, /client certificate|--cert/);
    assert.equal(await nodeOutcome(port, root.certPem), 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    await assertCurlRefuses(t, port, root.certFile, 'curl: SSL connect error');
    const client = await createLeaf(dir, root, { name: 'client', commonName: 'alice', extKeyUsage: ['clientAuth'], sans: [] });
    const withCert = await diagnose({
      url: `https://localhost:${port}/mcp`,
      caFiles: [root.certFile],
      env: {},
      clientCert: { certFile: client.certFile, keyFile: client.keyFile },
      timeoutMs: 8000,
    });
    assert.equal(
      withCert.findings[0]?.code,
      'TLS_HANDSHAKE_REFUSED',
      `with a client certificate configured it is still no certificate rejection: ${codes(withCert)}`,
    );
  });

  test('no cipher suite in common (TLS 1.2, Camellia only): the verdict names the suite the server wants', async (t) => {
    const port = await sServer(leaf, ['-no_tls1_3', '-cipher', 'CAMELLIA128-SHA']);
    const report = await refused(port);
    const top = report.findings[0]!;
    assert.equal(top.code, 'TLS_HANDSHAKE_REFUSED', codes(report));
    assert.equal(top.evidence.cause, 'no-common-cipher');
    assert.equal(top.evidence.cipher, 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA');
    assert.match(top.cause, /no cipher suite in common/);
    assert.match(
      report.verdict.summary,
      /refuses the TLS handshake: no cipher suite in common \(it accepts only TLS_RSA_WITH_CAMELLIA_128_CBC_SHA\)/,
    );
    assert.match(top.fix, /ssl_ciphers ECDHE/);
    assert.equal(await nodeOutcome(port, root.certPem), 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE');
    await assertCurlRefuses(t, port, root.certFile);
  });

  test('no cipher suite in common (TLS 1.3, CCM_8 only)', async (t) => {
    const port = await sServer(leaf, ['-tls1_3', '-ciphersuites', 'TLS_AES_128_CCM_8_SHA256']);
    const report = await refused(port);
    const top = report.findings[0]!;
    assert.equal(top.code, 'TLS_HANDSHAKE_REFUSED', codes(report));
    assert.equal(top.evidence.cause, 'no-common-cipher');
    assert.equal(top.evidence.protocol, 'TLSv1.3');
    assert.equal(top.evidence.cipher, 'TLS_AES_128_CCM_8_SHA256');
    await assertCurlRefuses(t, port, root.certFile);
  });

  test('a TLS 1.0-only server: TLS_PROTOCOL_TOO_OLD naming TLSv1; curl and Node fail too', async (t) => {
    const port = await sServer(leaf, ['-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']);
    const report = await refused(port);
    const top = report.findings[0]!;
    assert.equal(top.code, 'TLS_PROTOCOL_TOO_OLD', codes(report));
    assert.equal(top.evidence.protocol, 'TLSv1');
    assert.match(top.fix, /ssl_protocols TLSv1\.2 TLSv1\.3;/);
    assert.match(await nodeOutcome(port, root.certPem), /^ERR_SSL_(TLSV1_ALERT_PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL)$/);
    await assertCurlRefuses(t, port, root.certFile);
  });

  test('a TLS 1.0-only server with an untrusted self-signed certificate: the outdated protocol still leads (it breaks every client whatever it trusts)', async () => {
    const selfSigned = await createLeaf(dir, null, { name: 'self-signed', key: { type: 'rsa', bits: 2048 } });
    const port = await sServer(selfSigned, ['-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']);
    const report = await diagnose({ url: `https://localhost:${port}/mcp`, env: {}, timeoutMs: 8000 });
    assert.equal(report.findings[0]?.code, 'TLS_PROTOCOL_TOO_OLD', codes(report));
    assert.ok(
      report.findings.some((f) => f.code === 'TLS_SELF_SIGNED'),
      codes(report),
    );
  });

  test(
    'through a forward proxy: the retries run over the CONNECT tunnel and reach the same verdict',
    { skip: requires('tinyproxy') },
    async () => {
      const port = await sServer(weakLeaf, ['-cipher', 'DEFAULT@SECLEVEL=0']);
      const proxy = await startTinyproxy();
      try {
        const report = await diagnose({
          url: `https://localhost:${port}/mcp`,
          caFiles: [root.certFile],
          env: { HTTPS_PROXY: proxy.url },
          timeoutMs: 8000,
        });
        const top = report.findings.find((f) => f.step === 'tls' && f.severity === 'error');
        assert.equal(top?.code, 'TLS_HANDSHAKE_REFUSED', codes(report));
        assert.equal(top.evidence.cause, 'key-cannot-sign');
        assert.ok((await proxy.connects()).filter((c) => c === `localhost:${port}`).length >= 3, 'handshake and retries tunnelled');
      } finally {
        await proxy.stop();
      }
    },
  );

  test('control: an s_server that demands a client certificate over TLS 1.2 is still mutual TLS, with the CertificateRequest seen', async () => {
    const port = await sServer(leaf, ['-no_tls1_3', '-Verify', '1', '-verify_return_error', '-CAfile', root.certFile]);
    const report = await diagnose({ url: `https://localhost:${port}/mcp`, caFiles: [root.certFile], env: {}, timeoutMs: 8000 });
    const top = report.findings[0]!;
    assert.equal(top.code, 'TLS_CLIENT_CERT_REQUIRED', codes(report));
    assert.equal(top.evidence.certificateRequestSeen, true);
    assert.deepEqual(top.evidence.acceptedCas, ['CN = Refusal Test Root CA']);
  });
});
