import assert from 'node:assert/strict';
import { createHmac, createPrivateKey, createSign, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { verifyToken } from '../../../src/core/jwt/verify';
import { type KeySource, type VerifyOptions } from '../../../src/core/jwt/types';
import { codes } from '../../support/findings';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);
const nowSec = NOW / 1000;
const base: VerifyOptions = { clock: { now: () => NOW }, signal: AbortSignal.timeout(30_000), timeoutMs: 5000 };

let rsa: { privateKey: CryptoKey; privateJwk: JWK; publicJwk: JWK; pem: string };
let other: { privateKey: CryptoKey };
let dir: string;

before(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  rsa = {
    privateKey: pair.privateKey,
    privateJwk: await exportJWK(pair.privateKey),
    publicJwk: { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' },
    pem: await exportSPKI(pair.publicKey),
  };
  other = { privateKey: (await generateKeyPair('RS256')).privateKey };
  dir = await mkdtemp(path.join(tmpdir(), 'mcp-doctor-jwt-'));
});
after(() => rm(dir, { recursive: true, force: true }));

function sign(claims: JWTPayload, header: Record<string, unknown> = {}, key: CryptoKey | Uint8Array = rsa.privateKey): Promise<string> {
  const alg = key instanceof Uint8Array ? 'HS256' : 'RS256';
  return new SignJWT(claims).setProtectedHeader({ alg, kid: 'k1', ...header }).sign(key);
}
const good = (extra: JWTPayload = {}) => ({
  iss: 'https://as.example',
  aud: 'https://mcp.example/mcp',
  scope: 'read write',
  iat: nowSec - 60,
  exp: nowSec + 3600,
  ...extra,
});
const jwks = (): KeySource => ({ jwks: { keys: [rsa.publicJwk] }, jwksUrl: 'https://as.example/jwks' });
const expectations = { issuer: 'https://as.example', audience: 'https://mcp.example/mcp', requiredScopes: ['read'] };

describe('verifyToken: signature', () => {
  it('verifies and names the key, with every expectation met', async () => {
    const r = await verifyToken(await sign(good()), { ...base, ...expectations, keySource: jwks() });
    assert.deepEqual(r.verified, { alg: 'RS256', kid: 'k1', jwksUrl: 'https://as.example/jwks', source: 'jwks' });
    assert.equal(r.issuerMatch, true);
    assert.equal(r.audienceMatch, true);
    assert.deepEqual(r.scopesGranted, ['read', 'write']);
    assert.ok(codes(r).includes('JWT_VERIFIED'));
    assert.equal(r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').length, 0);
  });

  it('without any key says NOT verified, never valid', async () => {
    const r = await verifyToken(await sign(good()), { ...base, ...expectations });
    assert.equal(r.verified, false);
    assert.deepEqual(codes(r), ['JWT_UNVERIFIED']);
    assert.match(r.findings[0]?.cause ?? '', /NOT checked/);
  });

  it('a token signed by another key is JWT_SIGNATURE_INVALID', async () => {
    const r = await verifyToken(await sign(good(), {}, other.privateKey), { ...base, keySource: jwks() });
    assert.equal(r.verified, false);
    assert.ok(codes(r).includes('JWT_SIGNATURE_INVALID'));
  });

  it('an unknown kid is JWKS_KID_NOT_FOUND with the published kids', async () => {
    const r = await verifyToken(await sign(good(), { kid: 'rotated' }), { ...base, keySource: jwks() });
    const finding = r.findings.find((f) => f.code === 'JWKS_KID_NOT_FOUND');
    assert.deepEqual(finding?.evidence.kids, ['k1']);
    assert.match(finding?.cause ?? '', /rotat/);
  });

  it('without a kid, tries every candidate key and names the one that verified', async () => {
    const extra = { ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).publicKey)), kid: 'k0' };
    const token = await new SignJWT(good()).setProtectedHeader({ alg: 'RS256' }).sign(rsa.privateKey);
    const r = await verifyToken(token, { ...base, keySource: { jwks: { keys: [extra, { ...rsa.publicJwk, alg: undefined }] } } });
    assert.equal(r.verified && r.verified.kid, 'k1');
  });

  it('pins algorithms to the key: an RS384 token against an RS256 key is refused', async () => {
    const keyObject = createPrivateKey({ key: rsa.privateJwk as JsonWebKey, format: 'jwk' });
    const token = await new SignJWT(good()).setProtectedHeader({ alg: 'RS384', kid: 'k1' }).sign(keyObject);
    const r = await verifyToken(token, { ...base, keySource: jwks() });
    assert.equal(r.verified, false);
    assert.ok(codes(r).includes('JWT_ALG_NOT_ALLOWED'));
  });

  it('alg none is never verified', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const r = await verifyToken(`${b64({ alg: 'none' })}.${b64(good())}.`, { ...base, keySource: jwks() });
    assert.equal(r.verified, false);
    assert.ok(codes(r).includes('JWT_ALG_NONE'));
  });

  it('detects the RS256→HS256 forgery made with the public key PEM', async () => {
    const forged = await sign(good(), {}, new TextEncoder().encode(rsa.pem));
    const r = await verifyToken(forged, { ...base, keySource: jwks() });
    assert.equal(r.verified, false);
    const confusion = r.findings.find((f) => f.code === 'JWT_ALG_CONFUSION');
    assert.equal(confusion?.evidence.forgedWithPublicKey, 'k1');
  });

  it('ignores keys the token brings along (embedded jwk, jku)', async () => {
    const attacker = await generateKeyPair('RS256', { extractable: true });
    const token = await new SignJWT(good())
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', jwk: await exportJWK(attacker.publicKey), jku: 'https://evil.example/jwks' })
      .sign(attacker.privateKey);
    const r = await verifyToken(token, { ...base, keySource: jwks() });
    assert.equal(r.verified, false);
    assert.ok(codes(r).includes('JWT_UNSAFE_HEADER'));
    assert.ok(codes(r).includes('JWT_SIGNATURE_INVALID'));
  });
});

