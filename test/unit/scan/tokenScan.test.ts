import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanTokens, tokenAt } from '../../../src/core/scan/tokenScan';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const jws = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ sub: 'alice', exp: 1 })}.c2lnbmF0dXJlLWJ5dGVz`;
const jwe = `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.ZW5jcnlwdGVka2V5.aXYtYnl0ZXM.Y2lwaGVydGV4dA.dGFnLWJ5dGVz`;

function found(text: string): string[] {
  return scanTokens(text).tokens.map((t) => `${t.kind}:${text.slice(t.start, t.end)}`);
}

describe('scanTokens', () => {
  it('finds a JWS in the places people paste them', () => {
    for (const text of [
      `TOKEN=${jws}\n`,
      `{"access_token":"${jws}"}`,
      `Authorization: Bearer ${jws}`,
      `see https://x.test/cb?token=${jws}&state=1`,
      `The token is ${jws}.`,
      `\`${jws}\``,
    ]) {
      assert.deepEqual(found(text), [`jws:${jws}`], text);
    }
  });

  it('recognises JWE (five segments) and unsecured JWS (empty signature)', () => {
    const unsecured = `${b64({ alg: 'none' })}.${b64({ sub: 'x' })}.`;
    assert.deepEqual(found(`a ${jwe} b`), [`jwe:${jwe}`]);
    assert.deepEqual(found(`a ${unsecured} b`), [`jws:${unsecured}`]);
  });

  it('reports opaque bearer values, but not plain words or short values', () => {
    assert.deepEqual(found('Authorization: Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a=='), [
      'opaque:gho_16C7e42F292c6912E7710c838347Ae178B4a==',
    ]);
    assert.deepEqual(found('authorization: bearer   abc'), []);
    assert.deepEqual(found('the bearer of bad news is here'), []);
    assert.deepEqual(found('lorem ipsum dolor sit amet, eyJ is just three letters'), []);
  });

  it('finds several tokens in order and honours maxTokens', () => {
    const text = `${jws} and ${jwe} and ${jws}`;
    assert.deepEqual(
      scanTokens(text).tokens.map((t) => t.kind),
      ['jws', 'jwe', 'jws'],
    );
    assert.equal(scanTokens(text, { maxTokens: 1 }).tokens.length, 1);
  });

  it('finds a whole token that straddles the scanned range', () => {
    const text = `${'x '.repeat(50)}${jws}${' y'.repeat(50)}`;
    const middle = 100 + Math.floor(jws.length / 2);
    const { tokens } = scanTokens(text, { start: middle, end: middle + 3 });
    assert.deepEqual(tokens, [{ start: 100, end: 100 + jws.length, kind: 'jws' }]);
  });

  it('tokenAt returns the token under an offset, and nothing next to it', () => {
    const text = `KEY=${jws} # comment`;
    assert.deepEqual(tokenAt(text, 10), { start: 4, end: 4 + jws.length, kind: 'jws' });
    assert.equal(tokenAt(text, 1), undefined);
    assert.equal(tokenAt(text, text.length - 2), undefined);
  });

  it('skips runs longer than maxTokenLength', () => {
    assert.deepEqual(scanTokens(`x ${jws} y`, { maxTokenLength: 20 }).tokens, []);
  });
});

describe('scanTokens on adversarial input stays linear (counted steps, not time)', () => {
  const cases: Record<string, (n: number) => string> = {
    'one long base64url run': (n) => 'A'.repeat(n),
    'repeated eyJ': (n) => 'eyJ'.repeat(Math.ceil(n / 3)),
    'repeated eyJ.': (n) => 'eyJ.'.repeat(Math.ceil(n / 4)),
    'dots only': (n) => '.'.repeat(n),
    'repeated Bearer': (n) => 'Bearer '.repeat(Math.ceil(n / 7)),
    'near-miss tokens': (n) => `eyJhbGciOiJIUzI1NiJ9.eyJ.`.repeat(Math.ceil(n / 25)),
    'many small tokens': (n) => `${jws} `.repeat(Math.ceil(n / (jws.length + 1))),
  };
  for (const [name, make] of Object.entries(cases)) {
    it(name, () => {
      const small = make(10_000);
      const large = make(100_000);
      // No length cap, so every run is fully classified.
      const options = { maxTokens: Infinity, maxTokenLength: Infinity };
      const stepsSmall = scanTokens(small, options).steps;
      const stepsLarge = scanTokens(large, options).steps;
      assert.ok(stepsLarge <= 4 * large.length + 64, `${stepsLarge} steps for ${large.length} chars`);
      // Ten times the input costs about ten times the steps (quadratic would be a hundred).
      assert.ok(stepsLarge / stepsSmall < 12, `ratio ${stepsLarge / stepsSmall}`);
    });
  }
});
