import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeToken, normalizeToken } from '../../../src/core/jwt/decode';
import { humanDuration, relativeTime } from '../../../src/core/jwt/duration';
import { codes } from '../../support/findings';

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const jws = (header: unknown, claims: unknown, signature = 'c2ln') => `${b64(header)}.${b64(claims)}.${signature}`;
const decodedCodes = (input: string) => codes(decodeToken(input));

describe('decodeToken', () => {
  it('decodes header and claims and notes the signature', () => {
    const decoded = decodeToken(jws({ alg: 'RS256', kid: 'k' }, { sub: 'u', exp: 1 }));
    assert.equal(decoded.kind, 'jws');
    assert.deepEqual(decoded.header, { alg: 'RS256', kid: 'k' });
    assert.deepEqual(decoded.claims, { sub: 'u', exp: 1 });
    assert.equal(decoded.signaturePresent, true);
    assert.deepEqual(decoded.findings, []);
    assert.match(decoded.fingerprint, /^[0-9a-f]{12}$/);
  });

  it('strips Bearer, Authorization:, quotes and surrounding whitespace', () => {
    const token = jws({ alg: 'RS256' }, { a: 1 });
    for (const input of [`Bearer ${token}`, `  bearer   ${token}\n`, `Authorization: Bearer ${token}`, `"${token}"`, `'Bearer ${token}'`]) {
      assert.equal(normalizeToken(input), token, input);
      assert.equal(decodeToken(input).kind, 'jws');
    }
  });

  it('5 parts with enc is an encrypted JWT', () => {
    const decoded = decodeToken(`${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`);
    assert.equal(decoded.kind, 'jwe');
    assert.deepEqual(decodedCodes(`${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`), ['JWT_ENCRYPTED']);
  });

  it('a long token68 string without JSON header is opaque', () => {
    assert.equal(decodeToken('gho_16C7e42F292c6912E7710c838347Ae178B4a').kind, 'opaque');
    assert.deepEqual(decodedCodes('ya29.a0AfH6SMBx3Qx9lZ8kq'), ['JWT_OPAQUE']);
  });

  it('garbage is malformed, with a reason that never quotes the token', () => {
    for (const input of [
      '',
      'x',
      'a b',
      '{"alg":"none"}',
      `${b64({ alg: 'RS256' })}.${b64({})}`,
      `${b64({ typ: 'JWT' })}.${b64({})}.c2ln`,
      `${b64({ alg: 'RS256' })}.a b.c`,
    ]) {
      const decoded = decodeToken(input);
      assert.equal(decoded.kind, 'malformed', input);
      assert.deepEqual(decodedCodes(input), ['JWT_MALFORMED']);
      assert.ok(decoded.problem && (input.length < 4 || !decoded.problem.includes(input)));
    }
  });

  it('rejects non-canonical and padded base64url that lenient decoders accept', () => {
    const token = jws({ alg: 'HS256' }, { a: 1 });
    const [h, p] = token.split('.');
    assert.equal(decodeToken(`${h}.${p}=.c2ln`).kind, 'malformed');
    assert.equal(decodeToken(`${h}.${p}.c2lu`).kind, 'jws');
    assert.equal(decodeToken(`${h}.${p}.c2lv`).kind, 'jws');
    assert.equal(decodeToken(`${h}.AB.c2ln`).kind, 'malformed', 'AB has non-zero unused bits');
  });

  it('a signed payload that is not claims stays a JWS but is flagged', () => {
    const decoded = decodeToken(`${b64({ alg: 'RS256' })}.${b64('hello')}.c2ln`);
    assert.equal(decoded.kind, 'jws');
    assert.equal(decoded.claims, undefined);
    assert.deepEqual(decodedCodes(`${b64({ alg: 'RS256' })}.${b64('hello')}.c2ln`), ['JWT_MALFORMED']);
  });

  it('flags alg none and key-bearing headers from the text alone', () => {
    assert.deepEqual(decodedCodes(`${b64({ alg: 'none' })}.${b64({ a: 1 })}.`), ['JWT_ALG_NONE']);
    assert.deepEqual(decodedCodes(`${b64({ alg: 'NONE' })}.${b64({ a: 1 })}.`), ['JWT_ALG_NONE']);
    const jku = decodeToken(jws({ alg: 'RS256', jku: 'https://evil.example/jwks' }, { a: 1 }));
    assert.deepEqual(
      jku.findings.map((f) => f.code),
      ['JWT_UNSAFE_HEADER'],
    );
    assert.deepEqual(jku.findings[0]?.evidence.urls, ['https://evil.example/jwks']);
    assert.deepEqual(decodedCodes(jws({ alg: 'RS256', kid: '../../dev/null' }, { a: 1 })), ['JWT_UNSAFE_HEADER']);
  });

  it('refuses absurdly long input without parsing it', () => {
    const decoded = decodeToken('a'.repeat(200_000));
    assert.equal(decoded.kind, 'malformed');
  });

  it('never throws and always returns a well-formed result (fuzz)', () => {
    const segment = fc.oneof(
      fc.string(),
      fc.base64String().map((s) => s.replace(/=/g, '')),
      fc.json().map(b64),
    );
    const tokenish = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.'));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), tokenish), (input) => {
        const decoded = decodeToken(input);
        assert.ok(['jws', 'jwe', 'opaque', 'malformed'].includes(decoded.kind));
        assert.ok(decoded.findings.every((f) => typeof f.cause === 'string'));
        JSON.stringify(decoded);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('humanDuration', () => {
  it('uses at most two units, rounded down', () => {
    assert.equal(humanDuration(3 * 3600_000), '3 hours');
    assert.equal(humanDuration(3 * 3600_000 + 20 * 60_000 + 5000), '3 hours 20 minutes');
    assert.equal(humanDuration(-61_000), '1 minute 1 second');
    assert.equal(humanDuration(500), 'less than a second');
    assert.equal(humanDuration(2 * 86_400_000 + 3600_000), '2 days 1 hour');
    assert.equal(humanDuration(86_400_000 + 30_000), '1 day', 'a gap unit ends the phrase');
    assert.equal(humanDuration(Number.NaN), 'an unknown time');
  });

  it('relativeTime says ago or in', () => {
    assert.equal(relativeTime(0, 3 * 3600_000), '3 hours ago');
    assert.equal(relativeTime(5 * 60_000, 0), 'in 5 minutes');
    assert.equal(relativeTime(100, 0), 'now');
  });
});
