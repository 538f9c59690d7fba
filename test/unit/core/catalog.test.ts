import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalog, findingCodes, isFindingCode } from '../../../src/core/findings/catalog/index';
import { makeFinding, sortFindings } from '../../../src/core/findings/finding';
import { dnsEvidence, internalEvidence, refusedEvidence } from './sampleEvidence';

test('every catalog code has a title, cause and fix, with or without evidence', () => {
  assert.ok(findingCodes.length > 10);
  for (const code of findingCodes) {
    const entry = catalog[code];
    assert.match(code, /^[A-Z][A-Z0-9_]+$/, code);
    for (const evidence of [{}, { path: '/x', host: 'h', port: 1, errorCode: 'E' }]) {
      // The wording must survive any evidence, so the entry is called directly (makeFinding takes only a code's own evidence).
      const title = typeof entry.title === 'function' ? entry.title(evidence) : entry.title;
      assert.ok(title.trim().length > 3, `${code} title`);
      assert.doesNotMatch(title, /undefined|\[object Object\]/, code);
      assert.ok(entry.cause(evidence).trim().length > 15, `${code} cause`);
      assert.ok(entry.fix(evidence).trim().length > 15, `${code} fix`);
      assert.doesNotMatch(entry.cause(evidence) + entry.fix(evidence), /undefined|\[object Object\]/, code);
    }
  }
});

test('makeFinding fills catalog wording from the evidence', () => {
  const f = makeFinding('CONFIG_CA_FILE_MISSING', { path: '/etc/certs/ca.pem', errorCode: 'ENOENT' });
  assert.equal(f.severity, 'error');
  assert.equal(f.step, 'config');
  assert.match(f.cause, /\/etc\/certs\/ca\.pem/);
  assert.match(f.cause, /ENOENT/);
});

test('isFindingCode rejects prototype keys and unknown codes', () => {
  assert.equal(isFindingCode('NET_DNS_FAILED'), true);
  assert.equal(isFindingCode('toString'), false);
  assert.equal(isFindingCode('__proto__'), false);
  assert.equal(isFindingCode('NOPE'), false);
});

test('sortFindings puts errors first and keeps pipeline order within a severity', () => {
  const dns = makeFinding('NET_DNS_FAILED', dnsEvidence);
  const warn = makeFinding('INTERNAL_ERROR', internalEvidence);
  const refused = makeFinding('NET_CONNECTION_REFUSED', refusedEvidence);
  assert.deepEqual(
    sortFindings([warn, dns, refused]).map((f) => f.code),
    ['NET_DNS_FAILED', 'NET_CONNECTION_REFUSED', 'INTERNAL_ERROR'],
  );
});
