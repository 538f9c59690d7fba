import { type JSONWebKeySet, type JWK } from 'jose';
import { fetchJson, refusalFinding, type FetchOptions } from '../http/fetchDocument';
import { makeFinding, type Finding } from '../findings/finding';
import { isPlainObject } from '../json/parse';
import { decodeBase64UrlStrict } from './base64url';
import { type JwkSummary, type JwksFetchResult, type JwksSummary } from './types';

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;
const MAX_JWKS_BYTES = 1024 * 1024;
/** Keys examined one by one; a bigger set is summarised by count. */
const MAX_KEYS_CHECKED = 1000;
const JWS_ALGS = new Set([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
]);
const CURVES: Record<string, readonly string[]> = { EC: ['P-256', 'P-384', 'P-521'], OKP: ['Ed25519', 'Ed448', 'X25519', 'X448'] };

/** TLS and certificate failures, as opposed to plain network failures. */
export function isTlsErrorCode(code: string | undefined): boolean {
  return (
    code !== undefined && /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS_|ERR_SSL_|ERR_OSSL|UNSPECIFIED$|HOSTNAME_MISMATCH)/.test(code)
  );
}

/**
 * Fetches a JWKS the way a careful verifier would, but by hand so every failure is explained:
 * redirects are followed (and reported: jose's remote set refuses them), HTML and bad JSON are named,
 * and the keys are checked one by one. Never throws.
 */
export async function fetchJwks(url: URL, options: FetchOptions): Promise<JwksFetchResult> {
  const fetched = await fetchJson(url, 'JWKS', { ...options, maxRedirects: 5, maxBodyBytes: MAX_JWKS_BYTES });
  const findings: Finding[] = [];
  const base = { url: url.href, attempts: fetched.attempts };
  if (fetched.refused) return { ...base, findings: [refusalFinding('JWKS', fetched.refused)] };
  if (fetched.errorCode) {
    findings.push(makeFinding('JWKS_UNREACHABLE', { url: url.href, errorCode: fetched.errorCode, tls: isTlsErrorCode(fetched.errorCode) }));
    return { ...base, findings };
  }
  const finalUrl = fetched.finalUrl ?? url.href;
  if (finalUrl !== url.href) {
    const first = fetched.attempts[0];
    findings.push(makeFinding('JWKS_REDIRECTED', { url: url.href, status: first?.status, finalUrl, hops: fetched.attempts.length - 1 }));
  }
  if (fetched.failure) {
    findings.push(jwksFailure(finalUrl, fetched.failure, fetched.result?.status, fetched.result?.headers['content-type']));
    return { ...base, findings };
  }
  const checked = checkJwks(fetched.json, url.href, finalUrl === url.href ? undefined : finalUrl);
  return { ...base, jwks: checked.jwks, summary: checked.summary, findings: [...findings, ...checked.findings] };
}

function jwksFailure(url: string, failure: string, status: number | undefined, contentType: string | undefined): Finding {
  if (failure.startsWith('status ')) return makeFinding('JWKS_UNREACHABLE', { url, status, errorCode: `HTTP ${status}` });
  const problem =
    {
      html: 'returned an HTML page instead of JSON (a login page, an error page or the wrong URL)',
      'not-json': 'returned a body that is not JSON',
      'too-large': `returned more than ${MAX_JWKS_BYTES} bytes`,
    }[failure] ?? failure;
  return makeFinding('JWKS_INVALID', { url, problem, contentType });
}

export interface JwksCheck {
  /** The public part of the set, usable for verification (private members stripped). */
  readonly jwks?: JSONWebKeySet;
  readonly summary?: JwksSummary;
  readonly findings: Finding[];
}

/** Checks a parsed JWKS document: shape, emptiness, exposed private keys, and each key. Pure. */
export function checkJwks(value: unknown, url?: string, finalUrl?: string): JwksCheck {
  const where = finalUrl ?? url;
  if (!isPlainObject(value) || !Array.isArray(value.keys)) {
    return { findings: [makeFinding('JWKS_INVALID', { url: where, problem: 'is JSON but not a key set: there is no "keys" array' })] };
  }
  const keys = value.keys.filter(isPlainObject) as JWK[];
  if (keys.length === 0)
    return { summary: { url, finalUrl, keyCount: 0, keys: [] }, findings: [makeFinding('JWKS_EMPTY', { url: where })] };
  const examined = keys.slice(0, MAX_KEYS_CHECKED);
  const summaries = examined.map(summarizeKey);
  const findings = [...privateKeyFindings(examined, where), ...kidFindings(summaries, where), ...keyFindings(summaries, where)];
  if (!findings.some((f) => f.severity === 'error' || f.severity === 'warning')) {
    findings.push(
      makeFinding('JWKS_OK', { url: where, keyCount: keys.length, kids: summaries.map((k) => k.kid ?? '(none)').slice(0, 10) }),
    );
  }
  const publicKeys = keys.map(stripPrivate);
  return { jwks: { keys: publicKeys }, summary: { url, finalUrl, keyCount: keys.length, keys: summaries }, findings };
}

