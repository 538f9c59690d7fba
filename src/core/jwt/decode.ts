import { createHash } from 'node:crypto';
import { makeFinding, type Finding } from '../findings/finding';
import { decodeBase64UrlStrict, decodeJsonSegment } from './base64url';
import { type DecodedToken } from './types';

/** Longer than any sane access token; beyond this we do not even try to parse. */
export const MAX_TOKEN_LENGTH = 64 * 1024;
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;
const UNSAFE_HEADERS = ['jwk', 'jku', 'x5u', 'x5c'] as const;

/**
 * Strips what people paste around a token: `Authorization:`, `Bearer `, surrounding quotes and
 * whitespace. Interior whitespace is kept (and later reported) rather than silently removed.
 */
export function normalizeToken(input: string): string {
  let text = unquote(
    String(input)
      .slice(0, MAX_TOKEN_LENGTH + 1024)
      .trim(),
  );
  text = text
    .replace(/^authorization\s*:\s*/i, '')
    .replace(/^bearer\s+/i, '')
    .trim();
  return unquote(text);
}

function unquote(text: string): string {
  return text.length >= 2 && /^(["'`]).*\1$/s.test(text) ? text.slice(1, -1).trim() : text;
}

/** Short SHA-256 fingerprint: lets reports and timelines tell tokens apart without revealing them. */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 12);
}

/** Decodes any string as a token without verifying anything. Never throws. */
export function decodeToken(input: string): DecodedToken {
  try {
    const token = normalizeToken(input);
    return { ...classify(token), length: token.length, fingerprint: tokenFingerprint(token) };
  } catch (err) {
    const problem = `could not be decoded (${err instanceof Error ? err.name : 'error'})`;
    return {
      kind: 'malformed',
      problem,
      signaturePresent: false,
      length: 0,
      fingerprint: '',
      findings: [makeFinding('JWT_MALFORMED', { problem })],
    };
  }
}

type Classified = Omit<DecodedToken, 'length' | 'fingerprint'>;

function classify(token: string): Classified {
  if (token.length === 0) return malformed('is empty');
  if (token.length > MAX_TOKEN_LENGTH) return malformed(`is ${token.length} characters long, more than any real access token`);
  if (/\s/.test(token)) return malformed('contains whitespace inside it (was it wrapped or split when copied?)');
  const parts = token.split('.');
  if (parts.length === 5) return classifyJwe(parts);
  if (parts.length === 3) return classifyJws(parts);
  if (looksLikeJose(parts[0])) return malformed(`has ${parts.length} dot-separated parts; a signed JWT has 3 and an encrypted one 5`);
  if (TOKEN68.test(token) && token.length >= 16) {
    return { kind: 'opaque', signaturePresent: false, findings: [makeFinding('JWT_OPAQUE', { length: token.length })] };
  }
  return malformed('is neither a JWT nor a plausible opaque token (unexpected characters or too short)');
}

function classifyJws(parts: string[]): Classified {
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonSegment(headerPart);
  if (!header) return malformed(headerPart === '' ? 'has an empty header' : 'has a header that is not base64url-encoded JSON');
  if (typeof header.alg !== 'string' || header.alg === '') return malformed('has no "alg" in its header', header);
  const payloadOk = decodeBase64UrlStrict(payloadPart) !== undefined;
  const signatureOk = decodeBase64UrlStrict(signaturePart) !== undefined;
  if (!payloadOk) return malformed('has a payload that is not valid base64url', header);
  if (!signatureOk) return malformed('has a signature that is not valid base64url', header);
  const claims = decodeJsonSegment(payloadPart);
  const findings: Finding[] = [...headerFindings(header)];
  if (!claims)
    findings.push(
      makeFinding('JWT_MALFORMED', { problem: 'The token is signed, but its payload is not a JSON object of claims (not a JWT).' }),
    );
  return { kind: 'jws', header, claims, signaturePresent: signaturePart.length > 0, findings };
}

function classifyJwe(parts: string[]): Classified {
  const header = decodeJsonSegment(parts[0] ?? '');
  if (!header || typeof header.enc !== 'string')
    return malformed('has 5 parts like an encrypted JWT (JWE), but its header has no "enc"', header);
  const evidence = { alg: header.alg, enc: header.enc, kid: header.kid };
  return { kind: 'jwe', header, signaturePresent: false, findings: [makeFinding('JWT_ENCRYPTED', evidence)] };
}

function headerFindings(header: Record<string, unknown>): Finding[] {
  const findings: Finding[] = [];
  if (String(header.alg).toLowerCase() === 'none') findings.push(makeFinding('JWT_ALG_NONE', { alg: header.alg }));
  const unsafe = UNSAFE_HEADERS.filter((name) => header[name] !== undefined);
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const kidSuspicious = kid !== undefined && (/\.\.|[/\\'"`;]/.test(kid) || [...kid].some((c) => c.charCodeAt(0) < 0x20));
  if (unsafe.length > 0 || kidSuspicious) {
    const urls = (['jku', 'x5u'] as const).map((n) => header[n]).filter((v): v is string => typeof v === 'string');
    findings.push(makeFinding('JWT_UNSAFE_HEADER', { headers: unsafe, urls, kidSuspicious, kid: kidSuspicious ? kid : undefined }));
  }
  return findings;
}

function looksLikeJose(first: string | undefined): boolean {
  return first !== undefined && decodeJsonSegment(first) !== undefined;
}

function malformed(what: string, header?: Record<string, unknown>): Classified {
  const problem = `The token ${what}.`;
  return { kind: 'malformed', header, problem, signaturePresent: false, findings: [makeFinding('JWT_MALFORMED', { problem })] };
}
