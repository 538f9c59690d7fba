import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAcceptableCas } from '../../../src/core/mtls/acceptableCas';
import { normaliseDn } from '../../../src/core/mtls/clientCert';

test('the acceptable client CA names are read from s_client output, up to the next section', () => {
  const output = [
    'Server certificate',
    'subject=CN = localhost',
    '---',
    'Acceptable client certificate CA names',
    'O = Acme, CN = Acme Client CA',
    'CN = Partner CA',
    'Requested Signature Algorithms: ECDSA+SHA256',
    'Shared Requested Signature Algorithms: ECDSA+SHA256',
    '---',
  ].join('\n');
  assert.deepEqual(parseAcceptableCas(output), { cas: ['O = Acme, CN = Acme Client CA', 'CN = Partner CA'] });
  assert.deepEqual(parseAcceptableCas('---\nNo client certificate CA names sent\n---')?.cas, []);
  assert.equal(parseAcceptableCas('CONNECTED(00000003)\n---'), undefined);
});

test('openssl and Node spellings of a distinguished name compare equal', () => {
  assert.equal(normaliseDn('O = Acme, CN = Acme Client CA'), normaliseDn('O=Acme\nCN=Acme Client CA'));
  assert.notEqual(normaliseDn('CN = Acme Client CA'), normaliseDn('O=Acme\nCN=Acme Client CA'));
});

test('a client certificate path that is a FIFO or a directory is reported, not read forever', async () => {
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { loadClientCert } = await import('../../../src/core/mtls/clientCert');
  const dir = mkdtempSync(join(tmpdir(), 'mcpd-cc-'));
  try {
    const fifo = join(dir, 'cert.pem');
    execFileSync('mkfifo', [fifo]);
    for (const config of [{ certFile: fifo, keyFile: fifo }, { pfxFile: fifo }, { pfxFile: dir }]) {
      const result = await loadClientCert(config);
      assert.ok('code' in result && result.code === 'TLS_CLIENT_CERT_UNUSABLE', JSON.stringify(result));
      assert.equal(result.evidence.errorCode, 'ENOTREG');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
