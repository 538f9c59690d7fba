/**
 * Hostile TLS: a server that resets mid-handshake, a certificate with 1,000 SANs and one with a
 * huge (and HTML-laden) subject. Certificates come from openssl via the lab's pki helpers.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAX_EVIDENCE_CHARS } from '../../src/core/findings/text';
import { issueCertificate, type IssuedCert } from '../lab/pki';
import { sendJson, startServer, type TestServer } from '../servers/base';
import { diagnoseHostile, STEP_MS } from './harness';
import { findingOf } from '../support/findings';
import { type HostileServer, startRaw } from './servers';

const HOSTILE_CN = '<img src=x onerror=alert(1)>';

describe('hostile TLS', () => {
  let dir: string;
  let manySans: IssuedCert;
  let hugeSubject: IssuedCert;
  const servers: Array<TestServer | HostileServer> = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpdoctor-hostile-tls-'));
    const sans = Array.from({ length: 1000 }, (_, i) => `DNS:host${i}.example.test`);
    const subject = `${Array.from({ length: 120 }, (_, i) => `/OU=${'x'.repeat(60)}${i}`).join('')}/CN=${HOSTILE_CN}`;
    [manySans, hugeSubject] = await Promise.all([
      issueCertificate(dir, { name: 'many-sans', commonName: 'many', sans, ca: false, extKeyUsage: ['serverAuth'] }),
      issueCertificate(dir, {
        name: 'huge-subject',
        subject,
        sans: ['DNS:localhost', 'IP:127.0.0.1'],
        ca: false,
        extKeyUsage: ['serverAuth'],
      }),
    ]);
  });

  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  async function serveCert(cert: IssuedCert): Promise<TestServer> {
    const server = await startServer((_req, res) => sendJson(res, 200, {}), { tls: { key: cert.keyPem, cert: cert.certPem } });
    servers.push(server);
    return server;
  }

  it('a reset in the middle of the handshake is named as a reset during TLS', async () => {
    const server = await startRaw((conn) => {
      conn.socket.once('data', () => {
        conn.socket.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00, 0x00])); // a ServerHello cut short
        conn.socket.resetAndDestroy();
      });
    });
    servers.push(server);
    const run = await diagnoseHostile({ url: `https://127.0.0.1:${server.port}/mcp` });
    const finding = findingOf(run.report, 'NET_RESET_BEFORE_RESPONSE');
    assert.match(String(finding.evidence.during), /TLS/);
  });

  it('a handshake dripped one byte at a time: the TLS step times out and says so', async () => {
    const server = await startRaw((conn) => {
      conn.socket.once('data', () => {
        const hello = Buffer.from([0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00, 0x00, 0x3c, 0x03, 0x03]);
        let i = 0;
        conn.every(300, () => conn.socket.write(hello.subarray(i, ++i)));
      });
    });
    servers.push(server);
    const run = await diagnoseHostile({ url: `https://127.0.0.1:${server.port}/mcp` });
    assert.equal(findingOf(run.report, 'STEP_TIMEOUT').evidence.step, 'tls');
    assert.ok(run.ms < STEP_MS * 2, `${run.ms} ms`);
  });

  it('1,000 SANs: the mismatch is named, the sentence lists a bounded number of them', async () => {
    const server = await serveCert(manySans);
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const mismatch = findingOf(run.report, 'TLS_HOSTNAME_MISMATCH');
    assert.match(mismatch.cause, /host0\.example\.test/);
    assert.match(mismatch.cause, /and 9\d\d more/);
    assert.ok(mismatch.cause.length < 2 * MAX_EVIDENCE_CHARS, `${mismatch.cause.length} characters`);
    findingOf(run.report, 'TLS_SELF_SIGNED');
  });

  it('a huge subject with HTML in its CN: named, clipped in sentences, kept as plain data', async () => {
    const server = await serveCert(hugeSubject);
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    const selfSigned = findingOf(run.report, 'TLS_SELF_SIGNED');
    assert.ok(selfSigned.cause.length < 3 * MAX_EVIDENCE_CHARS, `${selfSigned.cause.length} characters`);
    assert.ok(JSON.stringify(run.report.tls).includes('onerror'), 'the CN is reported as data');
    assert.ok(run.ms < 5000);
  });
});
