import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { loadDecoder, loadEngine } from '../../../src/extension/engine';
import { tokenHoverAt } from '../../../src/extension/jwt/hover';
import { JwksCache } from '../../../src/extension/jwt/jwksCache';
import { expiredTokenRanges, stringSource, tokenUnderCursor } from '../../../src/extension/jwt/tokenText';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const ISSUER = 'https://auth.lab.test';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('JWT hover content', () => {
  let expired: string;
  let valid: string;
  let foreign: string;
  let publicJwk: JWK;

  before(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    publicJwk = { ...(await exportJWK(publicKey)), kid: 'lab-key', alg: 'RS256', use: 'sig' };
    const sign = (exp: number, key = privateKey) =>
      new SignJWT({ scope: 'tools:read tools:call', client_id: 'vscode' })
        .setProtectedHeader({ alg: 'RS256', kid: 'lab-key', typ: 'at+jwt' })
        .setIssuer(ISSUER)
        .setSubject('alice')
        .setAudience('https://lab.test/mcp')
        .setIssuedAt(Math.floor(NOW / 1000) - 4 * 3600)
        .setExpirationTime(exp)
        .sign(key);
    expired = await sign(Math.floor(NOW / 1000) - 3 * 3600);
    valid = await sign(Math.floor(NOW / 1000) + 2 * 3600);
    foreign = await sign(Math.floor(NOW / 1000) + 2 * 3600, other.privateKey);
  });

  const deps = (jwks = new JwksCache()) => ({ decoder: loadDecoder, engine: loadEngine, jwks, now: () => NOW });
  const cache = () => {
    const c = new JwksCache();
    c.set({
      serverId: 's1',
      serverName: 'lab',
      jwksUrl: 'https://auth.lab.test/jwks',
      issuer: ISSUER,
      audience: 'https://lab.test/mcp',
      jwks: { keys: [publicJwk] },
      fetchedAt: NOW,
    });
    return c;
  };

  it('shows header, claims with human dates, scopes and audience in a .env file', async () => {
    const text = `# lab\nMCP_TOKEN=${expired}\nOTHER=1\n`;
    const hover = await tokenHoverAt(stringSource(text), text.indexOf(expired) + 30, deps());
    assert.ok(hover);
    assert.equal(text.slice(hover.start, hover.end), expired);
    const md = hover.markdown;
    assert.match(md, /^\*\*JWT\*\* \(alg `RS256`, kid `lab-key`, typ `at\+jwt`\)/);
    assert.match(md, /⛔ \*\*Expired 3 hours ago\.\*\*/);
    assert.match(md, /\| iss \| https:\/\/auth\.lab\.test \|/);
    assert.match(md, /\| aud \| https:\/\/lab\.test\/mcp \|/);
    assert.match(md, /\| scope \| tools:read tools:call \|/);
    assert.match(md, /\| exp \| 2025-06-01 09:00:00Z \(3 hours ago\) \|/);
    assert.match(md, /\| iat \| 2025-06-01 08:00:00Z \(4 hours ago\) \|/);
    assert.match(md, /not verified\*\* — no configured server's keys are cached/);
  });

  it('verifies only against cached keys of a configured server', async () => {
    const text = `{"access_token": "${valid}"}`;
    const verified = await tokenHoverAt(stringSource(text), 25, deps(cache()));
    assert.match(verified?.markdown ?? '', /Valid for another 2 hours\./);
    assert.match(verified?.markdown ?? '', /✅ verified with key `lab-key` from the JWKS of lab/);
    const bad = await tokenHoverAt(stringSource(`Authorization: Bearer ${foreign}`), 40, deps(cache()));
    assert.match(bad?.markdown ?? '', /❌ \*\*does not verify\*\* against the JWKS of lab/);
  });

  it('gives JWE and opaque tokens a clear line, and nothing for plain text', async () => {
    const jwe = `${b64({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'k' })}.ZW5jcnlwdGVka2V5.aXYtYnl0ZXM.Y2lwaGVydGV4dA.dGFnLWJ5dGVz`;
    assert.match(
      (await tokenHoverAt(stringSource(`t=${jwe}`), 10, deps()))?.markdown ?? '',
      /^\*\*Encrypted token \(JWE\)\*\*.*\n\nalg `RSA-OAEP-256`, enc `A256GCM`/,
    );
    const opaque = 'Authorization: Bearer gho_16C7e42F292c6912E7710c838347Ae178B4a';
    assert.match((await tokenHoverAt(stringSource(opaque), 30, deps()))?.markdown ?? '', /^\*\*Opaque token\*\*/);
    assert.equal(await tokenHoverAt(stringSource('just some words here'), 5, deps()), undefined);
  });

  it('escapes claim text: no links, HTML or Markdown from the token', async () => {
    const evil = `${b64({ alg: 'none' })}.${b64({ sub: '<img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold**\n| injected |', exp: 1 })}.`;
    const md = (await tokenHoverAt(stringSource(`x ${evil} y`), 5, deps()))?.markdown ?? '';
    assert.ok(!/(^|[^\\])[<>[\]]/.test(md.replace(/^.*\n\n/, '')), 'every < > [ ] is escaped');
    assert.ok(md.includes('\\<img src=x onerror=alert\\(1\\)\\>'), md);
    assert.ok(!/\n\| injected/.test(md), 'no row injection');
  });

  it('reads only a bounded window around the cursor of a huge document', async () => {
    const filler = 'log line without tokens 0123456789\n'.repeat(300_000);
    const text = `${filler}Authorization: Bearer ${valid}\n${filler}`;
    let read = 0;
    const source = { length: text.length, text: (a: number, b: number) => ((read += b - a), text.slice(a, b)) };
    const found = tokenUnderCursor(source, filler.length + 40);
    assert.equal(found?.text, valid);
    assert.ok(read <= 40_000, `read ${read} of ${text.length} characters`);
  });

  it('finds expired tokens in a visible range for the decoration', async () => {
    const decode = await loadDecoder();
    const text = `a=${expired}\nb=${valid}\n`;
    const ranges = expiredTokenRanges(stringSource(text), 0, text.length, decode, NOW);
    assert.deepEqual(
      ranges.map((r) => text.slice(r.start, r.end)),
      [expired],
    );
  });
});
