import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { type HttpClient, type HttpResult } from '../../../src/core/http/client';
import { checkJwks, fetchJwks, summarizeKey } from '../../../src/core/jwt/jwks';
import { codes } from '../../support/findings';

const rsaJwk = (bits = 2048, extra: Record<string, unknown> = {}) => ({
  ...generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' }),
  ...extra,
});
const ecJwk = (extra: Record<string, unknown> = {}) => ({
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' }),
  ...extra,
});
const jwksCodes = (value: unknown) => codes(checkJwks(value, 'https://as/jwks'));

describe('checkJwks', () => {
  it('a sound set is JWKS_OK with a summary and no key material', () => {
    const result = checkJwks(
      { keys: [rsaJwk(2048, { kid: 'a', alg: 'RS256', use: 'sig' }), ecJwk({ kid: 'b', alg: 'ES256' })] },
      'https://as/jwks',
    );
    assert.deepEqual(
      result.findings.map((f) => f.code),
      ['JWKS_OK'],
    );
    assert.deepEqual(
      result.summary?.keys.map((k) => [k.kid, k.kty, k.bits, k.crv]),
      [
        ['a', 'RSA', 2048, undefined],
        ['b', 'EC', undefined, 'P-256'],
      ],
    );
    assert.ok(!JSON.stringify(result.summary).includes('"n"'));
  });

  it('shape problems are JWKS_INVALID, no keys is JWKS_EMPTY', () => {
    assert.deepEqual(jwksCodes({ key: [] }), ['JWKS_INVALID']);
    assert.deepEqual(jwksCodes([1, 2]), ['JWKS_INVALID']);
    assert.deepEqual(jwksCodes({ keys: [] }), ['JWKS_EMPTY']);
  });

  it('private members are JWKS_PRIVATE_KEY_EXPOSED, and stripped from the usable set', () => {
    const priv = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'leak' };
    const result = checkJwks({ keys: [priv, { kty: 'oct', k: 'c2VjcmV0', kid: 'hmac' }] });
    const exposed = result.findings.find((f) => f.code === 'JWKS_PRIVATE_KEY_EXPOSED');
    assert.deepEqual(exposed?.evidence.keys, ['leak (d, p, q, dp, dq, qi)', 'hmac (k)']);
    assert.equal(result.jwks?.keys[0]?.d, undefined);
  });

  it('missing and duplicate kids are JWKS_KID_PROBLEM', () => {
    const result = checkJwks({ keys: [rsaJwk(2048, { kid: 'x' }), rsaJwk(2048, { kid: 'x' }), rsaJwk(2048)] });
    const problem = result.findings.find((f) => f.code === 'JWKS_KID_PROBLEM');
    assert.deepEqual(problem?.evidence.duplicates, ['x']);
    assert.equal(problem?.evidence.missing, 1);
    assert.deepEqual(jwksCodes({ keys: [rsaJwk()] }), ['JWKS_OK'], 'a single key without kid is fine');
  });

  it('RSA under 2048 bits is JWKS_WEAK_KEY with the size', () => {
    const result = checkJwks({ keys: [rsaJwk(1024, { kid: 'small' })] });
    assert.equal(result.findings.find((f) => f.code === 'JWKS_WEAK_KEY')?.evidence.bits, 1024);
  });

  it('per-key problems: use, key_ops, alg, curve', () => {
    assert.match(summarizeKey({ ...rsaJwk(), use: 'enc' }).problems.join(), /use is "enc"/);
    assert.match(summarizeKey({ ...rsaJwk(), key_ops: ['encrypt'] }).problems.join(), /key_ops/);
    assert.match(summarizeKey({ ...rsaJwk(), alg: 'ES256' }).problems.join(), /does not fit a RSA key/);
    assert.match(summarizeKey({ ...ecJwk(), alg: 'ES521' }).problems.join(), /not a JWS signing algorithm/);
    assert.match(summarizeKey({ kty: 'EC', crv: 'P-999', x: 'a', y: 'b' }).problems.join(), /curve/);
    assert.match(summarizeKey({ kty: 'XYZ' }).problems.join(), /unknown kty/);
    assert.deepEqual(jwksCodes({ keys: [{ ...rsaJwk(), kid: 'e', use: 'enc' }] }), ['JWKS_KEY_PROBLEM']);
  });
});

