import { createHash } from 'node:crypto';
import { jsonTooDeep } from '../json/depth';

/**
 * What may be said about a secret: enough to debug with (its length, a short fingerprint that
 * matches across logs and reports, a JWT's header and claims), never enough to reuse it.
 */
export interface SecretDescription {
  readonly kind: 'jwt' | 'jwe' | 'opaque';
  readonly length: number;
  /** First 8 hex digits of the SHA-256 of the value. */
  readonly fingerprint: string;
  /** JOSE header of a JWT or JWE. */
  readonly header?: Readonly<Record<string, unknown>>;
  /** Claims of a JWS; absent for JWE (encrypted) and opaque tokens. The signature is always dropped. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** Decoded JSON parts larger than this are not repeated in redacted text. */
const MAX_JSON_PART = 4096;

/** Short, stable, non-reversible identifier of a secret: "sha256:1a2b3c4d". */
export function fingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 8)}`;
}

/** Describes a secret without revealing it. JWTs keep their header and claims, never the signature. */
export function describeSecret(value: string): SecretDescription {
  const base = { length: value.length, fingerprint: fingerprint(value) };
  const parts = value.split('.');
  const header = parts.length === 3 || parts.length === 5 ? decodeJsonPart(parts[0]) : undefined;
  if (!header) return { kind: 'opaque', ...base };
  if (parts.length === 5) return { kind: 'jwe', ...base, header };
  const claims = decodeJsonPart(parts[1]);
  return claims ? { kind: 'jwt', ...base, header, claims } : { kind: 'opaque', ...base };
}

/**
 * Replaces a secret by a one-line description, e.g.
 * `[redacted 40 chars sha256:1a2b3c4d]` or
 * `[redacted JWT 812 chars sha256:1a2b3c4d header={"alg":"RS256"} claims={"sub":"me"}]`.
 */
export function redactSecret(value: string): string {
  const d = describeSecret(value);
  const id = `${d.length} chars ${d.fingerprint}`;
  if (d.kind === 'opaque') return `[redacted ${id}]`;
  const header = ` header=${compactJson(d.header)}`;
  if (d.kind === 'jwe') return `[redacted JWE ${id}${header}]`;
  return `[redacted JWT ${id}${header} claims=${compactJson(d.claims)}]`;
}

function compactJson(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > MAX_JSON_PART ? `(${text.length} bytes omitted)` : text;
}

function decodeJsonPart(segment: string | undefined): Record<string, unknown> | undefined {
  if (!segment || !/^[A-Za-z0-9_-]+$/.test(segment)) return undefined;
  try {
    const text = Buffer.from(segment, 'base64url').toString('utf8');
    if (jsonTooDeep(text)) return undefined; // JSON.stringify of it would overflow the stack
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
