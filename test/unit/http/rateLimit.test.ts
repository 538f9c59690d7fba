import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRateLimit } from '../../../src/core/http/rateLimit';

describe('parseRateLimit', () => {
  const now = Date.parse('2025-06-01T12:00:00Z');

  it('reads Retry-After as seconds', () => {
    assert.deepEqual(parseRateLimit({ 'retry-after': '120' }, now), { retryAfterSeconds: 120 });
  });

  it('reads Retry-After as an HTTP date relative to now', () => {
    assert.equal(parseRateLimit({ 'retry-after': 'Sun, 01 Jun 2025 12:00:45 GMT' }, now).retryAfterSeconds, 45);
  });

  it('falls back to a delta-seconds RateLimit-Reset and lists the RateLimit headers', () => {
    const info = parseRateLimit({ 'ratelimit-limit': '10', 'ratelimit-remaining': '0', 'ratelimit-reset': '30' }, now);
    assert.equal(info.retryAfterSeconds, 30);
    assert.equal(info.rateLimit, 'limit=10, remaining=0, reset=30');
  });

  it('ignores an epoch X-RateLimit-Reset as a wait time', () => {
    const info = parseRateLimit({ 'x-ratelimit-reset': '1748779245' }, now);
    assert.equal(info.retryAfterSeconds, undefined);
    assert.equal(info.rateLimit, 'reset=1748779245');
  });
});
