import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestErrorCode, requestErrorText } from '../../../src/core/http/requestError';

test('a failed request always has a code: the innermost cause code, else the error class (a timeout has a numeric code)', () => {
  const wrapped = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }) });
  assert.equal(requestErrorCode(wrapped), 'ECONNREFUSED');
  assert.equal(requestErrorCode(new DOMException('The operation timed out.', 'TimeoutError')), 'TimeoutError');
  assert.equal(requestErrorCode(new Error('plain')), 'UNKNOWN');
  assert.equal(requestErrorCode(undefined), 'UNKNOWN');
});

test('codes read as plain words; unknown ones still say the request got no response', () => {
  assert.match(requestErrorText('ECONNREFUSED'), /connection refused/);
  assert.match(requestErrorText('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), /TLS/);
  assert.match(requestErrorText('EWHATEVER'), /before any response/);
});
