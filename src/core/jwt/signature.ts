import { compactVerify, type CompactVerifyGetKey, createLocalJWKSet, type JWK, type JWSAlgorithm } from 'jose';
import { makeFinding, type Finding } from '../findings/finding';
import { errorCode } from '../net/errors';
import { forgedWithPublicKey, isHmacAlg } from './hmac';
import { algorithmsForKey } from './jwks';
import { type ResolvedKeys } from './keys';
import { type VerifiedKey } from './types';

export interface SignatureOutcome {
  readonly verified: VerifiedKey | false;
  readonly findings: readonly Finding[];
}

/**
 * Checks the signature of a compact JWS with algorithms pinned by the keys. Keys never come from
 * the token (jwk/jku/x5u/x5c are ignored). Never throws: every failure becomes a finding.
 */
export async function verifySignature(
  token: string,
  header: Readonly<Record<string, unknown>>,
  keys: ResolvedKeys,
): Promise<SignatureOutcome> {
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const context: FailureContext = { alg, kid, keys };
  if (alg.toLowerCase() === 'none') return { verified: false, findings: [] };
  if (keys.kind === 'asymmetric' && isHmacAlg(alg)) return confusion(token, context);
  try {
    const matchedKid =
      keys.kind === 'secret'
        ? await verifyWithSecret(token, keys)
        : await verifyWithJwks(token, alg, keys.singleKey ? undefined : kid, keys);
    return { verified: { alg, kid: matchedKid ?? kid, jwksUrl: keys.jwksUrl, source: keys.source }, findings: [] };
  } catch (err) {
    return { verified: false, findings: [classifyFailure(err, context)] };
  }
}

async function verifyWithSecret(token: string, keys: ResolvedKeys): Promise<string | undefined> {
  await compactVerify(token, keys.secret ?? new Uint8Array(), { algorithms: pinned(keys) });
  return undefined;
}

/** Returns the kid of the key that verified. Several candidate keys (no kid in the token) are tried in turn. */
async function verifyWithJwks(token: string, alg: string, kid: string | undefined, keys: ResolvedKeys): Promise<string | undefined> {
  const jwks = keys.jwks ?? { keys: [] };
  const candidates = usableKeys(jwks.keys, alg, kid);
  const local = createLocalJWKSet(jwks);
  // A single user-chosen key verifies regardless of the token's kid: look it up as if there were none.
  const resolver: CompactVerifyGetKey = kid === undefined ? (header, input) => local({ ...header, kid: undefined }, input) : local;
  try {
    await compactVerify(token, resolver, { algorithms: pinned(keys) });
    return kid ?? candidates[0]?.kid;
  } catch (err) {
    if (errorCode(err) !== 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw err;
  }
  let lastError: unknown;
  for (const candidate of candidates.slice(0, 20)) {
    try {
      await compactVerify(token, createLocalJWKSet({ keys: [candidate] }), { algorithms: pinned(keys) });
      return candidate.kid;
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** The keys jose's local JWKS would consider for this alg and kid (same rules, to name the match). */
export function usableKeys(keys: readonly JWK[], alg: string, kid: string | undefined): JWK[] {
  return keys.filter(
    (key) =>
      algorithmsForKey(key.kty, key.crv).includes(alg) &&
      (kid === undefined || key.kid === kid) &&
      (key.alg === undefined || key.alg === alg) &&
      (key.use === undefined || key.use === 'sig') &&
      (key.key_ops === undefined || (Array.isArray(key.key_ops) && key.key_ops.includes('verify'))),
  );
}

function pinned(keys: ResolvedKeys): JWSAlgorithm[] {
  return [...keys.algorithms] as JWSAlgorithm[];
}

interface FailureContext {
  readonly alg: string;
  readonly kid?: string;
  readonly keys: ResolvedKeys;
}

function confusion(token: string, { alg, kid, keys }: FailureContext): SignatureOutcome {
  const forgedKid = forgedWithPublicKey(token, alg, keys.jwks?.keys ?? []);
  const evidence = { alg, kid, allowed: keys.algorithms, jwksUrl: keys.jwksUrl, forgedWithPublicKey: forgedKid };
  return { verified: false, findings: [makeFinding('JWT_ALG_CONFUSION', evidence)] };
}

function classifyFailure(err: unknown, { alg, kid, keys }: FailureContext): Finding {
  const code = errorCode(err);
  const base = { alg, kid, jwksUrl: keys.jwksUrl, source: keys.source };
  switch (code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return makeFinding('JWT_ALG_NOT_ALLOWED', { ...base, allowed: keys.algorithms });
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return noMatchingKey(base, keys);
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return makeFinding('JWT_SIGNATURE_INVALID', base);
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return makeFinding('JWT_MALFORMED', { problem: 'The token is not a valid compact JWS (jose: ERR_JWS_INVALID).' });
    case 'ERR_JOSE_NOT_SUPPORTED':
      return makeFinding('JWT_ALG_NOT_ALLOWED', { ...base, allowed: keys.algorithms, unsupported: true });
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
      return makeFinding('JWKS_INVALID', { url: keys.jwksUrl, problem: 'contains a key that cannot be imported' });
    default:
      return makeFinding('JWT_KEY_UNUSABLE', {
        ...base,
        errorCode: code,
        detail: err instanceof Error ? err.message.slice(0, 200) : undefined,
      });
  }
}

function noMatchingKey(base: Record<string, unknown>, keys: ResolvedKeys): Finding {
  const all = keys.jwks?.keys ?? [];
  const kids = all.map((k) => k.kid).filter((k): k is string => typeof k === 'string');
  const sameKid = all.find((k) => base.kid !== undefined && k.kid === base.kid);
  if (sameKid) {
    const keyFacts = { keyAlg: sameKid.alg, keyUse: sameKid.use, keyType: sameKid.kty };
    return makeFinding('JWT_ALG_NOT_ALLOWED', { ...base, allowed: keys.algorithms, ...keyFacts });
  }
  return makeFinding('JWKS_KID_NOT_FOUND', { ...base, kids: kids.slice(0, 20), keyCount: all.length });
}
