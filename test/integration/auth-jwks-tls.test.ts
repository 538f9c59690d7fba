import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:https';
import { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHttpClient } from '../../src/core/http/client';
import { fetchJwks } from '../../src/core/jwt/jwks';
import { makeSelfSignedCert } from '../servers/tlsCert';

/** A JWKS served over TLS with a self-signed certificate for 127.0.0.1 (test/servers/tlsCert.ts, openssl at run time). */
describe('JWKS over TLS', () => {
  let cert: string;
  let server: Server;
  let url: URL;
  const http = createHttpClient();

  before(async () => {
    const made = makeSelfSignedCert();
    cert = made.cert;
    server = createServer({ key: made.key, cert }, (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          keys: [
            {
              kty: 'EC',
              crv: 'P-256',
              x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
              y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
              kid: 'tls-key',
            },
          ],
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`);
  });

  after(async () => {
    await http.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('an untrusted certificate is JWKS_UNREACHABLE with the TLS code from the error chain', async () => {
    const result = await fetchJwks(url, { http, signal: AbortSignal.timeout(5000), timeoutMs: 3000, guard: 'user-url' });
    const finding = result.findings[0];
    assert.equal(finding?.code, 'JWKS_UNREACHABLE');
    assert.equal(finding?.evidence.errorCode, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.equal(finding?.evidence.tls, true);
    assert.match(finding?.fix ?? '', /NODE_EXTRA_CA_CERTS/);
  });

  it("with the endpoint's trust (the CA added), the same JWKS loads", async () => {
    const result = await fetchJwks(url, {
      http,
      tls: () => ({ ca: [cert] }),
      signal: AbortSignal.timeout(5000),
      timeoutMs: 3000,
      guard: 'user-url',
    });
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['JWKS_OK'],
    );
    assert.equal(result.summary?.keys[0]?.kid, 'tls-key');
  });
});