/** An HttpClient answering from a table, recording what was asked. */
function fakeHttp(routes: Record<string, Partial<HttpResult> | Error>): HttpClient & { asked: string[] } {
  const asked: string[] = [];
  const client = async (spec: { url: URL }) => {
    asked.push(spec.url.href);
    const route = routes[spec.url.href];
    if (route instanceof Error) throw route;
    if (!route) return { status: 404, headers: {}, body: '', truncated: false, timings: { headersMs: 0, totalMs: 0 } };
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '',
      truncated: false,
      timings: { headersMs: 0, totalMs: 0 },
      ...route,
    };
  };
  return Object.assign(client, { asked });
}
const opts = (http: HttpClient) => ({ http, signal: AbortSignal.timeout(5000), timeoutMs: 1000, guard: 'user-url' as const });
const goodSet = JSON.stringify({ keys: [rsaJwk(2048, { kid: 'k' })] });

describe('fetchJwks', () => {
  it('follows and reports a redirect, giving the final URL', async () => {
    const http = fakeHttp({ 'https://as/jwks': { status: 301, headers: { location: '/jwks/' } }, 'https://as/jwks/': { body: goodSet } });
    const result = await fetchJwks(new URL('https://as/jwks'), opts(http));
    const redirected = result.findings.find((f) => f.code === 'JWKS_REDIRECTED');
    assert.equal(redirected?.evidence.finalUrl, 'https://as/jwks/');
    assert.equal(redirected?.evidence.status, 301);
    assert.equal(result.jwks?.keys.length, 1);
    assert.deepEqual(
      result.attempts.map((a) => [a.url, a.status, a.outcome]),
      [
        ['https://as/jwks', 301, 'redirect'],
        ['https://as/jwks/', 200, 'ok'],
      ],
    );
  });

  it('stops at 5 redirects', async () => {
    const loop = fakeHttp({ 'https://as/jwks': { status: 302, headers: { location: '/jwks' } } });
    const result = await fetchJwks(new URL('https://as/jwks'), opts(loop));
    assert.equal(loop.asked.length, 6);
    assert.ok(result.findings.some((f) => f.code === 'JWKS_UNREACHABLE'));
  });

  it('an HTML login page is JWKS_INVALID naming HTML', async () => {
    const http = fakeHttp({ 'https://as/jwks': { headers: { 'content-type': 'text/html' }, body: '<html><title>Login</title>' } });
    const result = await fetchJwks(new URL('https://as/jwks'), opts(http));
    assert.match(result.findings[0]?.cause ?? '', /HTML page/);
  });

  it('a TLS failure is JWKS_UNREACHABLE with the innermost code and the TLS fix', async () => {
    const err = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    });
    const result = await fetchJwks(new URL('https://as/jwks'), opts(fakeHttp({ 'https://as/jwks': err })));
    const finding = result.findings[0];
    assert.equal(finding?.code, 'JWKS_UNREACHABLE');
    assert.equal(finding?.evidence.errorCode, 'DEPTH_ZERO_SELF_SIGNED_CERT');
    assert.match(finding?.fix ?? '', /NODE_EXTRA_CA_CERTS/);
  });

  it('a 404 is JWKS_UNREACHABLE with the status', async () => {
    const result = await fetchJwks(new URL('https://as/missing'), opts(fakeHttp({})));
    assert.equal(result.findings[0]?.evidence.errorCode, 'HTTP 404');
  });

  it('an oversized body is refused, not parsed', async () => {
    const http = fakeHttp({ 'https://as/jwks': { body: '{"keys":[', truncated: true } });
    const result = await fetchJwks(new URL('https://as/jwks'), opts(http));
    assert.equal(result.findings[0]?.code, 'JWKS_INVALID');
  });
});