function privateKeyFindings(keys: readonly JWK[], url: string | undefined): Finding[] {
  const exposed = keys
    .map((key, index) => ({
      kid: key.kid ?? `#${index}`,
      members: PRIVATE_MEMBERS.filter((m) => (key as Record<string, unknown>)[m] !== undefined),
    }))
    .filter((k) => k.members.length > 0);
  if (exposed.length === 0) return [];
  return [makeFinding('JWKS_PRIVATE_KEY_EXPOSED', { url, keys: exposed.map((k) => `${k.kid} (${k.members.join(', ')})`) })];
}

function kidFindings(keys: readonly JwkSummary[], url: string | undefined): Finding[] {
  const kids = keys.map((k) => k.kid).filter((k): k is string => k !== undefined);
  const duplicates = [...new Set(kids.filter((k, i) => kids.indexOf(k) !== i))];
  const missing = keys.length - kids.length;
  if (duplicates.length === 0 && (missing === 0 || keys.length === 1)) return [];
  return [makeFinding('JWKS_KID_PROBLEM', { url, duplicates, missing, keyCount: keys.length })];
}

function keyFindings(keys: readonly JwkSummary[], url: string | undefined): Finding[] {
  const findings: Finding[] = [];
  keys.forEach((key, index) => {
    const label = key.kid ?? `#${index}`;
    if (key.kty === 'RSA' && key.bits !== undefined && key.bits < 2048)
      findings.push(makeFinding('JWKS_WEAK_KEY', { url, kid: label, bits: key.bits }));
    const other = key.problems.filter((p) => !p.startsWith('RSA key of'));
    if (other.length > 0) findings.push(makeFinding('JWKS_KEY_PROBLEM', { url, kid: label, problems: other }));
  });
  return findings.slice(0, 20);
}

/** Public facts and problems of one key; never copies key material. */
export function summarizeKey(key: JWK): JwkSummary {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const summary = { kid: str(key.kid), kty: str(key.kty), alg: str(key.alg), use: str(key.use), crv: str(key.crv), bits: rsaBits(key) };
  return { ...summary, problems: keyProblems(key, summary) };
}

function keyProblems(key: JWK, s: Omit<JwkSummary, 'problems'>): string[] {
  const problems: string[] = [];
  if (!s.kty) problems.push('no "kty"');
  else if (!['RSA', 'EC', 'OKP', 'oct', 'AKP'].includes(s.kty)) problems.push(`unknown kty "${s.kty}"`);
  if (s.use !== undefined && s.use !== 'sig') problems.push(`use is "${s.use}", so verifiers will not use it for signatures`);
  if (key.key_ops !== undefined && !(Array.isArray(key.key_ops) && key.key_ops.includes('verify')))
    problems.push('key_ops does not include "verify"');
  if (s.alg !== undefined && !JWS_ALGS.has(s.alg)) problems.push(`alg "${s.alg}" is not a JWS signing algorithm`);
  if (s.alg !== undefined && s.kty && JWS_ALGS.has(s.alg) && !algFitsKty(s.alg, s.kty, s.crv))
    problems.push(`alg ${s.alg} does not fit a ${s.kty}${s.crv ? ` ${s.crv}` : ''} key`);
  if ((s.kty === 'EC' || s.kty === 'OKP') && !CURVES[s.kty]?.includes(s.crv ?? ''))
    problems.push(`curve "${s.crv ?? '(none)'}" is missing or unknown`);
  if (s.kty === 'RSA' && (typeof key.n !== 'string' || typeof key.e !== 'string')) problems.push('RSA key without "n" or "e"');
  if (s.kty === 'EC' && (typeof key.x !== 'string' || typeof key.y !== 'string')) problems.push('EC key without "x" or "y"');
  if (s.bits !== undefined && s.bits < 2048) problems.push(`RSA key of ${s.bits} bits`);
  return problems;
}

/** Which JWS algorithms a key type can verify (used to pin algorithms from the key, not the token). */
export function algorithmsForKey(kty: string | undefined, crv: string | undefined): string[] {
  if (kty === 'RSA') return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
  if (kty === 'EC') return { 'P-256': ['ES256'], 'P-384': ['ES384'], 'P-521': ['ES512'] }[crv ?? ''] ?? [];
  if (kty === 'OKP' && crv === 'Ed25519') return ['EdDSA', 'Ed25519'];
  if (kty === 'oct') return ['HS256', 'HS384', 'HS512'];
  return [];
}

function algFitsKty(alg: string, kty: string, crv: string | undefined): boolean {
  return algorithmsForKey(kty, crv).includes(alg) || (kty === 'EC' && crv === undefined && alg.startsWith('ES'));
}

function rsaBits(key: JWK): number | undefined {
  if (key.kty !== 'RSA' || typeof key.n !== 'string') return undefined;
  const n = decodeBase64UrlStrict(key.n) ?? Buffer.from(key.n, 'base64url');
  let start = 0;
  while (start < n.length && n[start] === 0) start++;
  if (start === n.length) return 0;
  return (n.length - start) * 8 - Math.clz32(n[start] ?? 0) + 24;
}

function stripPrivate(key: JWK): JWK {
  const copy: Record<string, unknown> = { ...key };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return copy as JWK;
}
