// Issue 10: mutual TLS in front of the lab's MCP server; the server accepts only certificates from one client CA.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type Lab, startLab } from '../lab/index';
import { reservePort } from '../lab/net';
import { createLeaf, createRootCa, type IssuedCert } from '../lab/pki';
import { type MtlsFront, startMtlsFront } from '../servers/proxy/mtls';
import { type NginxMtls, startNginxMtls } from '../servers/proxy/nginxMtls';
import { startTinyproxy } from '../servers/proxy/tinyproxy';
import { waitForPort } from '../support/net';
import { codes } from '../support/findings';
import { requires } from '../support/requires';

const run = promisify(execFile);
const skip = requires('nginx');
if (skip) console.log(`# skipping mTLS tests: ${skip}`);

/** Polls until the port accepts TCP (at most 60 tries, 50 ms apart). */

describe('mutual TLS', { skip, concurrency: false }, () => {
  let lab: Lab;
  let dir: string;
  let serverCa: IssuedCert;
  let clientCa: IssuedCert;
  let goodClient: IssuedCert;
  let strangerClient: IssuedCert;
  const fronts: MtlsFront[] = [];
  const front = async (maxVersion?: 'TLSv1.2') => {
    const serverLeaf = await createLeaf(dir, serverCa, { name: `server-${fronts.length}` });
    const started = await startMtlsFront({
      serverLeaf,
      serverChain: serverLeaf.certPem,
      clientCa,
      backendPort: Number(new URL(lab.backendUrl).port),
      maxVersion,
    });
    fronts.push(started);
    return started;
  };
  const clientLeaf = (name: string, issuer: IssuedCert) =>
    createLeaf(dir, issuer, { name, commonName: `${name} client`, extKeyUsage: ['clientAuth'], sans: [] });

  before(async () => {
    lab = await startLab({ scenario: 'healthy' });
    dir = await mkdtemp(join(tmpdir(), 'mcpd-mtls-'));
    serverCa = await createRootCa(dir, { name: 'server-ca', commonName: 'mTLS Server CA' });
    clientCa = await createRootCa(dir, { name: 'client-ca', subject: '/O=Acme/CN=Acme Client CA' });
    const strangerCa = await createRootCa(dir, { name: 'stranger-ca', commonName: 'Stranger CA' });
    goodClient = await clientLeaf('alice', clientCa);
    strangerClient = await clientLeaf('mallory', strangerCa);
  });
  after(async () => {
    await Promise.all(fronts.map((f) => f.stop()));
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('without a certificate: TLS_CLIENT_CERT_REQUIRED names the CAs the server accepts', async () => {
    const f = await front();
    const report = await diagnose({ url: f.url, caFiles: [serverCa.certFile], client: 'node', env: {}, timeoutMs: 8000 });
    const top = report.findings[0]!;
    assert.equal(top.code, 'TLS_CLIENT_CERT_REQUIRED', codes(report).join(', '));
    assert.deepEqual(top.evidence.acceptedCas, ['O = Acme, CN = Acme Client CA']);
    assert.match(top.cause, /accepts certificates issued by: O = Acme, CN = Acme Client CA/);
  });

  test('with a certificate from the accepted CA: the handshake passes and the MCP server answers', async () => {
    const f = await front();
    const report = await diagnose({
      url: f.url,
      caFiles: [serverCa.certFile],
      client: 'node',
      env: {},
      clientCert: { certFile: goodClient.certFile, keyFile: goodClient.keyFile },
      timeoutMs: 8000,
    });
    const accepted = report.findings.find((x) => x.code === 'TLS_CLIENT_CERT_ACCEPTED');
    assert.ok(accepted, codes(report).join(', '));
    assert.equal(accepted.evidence.subject, 'CN=alice client');
    assert.deepEqual(accepted.evidence.extKeyUsage, ['clientAuth']);
    assert.ok(!report.findings.some((x) => x.step === 'tls' && x.severity === 'error'), codes(report).join(', '));
    assert.ok(report.mcp?.reached || report.mcp?.unauthorized, `the MCP server answered through mTLS: ${codes(report).join(', ')}`);
    assert.ok(f.verifiedSubjects.includes('CN=alice client'));
    assert.ok(!JSON.stringify(report).includes('PRIVATE KEY'));
  });

  for (const maxVersion of [undefined, 'TLSv1.2'] as const) {
    test(`a certificate from another CA (${maxVersion ?? 'TLS 1.3'}): TLS_CLIENT_CERT_REJECTED with the alert and the accepted CAs`, async () => {
      const f = await front(maxVersion);
      const report = await diagnose({
        url: f.url,
        caFiles: [serverCa.certFile],
        client: 'node',
        env: {},
        clientCert: { certFile: strangerClient.certFile, keyFile: strangerClient.keyFile },
        timeoutMs: 8000,
      });
      const top = report.findings[0]!;
      assert.equal(top.code, 'TLS_CLIENT_CERT_REJECTED', JSON.stringify(report.findings.map((x) => [x.code, x.evidence])));
      assert.match(
        String(top.evidence.alert),
        /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|DECRYPT_ERROR)|ECONNRESET: the server closed the connection once the certificate was presented/,
      );
      assert.equal(top.evidence.chainsToAccepted, false);
      assert.equal(top.evidence.issuer, 'CN=Stranger CA');
      assert.match(top.cause, /accepts client certificates issued by: "O = Acme, CN = Acme Client CA"/);
      assert.match(top.fix, /issued by one of the CAs the server accepts/);
    });
  }

  test('an OpenSSL server that verifies in the handshake: the refusal carries its alert (unknown CA)', async () => {
    const port = await reservePort();
    const serverLeaf = await createLeaf(dir, serverCa, { name: 'openssl-server' });
    const child = spawn(
      'openssl',
      [
        's_server',
        '-accept',
        `127.0.0.1:${port}`,
        '-cert',
        serverLeaf.certFile,
        '-key',
        serverLeaf.keyFile,
        '-CAfile',
        clientCa.certFile,
        '-Verify',
        '1',
        '-verify_return_error',
        '-www',
        '-quiet',
      ],
      { stdio: 'ignore' },
    );
    try {
      assert.ok(await waitForPort(port), 'openssl s_server started');
      const report = await diagnose({
        url: `https://localhost:${port}/mcp`,
        caFiles: [serverCa.certFile],
        client: 'node',
        env: {},
        clientCert: { certFile: strangerClient.certFile, keyFile: strangerClient.keyFile },
        timeoutMs: 8000,
      });
      const top = report.findings[0]!;
      assert.equal(top.code, 'TLS_CLIENT_CERT_REJECTED', codes(report).join(', '));
      assert.match(String(top.evidence.alert), /^ERR_SSL_TLSV1_ALERT_UNKNOWN_CA$/);
      assert.deepEqual(top.evidence.acceptedCas, ['O = Acme, CN = Acme Client CA']);
    } finally {
      child.kill();
    }
  });

  test(
    'through a forward proxy: the certificate is presented over the tunnel, and the accepted CAs are read through it',
    { skip: requires('tinyproxy') },
    async () => {
      const f = await front();
      const proxy = await startTinyproxy();
      try {
        const env = { HTTPS_PROXY: proxy.url };
        const bare = await diagnose({ url: f.url, caFiles: [serverCa.certFile], client: 'node', env, timeoutMs: 8000 });
        assert.equal(bare.findings[0]?.code, 'TLS_CLIENT_CERT_REQUIRED', codes(bare).join(', '));
        assert.deepEqual(bare.findings[0]?.evidence.acceptedCas, ['O = Acme, CN = Acme Client CA']);
        const report = await diagnose({
          url: f.url,
          caFiles: [serverCa.certFile],
          client: 'node',
          env,
          clientCert: { certFile: goodClient.certFile, keyFile: goodClient.keyFile },
          timeoutMs: 8000,
        });
        assert.ok(
          report.findings.some((x) => x.code === 'PROXY_PATH') && report.findings.some((x) => x.code === 'TLS_CLIENT_CERT_ACCEPTED'),
          codes(report).join(', '),
        );
        assert.ok(report.mcp?.reached || report.mcp?.unauthorized, codes(report).join(', '));
        assert.ok(
          (await proxy.connects()).filter((c) => c === `localhost:${f.port}`).length >= 3,
          'handshake, openssl probe and MCP requests all tunnelled',
        );
      } finally {
        await proxy.stop();
      }
    },
  );

  test('PKCS#12 with its password passes; a wrong password is TLS_CLIENT_CERT_UNUSABLE', async () => {
    const pfx = join(dir, 'alice.p12');
    await run('openssl', [
      'pkcs12',
      '-export',
      '-in',
      goodClient.certFile,
      '-inkey',
      goodClient.keyFile,
      '-out',
      pfx,
      '-passout',
      'pass:p12-pass',
    ]);
    const f = await front();
    const report = await diagnose({
      url: f.url,
      caFiles: [serverCa.certFile],
      client: 'node',
      env: {},
      clientCert: { pfxFile: pfx, passphrase: 'p12-pass' },
      timeoutMs: 8000,
    });
    assert.ok(
      report.findings.some((x) => x.code === 'TLS_CLIENT_CERT_ACCEPTED' && x.evidence.subject === 'CN=alice client'),
      codes(report).join(', '),
    );
    const wrong = await diagnose({
      url: f.url,
      caFiles: [serverCa.certFile],
      client: 'node',
      env: {},
      clientCert: { pfxFile: pfx, passphrase: 'nope' },
      timeoutMs: 8000,
    });
    assert.equal(wrong.findings[0]?.code, 'TLS_CLIENT_CERT_UNUSABLE', codes(wrong).join(', '));
    assert.ok(!JSON.stringify(wrong).includes('nope'));
  });
});

describe('mutual TLS behind nginx (ssl_verify_client on: the refusal is an HTTP 400 page)', { skip, concurrency: false }, () => {
  let lab: Lab;
  let dir: string;
  let nginx: NginxMtls | undefined;
  let clientCa: IssuedCert;
  let serverCa: IssuedCert;
  before(async () => {
    lab = await startLab({ scenario: 'healthy' });
    dir = await mkdtemp(join(tmpdir(), 'mcpd-nginx-mtls-'));
    serverCa = await createRootCa(dir, { name: 'server-ca', commonName: 'nginx Server CA' });
    clientCa = await createRootCa(dir, { name: 'client-ca', subject: '/O=Acme/CN=Acme Client CA' });
    const serverLeaf = await createLeaf(dir, serverCa, { name: 'server' });
    nginx = await startNginxMtls({
      dir,
      certFile: serverLeaf.certFile,
      keyFile: serverLeaf.keyFile,
      clientCaFile: clientCa.certFile,
      backendPort: Number(new URL(lab.backendUrl).port),
    });
  });
  after(async () => {
    await nginx?.stop();
    await lab?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("without a certificate: TLS_CLIENT_CERT_REQUIRED from nginx's 400 page, naming the accepted CAs", async () => {
    const report = await diagnose({ url: nginx!.url, caFiles: [serverCa.certFile], client: 'node', env: {}, timeoutMs: 8000 });
    const top = report.findings[0]!;
    assert.equal(top.code, 'TLS_CLIENT_CERT_REQUIRED', codes(report).join(', '));
    assert.match(String(top.evidence.errorCode), /HTTP 400 "400 No required SSL certificate was sent"/);
    assert.deepEqual(top.evidence.acceptedCas, ['O = Acme, CN = Acme Client CA']);
  });

  test('with a certificate from another CA: TLS_CLIENT_CERT_REJECTED; with the right one the MCP server answers', async () => {
    const stranger = await createLeaf(dir, await createRootCa(dir, { name: 'stranger-ca', commonName: 'Stranger CA' }), {
      name: 'mallory',
      extKeyUsage: ['clientAuth'],
      sans: [],
    });
    const refused = await diagnose({
      url: nginx!.url,
      caFiles: [serverCa.certFile],
      client: 'node',
      env: {},
      clientCert: { certFile: stranger.certFile, keyFile: stranger.keyFile },
      timeoutMs: 8000,
    });
    assert.equal(refused.findings[0]?.code, 'TLS_CLIENT_CERT_REJECTED', codes(refused).join(', '));
    assert.equal(refused.findings[0]?.evidence.chainsToAccepted, false);
    const alice = await createLeaf(dir, clientCa, { name: 'alice', extKeyUsage: ['clientAuth'], sans: [] });
    const token = await lab.mintToken();
    const passed = await diagnose({
      url: nginx!.url,
      caFiles: [serverCa.certFile],
      client: 'node',
      token,
      env: {},
      clientCert: { certFile: alice.certFile, keyFile: alice.keyFile },
      timeoutMs: 8000,
    });
    assert.ok(
      passed.findings.some((f) => f.code === 'TLS_CLIENT_CERT_ACCEPTED'),
      codes(passed).join(', '),
    );
    assert.ok(!passed.findings.some((f) => f.code.startsWith('TLS_CLIENT_CERT_RE')), codes(passed).join(', '));
    assert.ok(passed.mcp?.reached || passed.mcp?.unauthorized, codes(passed).join(', '));
  });
});
