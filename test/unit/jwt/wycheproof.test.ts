import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type JWK } from 'jose';
import { verifyToken } from '../../../src/core/jwt/verify';
import { type KeySource } from '../../../src/core/jwt/types';
import { requires, WYCHEPROOF_JWS } from '../../support/requires';

/**
 * C2SP Wycheproof JWS vectors (Apache-2.0), verified with algorithms pinned by the key. Our verdict
 * must equal the vector's expected result, except for the documented differences below.
 */
const VECTORS = WYCHEPROOF_JWS;

/** tcId → why our verdict (invalid) differs from the vector's label (valid). Each is deliberate. */
const DOCUMENTED_DIFFERENCES: Record<number, string> = {
  346: 'rfc7520 Figure20: token alg PS384, key declares alg PS256. Pinning algorithms to the key (RFC 8725 §3.1) rejects it.',
  350: 'rfc7520WithKeyOps Figure20: same PS384 token against a key declared PS256; pinned algorithms reject it.',
  347: 'rfc7520 Figure27: key declares alg "ES521", which is not a JWS algorithm (ES512 is); the key pins nothing usable.',
  351: 'rfc7520WithKeyOps Figure27: same "ES521" key alg; no algorithm is allowed for it.',
  372: 'base64 InvalidCharacterInsertedInHeader: "?" inside the header is not base64url; strict decoding rejects what lenient decoders skip.',
  373: 'base64 InvalidCharacterInsertedInPayload: "?" inside the payload; same strict base64url rule.',
  367: 'base64 invalidBase64Padding: labelled invalid, but byte-identical to #357 (labelled valid); the padding it names is not in the distributed vector.',
  370: 'base64 invalidBase64PaddingInPayload: labelled invalid, but byte-identical to #357 as well.',
};
/** The vectors whose label contradicts an identical valid vector (checked below, so the excuse stays true). */
const IDENTICAL_TO_357 = [367, 370];

interface Vector {
  tcId: number;
  comment: string;
  jws: unknown;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface Group {
  comment: string;
  public?: JWK;
  private?: JWK;
  tests: Vector[];
}

function keySourceFor(group: Group): KeySource {
  if (group.public) return { jwks: { keys: [group.public] } };
  return { jwk: group.private as JWK };
}

describe('Wycheproof JWS vectors', () => {
  if (!existsSync(VECTORS)) {
    it('skipped', { skip: requires('wycheproof-vectors') }, () => {});
    return;
  }
  const data = JSON.parse(readFileSync(VECTORS, 'utf8')) as { numberOfTests: number; testGroups: Group[] };
  const clock = { now: () => Date.UTC(2025, 0, 1) };

  it('agrees with every vector except the documented differences', async () => {
    const disagreements: string[] = [];
    const documented: number[] = [];
    let count = 0;
    for (const group of data.testGroups) {
      for (const vector of group.tests) {
        count++;
        const token = typeof vector.jws === 'string' ? vector.jws : JSON.stringify(vector.jws);
        const result = await verifyToken(token, {
          keySource: keySourceFor(group),
          clock,
          signal: AbortSignal.timeout(10_000),
          timeoutMs: 5000,
        });
        const ours = result.verified !== false ? 'valid' : 'invalid';
        if (vector.result === 'acceptable' || ours === vector.result) continue;
        if (DOCUMENTED_DIFFERENCES[vector.tcId]) documented.push(vector.tcId);
        else disagreements.push(`#${vector.tcId} ${group.comment}/${vector.comment}: expected ${vector.result}, got ${ours}`);
      }
    }
    assert.equal(count, data.numberOfTests);
    assert.deepEqual(disagreements, []);
    // Every documented difference must still be real; a stale entry would hide a regression.
    assert.deepEqual(
      documented.sort((a, b) => a - b),
      Object.keys(DOCUMENTED_DIFFERENCES)
        .map(Number)
        .sort((a, b) => a - b),
    );
  });

  it('documents only real contradictions: #367 and #370 are the same bytes as valid #357', () => {
    const byId = new Map(data.testGroups.flatMap((g) => g.tests).map((t) => [t.tcId, t.jws]));
    for (const id of IDENTICAL_TO_357) assert.equal(byId.get(id), byId.get(357));
  });

  it('never accepts alg none, embedded keys or symmetric confusion', async () => {
    const attacks = data.testGroups
      .flatMap((g) => g.tests.map((t) => ({ g, t })))
      .filter(({ t }) => /None|EmbeddedJwk|Confusion/i.test(t.comment));
    assert.ok(attacks.length >= 5);
    for (const { g, t } of attacks) {
      const result = await verifyToken(String(t.jws), {
        keySource: keySourceFor(g),
        clock,
        signal: AbortSignal.timeout(10_000),
        timeoutMs: 5000,
      });
      assert.equal(result.verified, false, `#${t.tcId} ${t.comment}`);
    }
  });
});
