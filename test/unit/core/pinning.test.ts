import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import { after, before, test } from 'node:test';
import { createHttpClient, PIN_MISMATCH } from '../../../src/core/http/client';
import { errorCodes } from '../../../src/core/net/errors';
import { makeSelfSignedCert } from '../../servers/tlsCert';

let server: Server;
let url: URL;
let fingerprint: string;

before(async () => {
  const { key, cert } = makeSelfSignedCert();
  fingerprint = new X509Certificate(cert).fingerprint256;
  server = createServer({ key, cert }, (_req, res) => res.end('pinned ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = new URL(`https://127.0.0.1:${(server.address() as { port: number }).port}/`);
});
after(() => {
  server.close();
});

test('an untrusted server is reachable with its own leaf pinned', async () => {
  const http = createHttpClient();
  try {
    const res = await http({
      url,
      method: 'GET',
      signal: AbortSignal.timeout(5000),
      tls: { rejectUnauthorized: false, pinnedFingerprint256: fingerprint },
    });
    assert.equal(res.body, 'pinned ok');
  } finally {
    await http.close();
  }
});

test('a different certificate than the pinned one aborts the request', async () => {
  const http = createHttpClient();
  try {
    const wrong = fingerprint.replace(/^../, fingerprint.startsWith('00') ? '11' : '00');
    await assert.rejects(
      http({ url, method: 'GET', signal: AbortSignal.timeout(5000), tls: { rejectUnauthorized: false, pinnedFingerprint256: wrong } }),
      (err: unknown) => errorCodes(err).includes(PIN_MISMATCH),
    );
  } finally {
    await http.close();
  }
});

test('without a pin, the default trust rejects the self-signed server', async () => {
  const http = createHttpClient();
  try {
    await assert.rejects(http({ url, method: 'GET', signal: AbortSignal.timeout(5000) }), (err: unknown) =>
      errorCodes(err).includes('DEPTH_ZERO_SELF_SIGNED_CERT'),
    );
  } finally {
    await http.close();
  }
});

test('a pinned client keeps working across new connections (no resumed session without a certificate)', async () => {
  const http = createHttpClient();
  try {
    const tlsOptions = { rejectUnauthorized: false, pinnedFingerprint256: fingerprint };
    for (let i = 0; i < 3; i++) {
      const res = await http({ url, method: 'GET', headers: { connection: 'close' }, signal: AbortSignal.timeout(5000), tls: tlsOptions });
      assert.equal(res.body, 'pinned ok', `request ${i + 1}`);
    }
  } finally {
    await http.close();
  }
});