describe('verifyToken: claims', () => {
  it('reports every claim problem at once', async () => {
    const token = await sign({
      iss: 'https://as.example/',
      aud: 'https://mcp.example/mcp/',
      scope: 'write',
      iat: nowSec - 4 * 3600,
      exp: nowSec - 3 * 3600,
    });
    const r = await verifyToken(token, { ...base, ...expectations, keySource: jwks() });
    assert.deepEqual(
      codes(r)
        .filter((c) => c !== 'JWKS_OK')
        .sort(),
      ['JWT_AUDIENCE_MISMATCH', 'JWT_EXPIRED', 'JWT_ISSUER_MISMATCH', 'JWT_SCOPE_MISSING'],
    );
    assert.ok(r.verified, 'the signature itself is fine');
    const expired = r.findings.find((f) => f.code === 'JWT_EXPIRED');
    assert.match(expired?.cause ?? '', /expired 3 hours ago/);
    assert.match(expired?.cause ?? '', /valid for 1 hour/);
    assert.equal(r.findings.find((f) => f.code === 'JWT_AUDIENCE_MISMATCH')?.evidence.hint, 'they differ only by a trailing slash');
    assert.equal(r.issuerMatch, false);
  });

  it('a token expired seconds ago points at clock skew', async () => {
    const r = await verifyToken(await sign(good({ exp: nowSec - 30 })), { ...base, keySource: jwks() });
    assert.match(r.findings.find((f) => f.code === 'JWT_EXPIRED')?.fix ?? '', /clock/i);
  });

  it('clock tolerance is honoured', async () => {
    const r = await verifyToken(await sign(good({ exp: nowSec - 30 })), { ...base, keySource: jwks(), clockToleranceSec: 60 });
    assert.ok(!codes(r).includes('JWT_EXPIRED'));
  });

  it('nbf and iat in the future are JWT_NOT_YET_VALID with the distance', async () => {
    const nbf = await verifyToken(await sign(good({ nbf: nowSec + 600 })), { ...base, keySource: jwks() });
    assert.match(nbf.findings.find((f) => f.code === 'JWT_NOT_YET_VALID')?.cause ?? '', /10 minutes ahead/);
    const iat = await verifyToken(await sign(good({ iat: nowSec + 7200 })), { ...base, keySource: jwks() });
    assert.equal(iat.findings.find((f) => f.code === 'JWT_NOT_YET_VALID')?.evidence.claim, 'iat');
  });

  it('a token without exp is flagged', async () => {
    const { exp: _exp, ...noExp } = good();
    const r = await verifyToken(await sign(noExp), { ...base, keySource: jwks() });
    assert.ok(codes(r).includes('JWT_NO_EXPIRY'));
  });

  it('scp arrays count as scopes', async () => {
    const r = await verifyToken(await sign(good({ scope: undefined, scp: ['read', 'admin'] })), {
      ...base,
      requiredScopes: ['read', 'admin'],
      keySource: jwks(),
    });
    assert.deepEqual(r.scopesGranted, ['read', 'admin']);
    assert.ok(!codes(r).includes('JWT_SCOPE_MISSING'));
  });

  it('an ID token used as an access token is called out', async () => {
    const r = await verifyToken(await sign(good({ nonce: 'n', at_hash: 'x', aud: 'my-client-id' })), {
      ...base,
      ...expectations,
      keySource: jwks(),
    });
    assert.ok(codes(r).includes('JWT_WRONG_TOKEN_TYPE'));
    assert.match(r.findings.find((f) => f.code === 'JWT_AUDIENCE_MISMATCH')?.evidence.hint as string, /client id/);
  });
});

