import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { parseServerFlight } from '../../../src/core/tls/serverFlight';

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
function u24(n: number): Buffer {
  const b = Buffer.alloc(3);
  b.writeUIntBE(n, 0, 3);
  return b;
}
function record(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 3, 3]), u16(body.length), body]);
}
function message(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), u24(body.length), body]);
}
function serverHello(cipher: number, selectedVersion?: number): Buffer {
  const extensions = selectedVersion ? Buffer.concat([u16(0x002b), u16(2), u16(selectedVersion)]) : Buffer.alloc(0);
  return message(
    2,
    Buffer.concat([u16(0x0303), randomBytes(32), Buffer.from([0]), u16(cipher), Buffer.from([0]), u16(extensions.length), extensions]),
  );
}
function certificate(ders: Buffer[]): Buffer {
  const list = Buffer.concat(ders.map((d) => Buffer.concat([u24(d.length), d])));
  return message(11, Buffer.concat([u24(list.length), list]));
}

test('TLS 1.2 flight: version, cipher, certificates and the CertificateRequest, even split across records', () => {
  const handshake = Buffer.concat([
    serverHello(0xc02f),
    certificate([Buffer.from('leaf-der'), Buffer.from('ca-der')]),
    message(13, Buffer.from([1, 1, 0, 0, 0, 0])),
    message(14, Buffer.alloc(0)),
  ]);
  const bytes = Buffer.concat([
    record(22, handshake.subarray(0, 50)),
    record(22, handshake.subarray(50)),
    record(21, Buffer.from([2, 40])),
  ]);
  const flight = parseServerFlight(bytes);
  assert.equal(flight.version, 'TLSv1.2');
  assert.equal(flight.cipherSuite, '0xc02f');
  assert.deepEqual(
    flight.certificates.map((c) => c.toString()),
    ['leaf-der', 'ca-der'],
  );
  assert.equal(flight.certificateRequested, true);
  assert.deepEqual(flight.alert, { level: 'fatal', description: 'handshake_failure' });
});

test('an alert before any ServerHello: no version, no certificate, no request', () => {
  const flight = parseServerFlight(record(21, Buffer.from([2, 70])));
  assert.deepEqual(flight, {
    certificates: [],
    certificateRequested: false,
    alert: { level: 'fatal', description: 'protocol_version' },
    encrypted: false,
  });
});

test('TLS 1.3: the supported_versions extension wins, and what follows the ServerHello is not read', () => {
  const bytes = Buffer.concat([
    record(22, serverHello(0x1301, 0x0304)),
    record(20, Buffer.from([1])),
    record(23, randomBytes(40)),
    record(22, message(13, Buffer.alloc(4))),
  ]);
  const flight = parseServerFlight(bytes);
  assert.equal(flight.version, 'TLSv1.3');
  assert.equal(flight.encrypted, true);
  assert.equal(flight.certificateRequested, false);
});

test('hostile input: truncated and random bytes never throw', () => {
  const good = Buffer.concat([record(22, Buffer.concat([serverHello(0xc02f), certificate([randomBytes(100)])]))]);
  for (let cut = 0; cut < good.length; cut += 7) assert.doesNotThrow(() => parseServerFlight(good.subarray(0, cut)));
  for (let i = 0; i < 200; i++)
    assert.doesNotThrow(() => parseServerFlight(Buffer.concat([Buffer.from([22, 3, 3]), randomBytes(1 + (i % 300))])));
  const lying = record(22, Buffer.concat([Buffer.from([11]), u24(0xffffff), Buffer.alloc(10)]));
  assert.deepEqual(parseServerFlight(lying).certificates, []);
});
