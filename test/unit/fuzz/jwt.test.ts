/**
 * Property tests for everything that reads a token someone else wrote: the decoder, the verifier
 * without keys, the redactor and the scanner. Thousands of generated inputs; no exception escapes
 * and every result is well formed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isFindingCode } from '../../../src/core/findings/catalog/index';
import { decodeToken, MAX_TOKEN_LENGTH } from '../../../src/core/jwt/decode';
import { verifyToken } from '../../../src/core/jwt/verify';
import { systemClock } from '../../../src/core/pipeline/types';
import { redactText } from '../../../src/core/redact/deep';
import { describeSecret, redactSecret } from '../../../src/core/redact/secret';
import { scanTokens } from '../../../src/core/scan/tokenScan';

const b64 = (value: string | Uint8Array) => Buffer.from(value).toString('base64url');

/** A JSON value, possibly deeply nested, possibly with prototype-ish keys. */
const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 1, max: 20_000 }).map((d) => JSON.parse(`${'['.repeat(Math.min(d, 60))}${']'.repeat(Math.min(d, 60))}`) as unknown),
  fc.constant({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }),
);

/** One token segment: base64url of JSON, of raw bytes, or arbitrary text. */
const segment = fc.oneof(
  jsonish.map((v) => b64(JSON.stringify(v))),
  fc
    .dictionary(fc.constantFrom('alg', 'kid', 'typ', 'jku', 'x5u', 'enc', 'crit', '__proto__'), fc.jsonValue({ maxDepth: 2 }))
    .map((h) => b64(JSON.stringify(h))),
  fc.uint8Array({ maxLength: 64 }).map(b64),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 100, max: 20_000 }).map((d) => b64(`{"alg":"HS256","a":${'['.repeat(d)}${']'.repeat(d)}}`)),
);

const tokenish = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')),
  fc
    .tuple(fc.constantFrom('', 'Bearer ', 'Authorization: Bearer ', '"', "'", ' \n'), fc.array(segment, { minLength: 3, maxLength: 3 }))
    .map(([pre, parts]) => `${pre}${parts.join('.')}${pre.trim().startsWith('"') || pre === "'" ? pre : ''}`),
);

describe('fuzz: JWT decoding, verification and redaction', () => {
  it('decodeToken never throws; kinds, lengths, fingerprints and findings are well formed', () => {
    fc.assert(
      fc.property(tokenish, (input) => {
        const decoded = decodeToken(input);
        assert.ok(['jws', 'jwe', 'opaque', 'malformed'].includes(decoded.kind));
        assert.ok(decoded.length >= 0 && decoded.length <= input.length);
        if (decoded.length > 0) assert.match(decoded.fingerprint, /^[0-9a-f]{12}$/);
        assert.ok(decoded.findings.every((f) => isFindingCode(f.code)));
        if (decoded.kind === 'jws') assert.equal(typeof decoded.header?.alg, 'string');
        if (decoded.kind === 'malformed') assert.equal(typeof decoded.problem, 'string');
        assert.doesNotThrow(() => JSON.stringify(decoded));
        assert.equal(({} as Record<string, unknown>).polluted, undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('tokens longer than the limit are refused without being parsed', () => {
    const huge = `${b64('{"alg":"HS256"}')}.${'A'.repeat(MAX_TOKEN_LENGTH)}.sig`;
    const decoded = decodeToken(huge);
    assert.equal(decoded.kind, 'malformed');
    assert.match(String(decoded.problem), /characters long/);
  });

  it('verifyToken without keys never rejects, and reports every token as unverified or malformed', async () => {
    await fc.assert(
      fc.asyncProperty(tokenish, async (input) => {
        const result = await verifyToken(input, { clock: systemClock, signal: AbortSignal.timeout(5000), timeoutMs: 1000 });
        assert.notEqual(result.verified, true);
        assert.ok(result.findings.every((f) => isFindingCode(f.code)));
        assert.doesNotThrow(() => JSON.stringify(result));
      }),
      { numRuns: 400 },
    );
  });

  it('redaction never throws and never repeats a signature or an opaque secret', () => {
    fc.assert(
      fc.property(tokenish, fc.string({ maxLength: 40 }), (token, context) => {
        const described = describeSecret(token);
        assert.match(described.fingerprint, /^sha256:[0-9a-f]{8}$/);
        const redacted = redactSecret(token);
        assert.match(redacted, /^\[redacted /);
        const parts = token.split('.');
        if (parts.length === 3 && (parts[2] ?? '').length >= 8) assert.ok(!redacted.includes(parts[2] as string));
        if (token.length >= 8 && !token.includes('.')) assert.ok(!redacted.includes(token));
        const text = `${context} ${token} ${context}`;
        const out = redactText(text, { secrets: [token] });
        if (token.length >= 6) assert.ok(!out.includes(token), 'a known secret survived redaction');
      }),
      { numRuns: 3000 },
    );
  });

  it('the token scanner returns ordered, in-bounds, non-overlapping spans on any text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(tokenish, fc.string({ maxLength: 30 })), { maxLength: 6 }), (pieces) => {
        const text = pieces.join(' ');
        const { tokens } = scanTokens(text);
        let last = 0;
        for (const t of tokens) {
          assert.ok(t.start >= last && t.end > t.start && t.end <= text.length, JSON.stringify(t));
          last = t.end;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