describe('verifyToken: secrets and key files', () => {
  it('an HS256 token with a tutorial secret is JWT_WEAK_SECRET without echoing the secret', async () => {
    const token = await sign(good(), {}, new TextEncoder().encode('your-256-bit-secret'));
    const r = await verifyToken(token, base);
    const weak = r.findings.find((f) => f.code === 'JWT_WEAK_SECRET');
    assert.equal(weak?.evidence.source, 'dictionary');
    assert.ok(!JSON.stringify(r).includes('your-256-bit-secret'));
  });

  it('a configured short secret verifies but is flagged weak', async () => {
    const token = await sign(good(), {}, new TextEncoder().encode('k8#Tq!2zV'));
    const r = await verifyToken(token, { ...base, keySource: { secret: 'k8#Tq!2zV' } });
    assert.deepEqual(r.verified && [r.verified.alg, r.verified.source], ['HS256', 'secret']);
    assert.equal(r.findings.find((f) => f.code === 'JWT_WEAK_SECRET')?.evidence.source, 'configured');
  });

  it('a long random secret verifies cleanly', async () => {
    const secret = 'x'.repeat(16) + 'Q9!vL2#pR7@tZ4$kM8^wB3&nF6*hJ1%c';
    const r = await verifyToken(await sign(good(), {}, new TextEncoder().encode(secret)), { ...base, keySource: { secret } });
    assert.ok(r.verified);
    assert.ok(!codes(r).includes('JWT_WEAK_SECRET'));
  });

  it('an RS256 token against an HMAC secret is refused', async () => {
    const r = await verifyToken(await sign(good()), { ...base, keySource: { secret: 'a'.repeat(40) } });
    assert.equal(r.verified, false);
    assert.ok(codes(r).includes('JWT_ALG_NOT_ALLOWED'));
  });

  it('loads PEM public keys, JWKs and JWKS files', async () => {
    const token = await sign(good());
    const files = {
      'key.pem': rsa.pem,
      'key.jwk.json': JSON.stringify(rsa.publicJwk),
      'set.json': JSON.stringify({ keys: [rsa.publicJwk] }),
    };
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(dir, name);
      await writeFile(file, text);
      const r = await verifyToken(token, { ...base, keySource: { keyFile: file } });
      assert.ok(r.verified, name);
      assert.equal(r.verified && r.verified.source, 'key-file');
    }
  });

  it('a missing or junk key file is JWT_KEY_FILE_INVALID, and the token stays unverified', async () => {
    const junk = path.join(dir, 'junk.txt');
    await writeFile(junk, 'hello');
    for (const keyFile of [path.join(dir, 'nope.pem'), junk]) {
      const r = await verifyToken(await sign(good()), { ...base, keySource: { keyFile } });
      assert.deepEqual(codes(r), ['JWT_KEY_FILE_INVALID', 'JWT_UNVERIFIED']);
    }
  });

  it('an RSA-1024 signing key is reported instead of crashing', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${b64({ alg: 'RS256', kid: 'small' })}.${b64(good())}`;
    const token = `${input}.${createSign('RSA-SHA256').update(input).sign(privateKey).toString('base64url')}`;
    const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'small', alg: 'RS256' } as JWK;
    const r = await verifyToken(token, { ...base, keySource: { jwks: { keys: [jwk] } } });
    assert.equal(r.verified, false);
    assert.ok(codes(r).includes('JWKS_WEAK_KEY'));
    assert.ok(codes(r).includes('JWT_KEY_UNUSABLE'));
  });

  it('never throws, even for an HMAC check of a non-HMAC token', async () => {
    const hmac = createHmac('sha256', 'k').update('x').digest('base64url');
    const r = await verifyToken(`a.b.${hmac}`, { ...base, keySource: jwks() });
    assert.equal(r.kind, 'malformed');
  });
});
