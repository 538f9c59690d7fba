// The shared context for "Node's bundled roots + extra CAs" is built from Node's own parsed roots
// plus the extras: it must trust exactly those, never the NODE_EXTRA_CA_CERTS of this process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as tls from 'node:tls';
import { after, before, test } from 'node:test';
import { withSharedCaContext } from '../../../src/core/tls/secureContext';
import { type IssuedCert, TestPki } from '../../tls/pki';

let pki: TestPki;
let ca: IssuedCert;
let other: IssuedCert;
let server: tls.Server;
let port = 0;

before(async () => {
  pki = new TestPki();
  ca = pki.issue({ name: 'ca', cn: 'Context Test CA', ca: true, pathlen: 0 });
  other = pki.issue({ name: 'other', cn: 'Context Other CA', ca: true, pathlen: 0 });
  const leaf = pki.issue({ name: 'leaf', cn: 'localhost', issuer: ca, san: 'DNS:localhost' });
  server = tls.createServer({ key: leaf.keyPem, cert: leaf.pem }, (socket) => socket.end());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
after(async () => {
  await new Promise((resolve) => server.close(resolve));
  pki.dispose();
});

function handshake(options: tls.ConnectionOptions): Promise<{ authorized: boolean; error?: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false, ...withSharedCaContext(options) },
      () => {
        resolve({ authorized: socket.authorized, error: socket.authorizationError?.toString() });
        socket.destroy();
      },
    );
    socket.once('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('handshake timeout')));
  });
}

test('bundled roots + an extra CA trust a server of that CA, and nothing else added', async () => {
  const withCa = [...tls.rootCertificates, ca.pem];
  assert.ok(withSharedCaContext<tls.ConnectionOptions>({ ca: withCa }).secureContext, 'a shared context is used');
  assert.deepEqual(await handshake({ ca: withCa }), { authorized: true, error: undefined });
  assert.equal((await handshake({ ca: [...tls.rootCertificates, other.pem] })).authorized, false);
});

test("this process's NODE_EXTRA_CA_CERTS does not leak into the diagnosed client's trust", async () => {
  const script = [
    "const tls = require('node:tls');",
    `const { withSharedCaContext } = require(${JSON.stringify(join(__dirname, '../../../src/core/tls/secureContext.ts'))});`,
    `const options = withSharedCaContext({ ca: [...tls.rootCertificates, ${JSON.stringify(other.pem)}] });`,
    // extras that only repeat bundled roots (NODE_EXTRA_CA_CERTS = the OS bundle) add no trust either
    "const repeated = withSharedCaContext({ ca: [...tls.rootCertificates, tls.rootCertificates[0].replace(/\\n/g, '\\r\\n')] });",
    `const connect = (o) => new Promise((r) => { const s = tls.connect({ host: '127.0.0.1', port: ${port}, servername: 'localhost', rejectUnauthorized: false, ...o }, () => { r(s.authorized); s.destroy(); }); });`,
    // control: Node's default trust in this process does include the variable
    'Promise.all([connect(options), connect(repeated), connect({})]).then(([authorized, repeatedOnly, processDefault]) => console.log(JSON.stringify({ shared: Boolean(options.secureContext), authorized, repeatedOnly, processDefault })));',
  ].join('\n');
  const out = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '-e', script],
      { env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath }, timeout: 20_000 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
  assert.deepEqual(JSON.parse(out.trim()), { shared: true, authorized: false, repeatedOnly: false, processDefault: true });
});

test('extras repeating bundled roots (an OS bundle) are skipped, the new CA among them still trusted', async () => {
  const osBundleLike = [...tls.rootCertificates, ...tls.rootCertificates.slice(0, 20).map((pem) => pem.replace(/\n/g, '\r\n')), ca.pem];
  assert.deepEqual(await handshake({ ca: osBundleLike }), { authorized: true, error: undefined });
  assert.equal((await handshake({ ca: [...tls.rootCertificates, ...tls.rootCertificates.slice(0, 20)] })).authorized, false);
});
