import { makeFinding, type Finding } from '../findings/finding';
import { errorCode } from '../net/errors';
import { checkClaims } from './claims';
import { decodeToken, normalizeToken } from './decode';
import { findsCommonSecret, isHmacAlg } from './hmac';
import { resolveKeys, type KeyResolution } from './keys';
import { verifySignature, type SignatureOutcome } from './signature';
import { type DecodedToken, type KeySource, type TokenVerification, type VerifyOptions } from './types';

/** HMAC secrets shorter than this (bytes) are guessable offline (RFC 7518 §3.2 wants ≥ the hash size). */
const MIN_SECRET_BYTES = 32;

/**
 * Decodes, verifies and checks a token against the keys and expectations given. Algorithms are pinned
 * by the keys, keys never come from the token, every claim problem is reported (not just the first),
 * and a token with no key to check it against is reported as unverified, never as valid. Never throws.
 */
export async function verifyToken(input: string, options: VerifyOptions): Promise<TokenVerification> {
  const decoded = decodeToken(input);
  try {
    return await verifyDecoded(normalizeToken(input), decoded, options);
  } catch (err) {
    const internal = makeFinding(
      'INTERNAL_ERROR',
      { step: 'jwt', errorCode: errorCode(err), message: err instanceof Error ? err.message.slice(0, 200) : '' },
      { step: 'jwt' },
    );
    return { ...baseResult(decoded), findings: [...decoded.findings, internal] };
  }
}

function baseResult(decoded: DecodedToken): TokenVerification {
  const { kind, header, claims, length, fingerprint } = decoded;
  return {
    kind,
    header,
    claims,
    length,
    fingerprint,
    verified: false,
    scopesGranted: [],
    scopesRequired: [],
    attempts: [],
    findings: decoded.findings,
  };
}

async function verifyDecoded(token: string, decoded: DecodedToken, options: VerifyOptions): Promise<TokenVerification> {
  const base = baseResult(decoded);
  if (decoded.kind !== 'jws' || !decoded.header) return base;
  const header = decoded.header;
  const resolution = options.keySource ? await resolveKeys(options.keySource, options) : undefined;
  const signature = await checkSignature(token, header, resolution, options.keySource);
  const findings: Finding[] = [...decoded.findings, ...(resolution?.findings ?? []), ...signature.findings];
  findings.push(...weakSecretFindings(token, header.alg, resolution, signature));
  const claims = decoded.claims
    ? checkClaims(decoded.claims, header, { ...options, nowMs: options.clock.now(), toleranceSec: options.clockToleranceSec ?? 0 })
    : undefined;
  findings.push(...(claims?.findings ?? []));
  if (signature.verified && !findings.some((f) => f.severity === 'error')) {
    findings.push(
      makeFinding('JWT_VERIFIED', { ...signature.verified, issuerMatch: claims?.issuerMatch, audienceMatch: claims?.audienceMatch }),
    );
  }
  return {
    ...base,
    verified: signature.verified,
    issuerMatch: claims?.issuerMatch,
    audienceMatch: claims?.audienceMatch,
    scopesGranted: claims?.scopesGranted ?? [],
    scopesRequired: [...(options.requiredScopes ?? [])],
    expiresAt: claims?.expiresAt,
    jwks: resolution?.summary,
    attempts: resolution?.attempts ?? [],
    findings,
  };
}

async function checkSignature(
  token: string,
  header: Readonly<Record<string, unknown>>,
  resolution: KeyResolution | undefined,
  source: KeySource | undefined,
): Promise<SignatureOutcome> {
  if (String(header.alg).toLowerCase() === 'none') return { verified: false, findings: [] };
  if (!resolution?.keys) {
    const reason = source === undefined ? 'no-key' : 'keys-unavailable';
    return { verified: false, findings: [makeFinding('JWT_UNVERIFIED', { reason, alg: header.alg, kid: header.kid })] };
  }
  return verifySignature(token, header, resolution.keys);
}

function weakSecretFindings(token: string, alg: unknown, resolution: KeyResolution | undefined, signature: SignatureOutcome): Finding[] {
  if (!isHmacAlg(alg)) return [];
  const common = findsCommonSecret(token, alg);
  if (common.found) return [makeFinding('JWT_WEAK_SECRET', { alg, source: 'dictionary', secretLength: common.secretLength })];
  const secret = resolution?.keys?.secret;
  if (signature.verified && secret && secret.length < MIN_SECRET_BYTES) {
    return [makeFinding('JWT_WEAK_SECRET', { alg, source: 'configured', secretLength: secret.length })];
  }
  return [];
}
