// The known-CA recogniser, on certificates generated with the subjects and extensions the real tools write.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeFinding } from '../../../src/core/findings/finding';
import { ASPNET_DEV_CERT_OID, certificateFacts, recogniseKnownCa } from '../../../src/core/tls/knownCas';
import { createIntermediateCa, createLeaf, createRootCa, type IssuedCert } from '../../lab/pki';

describe('recogniseKnownCa', () => {
  let dir: string;
  const root = (name: string, subject: string) => createRootCa(dir, { name, subject });
  const leafOf = (name: string, issuer: IssuedCert | null, spec: Parameters<typeof createLeaf>[2] = {}) =>
    createLeaf(dir, issuer, { name, ...spec });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpd-known-ca-'));
  });
  after(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('mkcert: the development CA in the issuer names mkcert -CAROOT', async () => {
    const ca = await root('mkcert', '/O=mkcert development CA/OU=me@laptop/CN=mkcert me@laptop');
    const leaf = await leafOf('mkcert-leaf', ca, { subject: '/O=mkcert development certificate/OU=me@laptop' });
    const known = recogniseKnownCa(certificateFacts([leaf.x509]))!;
    assert.equal(known.id, 'mkcert');
    assert.equal(known.kind, 'development-ca');
    assert.match(known.rootLocation, /mkcert -CAROOT/);
    assert.equal(known.rootFile, '"$(mkcert -CAROOT)/rootCA.pem"');
  });

  test('Caddy tls internal: leaf + intermediate sent, the root only named: the match is the root, with its data directory', async () => {
    const ca = await root('caddy-root', '/CN=Caddy Local Authority - 2026 ECC Root');
    const inter = await createIntermediateCa(dir, ca, { name: 'caddy-inter', commonName: 'Caddy Local Authority - ECC Intermediate' });
    const leaf = await leafOf('caddy-leaf', inter);
    const known = recogniseKnownCa(certificateFacts([leaf.x509, inter.x509], 'CN=Caddy Local Authority - 2026 ECC Root'))!;
    assert.equal(known.id, 'caddy');
    assert.equal(known.matched, 'CN=Caddy Local Authority - 2026 ECC Root');
    assert.match(known.rootLocation, /pki\/authorities\/local\/root\.crt/);
    assert.match(known.rootLocation, /\/var\/lib\/caddy\/\.local\/share\/caddy/);
    assert.match(known.trustCommand!, /caddy trust/);
  });

  test('Smallstep step-ca', async () => {
    const ca = await root('step-root', '/O=Smallstep/CN=Smallstep Root CA');
    const inter = await createIntermediateCa(dir, ca, { name: 'step-inter', subject: '/O=Smallstep/CN=Smallstep Intermediate CA' });
    const leaf = await leafOf('step-leaf', inter);
    const known = recogniseKnownCa(certificateFacts([leaf.x509, inter.x509]))!;
    assert.equal(known.id, 'smallstep');
    assert.match(known.rootLocation, /step ca root root_ca\.crt/);
  });

  test('Traefik default and ingress-nginx fake certificates are placeholders: fix the server, do not trust', async () => {
    const traefik = await leafOf('traefik', null, { commonName: 'TRAEFIK DEFAULT CERT', sans: ['DNS:0123abcd.traefik.default'] });
    const ingress = await leafOf('ingress', null, {
      subject: '/O=Acme Co/CN=Kubernetes Ingress Controller Fake Certificate',
      sans: ['DNS:ingress.local'],
    });
    const t = recogniseKnownCa(certificateFacts([traefik.x509]))!;
    const k = recogniseKnownCa(certificateFacts([ingress.x509]))!;
    assert.deepEqual([t.id, t.kind, k.id, k.kind], ['traefik-default', 'placeholder', 'ingress-nginx-fake', 'placeholder']);
    assert.match(t.serverFix!, /certResolver/);
    assert.match(k.serverFix!, /spec\.tls/);
    const finding = makeFinding('TLS_SELF_SIGNED', {
      name: 'TRAEFIK DEFAULT CERT',
      url: 'https://mcp.example/mcp',
      knownCa: t,
      rootAvailable: true,
    });
    assert.match(finding.fix, /^Do not trust this certificate/);
    assert.doesNotMatch(finding.fix, /ca-bundle/);
  });

  test('ASP.NET Core development certificate: recognised by its extension, not by its plain "localhost" name', async () => {
    const aspnet = await leafOf('aspnet', null, { commonName: 'localhost', extraExtensions: [`${ASPNET_DEV_CERT_OID} = DER:02`] });
    const plain = await leafOf('plain', null, { commonName: 'localhost' });
    const known = recogniseKnownCa(certificateFacts([aspnet.x509]))!;
    assert.equal(known.id, 'aspnet-dev');
    assert.match(known.rootLocation, /dotnet dev-certs https --export-path/);
    assert.equal(recogniseKnownCa(certificateFacts([plain.x509])), undefined);
  });

  for (const [vendor, subject] of [
    ['Zscaler', '/O=Zscaler Inc./OU=Zscaler Inc./CN=Zscaler Root CA'],
    ['Netskope', '/O=Netskope Inc/CN=caadmin.netskope.com'],
    ['Palo Alto Networks', '/O=Palo Alto Networks/CN=Palo Alto Forward Trust CA'],
    ['Fortinet FortiGate', '/O=Fortinet/CN=FortiGate CA'],
    ['Cisco Umbrella', '/O=Cisco/CN=Cisco Umbrella Root CA'],
    ['Forcepoint / Websense', '/O=Forcepoint/CN=Forcepoint Cloud CA'],
    ['Blue Coat / Symantec Web Security', '/O=Blue Coat Systems/CN=Blue Coat Proxy CA'],
  ] as const) {
    test(`corporate inspection: ${vendor} means "ask IT or export it from the OS store"`, async () => {
      const ca = await root(`inspect-${vendor.replace(/\W/g, '')}`, subject);
      const leaf = await leafOf(`inspected-${vendor.replace(/\W/g, '')}`, ca, {
        commonName: 'mcp.example.com',
        sans: ['DNS:mcp.example.com'],
      });
      const known = recogniseKnownCa(certificateFacts([leaf.x509]))!;
      assert.equal(known.kind, 'inspection-ca');
      assert.equal(known.product, `${vendor} TLS inspection`);
      assert.match(known.rootLocation, /ask IT/);
      assert.match(known.rootLocation, /export it from the OS store/);
    });
  }

  test('a server whose own name carries a vendor word is not an inspection proxy; an unknown private CA is not recognised', async () => {
    const ca = await root('acme', '/O=Acme/CN=Acme Private Root');
    const leaf = await leafOf('zscaler-named', ca, { commonName: 'zscaler-status.acme.test' });
    assert.equal(recogniseKnownCa(certificateFacts([leaf.x509])), undefined);
  });

  test('an unrecognised root that is not at hand: the fix says where to get it and passes it with --ca, never the bare URL form', () => {
    const missing = makeFinding('TLS_UNTRUSTED_ROOT', {
      root: 'Acme Private Root',
      url: 'https://mcp.acme.test/mcp',
      rootSent: false,
      rootAvailable: false,
    });
    assert.match(missing.fix, /from whoever runs the server or its CA/);
    assert.match(missing.fix, /`mcp-doctor ca-bundle --out ca-bundle\.pem --ca ROOT\.pem https:\/\/mcp\.acme\.test\/mcp`/);
    const sent = makeFinding('TLS_UNTRUSTED_ROOT', {
      root: 'Acme Private Root',
      url: 'https://mcp.acme.test/mcp',
      rootSent: true,
      rootAvailable: true,
    });
    assert.match(sent.fix, /`mcp-doctor ca-bundle --out ca-bundle\.pem https:\/\/mcp\.acme\.test\/mcp`/);
  });
});
