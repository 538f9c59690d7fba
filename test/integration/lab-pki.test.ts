import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createIntermediateCa, createLeaf, createRootCa, type IssuedCert, writeChainFile } from '../lab/pki';

// The certificate factory the lab and the TLS matrix build on: what is asked for is what is issued.
let dir: string;
let root: IssuedCert;
let intermediate: IssuedCert;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lab-pki-test-'));
  root = await createRootCa(dir);
  intermediate = await createIntermediateCa(dir, root);
});
after(() => rm(dir, { recursive: true, force: true }));

function opensslText(cert: IssuedCert): string {
  return execFileSync('openssl', ['x509', '-in', cert.certFile, '-noout', '-text'], { encoding: 'utf8' });
}

test('root -> intermediate -> leaf verifies with openssl, and the leaf is a loopback server certificate', async () => {
  const leaf = await createLeaf(dir, intermediate);
  const untrusted = await writeChainFile(join(dir, 'untrusted.pem'), [intermediate]);
  assert.match(
    execFileSync('openssl', ['verify', '-CAfile', root.certFile, '-untrusted', untrusted, leaf.certFile], { encoding: 'utf8' }),
    /: OK/,
  );
  assert.equal(leaf.x509.subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
  assert.equal(leaf.x509.ca, false);
  assert.equal(intermediate.x509.ca, true);
  assert.ok(leaf.x509.checkIssued(intermediate.x509) && intermediate.x509.checkIssued(root.x509));
  const text = opensslText(leaf);
  assert.match(text, /TLS Web Server Authentication/);
  assert.match(text, /Signature Algorithm: ecdsa-with-SHA256/);
  assert.match(opensslText(intermediate), /CA:TRUE, pathlen:0/);
});

test('validity dates, hash, key type and size, CA flag, EKU and SANs are honoured', async () => {
  const notBefore = new Date('2020-01-02T03:04:05Z');
  const notAfter = new Date('2021-02-03T04:05:06Z');
  const rsaRoot = await createRootCa(dir, { name: 'rsa-root', key: { type: 'rsa', bits: 2048 } });
  const [expired, sha1, weak, notCa, clientOnly] = await Promise.all([
    createLeaf(dir, intermediate, { name: 'dated', notBefore, notAfter }),
    createLeaf(dir, rsaRoot, { name: 'sha1', hash: 'sha1' }),
    createLeaf(dir, intermediate, { name: 'rsa1024', key: { type: 'rsa', bits: 1024 } }),
    createIntermediateCa(dir, root, { name: 'not-ca', ca: false }),
    createLeaf(dir, intermediate, { name: 'client', extKeyUsage: ['clientAuth'], sans: ['DNS:mcp.internal.example', 'IP:10.0.0.1'] }),
  ]);
  assert.equal(new Date(expired.x509.validFrom).toISOString(), notBefore.toISOString());
  assert.equal(new Date(expired.x509.validTo).toISOString(), notAfter.toISOString());
  assert.match(opensslText(sha1), /Signature Algorithm: sha1WithRSAEncryption/);
  assert.equal(weak.x509.publicKey.asymmetricKeyDetails?.modulusLength, 1024);
  assert.equal(notCa.x509.ca, false);
  assert.match(opensslText(clientOnly), /TLS Web Client Authentication/);
  assert.equal(clientOnly.x509.subjectAltName, 'DNS:mcp.internal.example, IP Address:10.0.0.1');
});

test('self-signed leaf and key reuse', async () => {
  const selfSigned = await createLeaf(dir, null, { name: 'self' });
  assert.equal(selfSigned.x509.issuer, selfSigned.x509.subject);
  assert.ok(selfSigned.x509.verify(selfSigned.x509.publicKey), 'signed by its own key');
  const reissued = await createLeaf(dir, intermediate, { name: 'reissued', key: { type: 'pem', pem: selfSigned.keyPem } });
  assert.ok(reissued.x509.publicKey.equals(selfSigned.x509.publicKey));
  assert.notEqual(reissued.x509.fingerprint256, selfSigned.x509.fingerprint256);
});
