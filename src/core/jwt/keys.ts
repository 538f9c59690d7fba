import { createPublicKey } from 'node:crypto';
import { type JSONWebKeySet, type JWK } from 'jose';
import { type FetchOptions, type UrlAttempt } from '../http/fetchDocument';
import { makeFinding, type Finding } from '../findings/finding';
import { readBoundedText } from '../fs/boundedRead';
import { createHttpClient } from '../http/client';
import { isPlainObject, parseJson } from '../json/parse';
import { algorithmsForKey, checkJwks, fetchJwks } from './jwks';
import { type TlsFor } from '../http/types';
import { type JwksSummary, type KeySource, type KeySourceKind } from './types';

/** Verification keys ready for use, with the algorithms they pin. */
export interface ResolvedKeys {
  readonly kind: 'asymmetric' | 'secret';
  readonly source: KeySourceKind;
  readonly jwksUrl?: string;
  /** Public keys (asymmetric sources). */
  readonly jwks?: JSONWebKeySet;
  readonly secret?: Uint8Array;
  /** Allowed `alg` values, derived from the keys (their `alg`, else their type), never from the token. */
  readonly algorithms: readonly string[];
  /** One key chosen by the user (PEM or JWK): the token's kid need not match it. */
  readonly singleKey?: boolean;
}

export interface KeyResolution {
  readonly keys?: ResolvedKeys;
  readonly summary?: JwksSummary;
  readonly attempts: readonly UrlAttempt[];
  readonly findings: readonly Finding[];
}

export interface ResolveOptions {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly http?: FetchOptions['http'];
  readonly tls?: TlsFor;
}

/** Turns a key source into usable keys, fetching a JWKS URL when needed. Never throws. */
export async function resolveKeys(source: KeySource, options: ResolveOptions): Promise<KeyResolution> {
  if ('jwksUrl' in source && !('jwks' in source)) return fromJwksUrl(String(source.jwksUrl), options);
  if ('jwks' in source) return fromJwksDocument(source.jwks, 'jwks', source.jwksUrl);
  if ('secret' in source) return { keys: secretKeys(source.secret, 'secret'), attempts: [], findings: [] };
  if ('jwk' in source) return fromJwk(source.jwk, 'jwk');
  return fromKeyFile(source.keyFile);
}

async function fromJwksUrl(raw: string, options: ResolveOptions): Promise<KeyResolution> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { attempts: [], findings: [makeFinding('JWKS_INVALID', { url: raw, problem: 'is not a valid URL' })] };
  }
  const ownHttp = options.http ? undefined : createHttpClient();
  try {
    const fetched = await fetchJwks(url, {
      http: options.http ?? ownHttp!,
      tls: options.tls,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      guard: 'user-url',
    });
    const keys = fetched.jwks ? asymmetricKeys(fetched.jwks, 'jwks-url', url.href) : undefined;
    return { keys, summary: fetched.summary, attempts: fetched.attempts, findings: fetched.findings };
  } finally {
    await ownHttp?.close();
  }
}

function fromJwksDocument(document: unknown, source: KeySourceKind, label?: string, singleKey = false): KeyResolution {
  const checked = checkJwks(document, label);
  const keys = checked.jwks ? { ...asymmetricKeys(checked.jwks, source, label), singleKey } : undefined;
  return { keys, summary: checked.summary, attempts: [], findings: checked.findings };
}

function fromJwk(jwk: unknown, source: KeySourceKind): KeyResolution {
  if (!isPlainObject(jwk)) return { attempts: [], findings: [keyFileInvalid(source, 'is not a JWK object')] };
  if (jwk.kty === 'oct') {
    const secret = typeof jwk.k === 'string' ? Buffer.from(jwk.k, 'base64url') : undefined;
    if (!secret) return { attempts: [], findings: [keyFileInvalid(source, 'is an "oct" JWK without "k"')] };
    const algs = typeof jwk.alg === 'string' ? [jwk.alg] : undefined;
    return { keys: secretKeys(secret, source, algs), attempts: [], findings: [] };
  }
  return fromJwksDocument({ keys: [jwk] }, source, undefined, true);
}

async function fromKeyFile(path: string): Promise<KeyResolution> {
  let text: string;
  try {
    text = (await readBoundedText(path)).slice(0, 1024 * 1024);
  } catch (err) {
    return { attempts: [], findings: [keyFileInvalid('key-file', `cannot be read (${(err as { code?: string }).code ?? 'error'})`, path)] };
  }
  const json = parseJson(text);
  if (isPlainObject(json)) return Array.isArray(json.keys) ? fromJwksDocument(json, 'key-file', path) : fromJwk(json, 'key-file');
  try {
    const jwk = createPublicKey(text).export({ format: 'jwk' }) as JWK;
    return fromJwksDocument({ keys: [jwk] }, 'key-file', path, true);
  } catch {
    return {
      attempts: [],
      findings: [keyFileInvalid('key-file', 'is neither a PEM public key or certificate, nor a JWK or JWKS in JSON', path)],
    };
  }
}

function asymmetricKeys(jwks: JSONWebKeySet, source: KeySourceKind, jwksUrl?: string): ResolvedKeys {
  const algorithms = new Set<string>();
  for (const key of jwks.keys) {
    if (key.kty === 'oct' || (key.use !== undefined && key.use !== 'sig')) continue;
    if (key.key_ops !== undefined && !(Array.isArray(key.key_ops) && key.key_ops.includes('verify'))) continue;
    const fitting = algorithmsForKey(key.kty, key.crv);
    for (const alg of typeof key.alg === 'string' ? [key.alg].filter((a) => fitting.includes(a)) : fitting) algorithms.add(alg);
  }
  return { kind: 'asymmetric', source, jwksUrl, jwks, algorithms: [...algorithms] };
}

function secretKeys(secret: string | Uint8Array, source: KeySourceKind, algorithms?: readonly string[]): ResolvedKeys {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  return { kind: 'secret', source, secret: bytes, algorithms: algorithms ?? ['HS256', 'HS384', 'HS512'] };
}

function keyFileInvalid(source: KeySourceKind, problem: string, path?: string): Finding {
  return makeFinding('JWT_KEY_FILE_INVALID', { source, path, problem });
}
