import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { redactDeep, redactText } from '../../../src/core/redact/deep';
import { isSensitiveName, redactHeaders, redactHeaderValue } from '../../../src/core/redact/headers';
import { describeSecret, fingerprint, redactSecret } from '../../../src/core/redact/secret';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const signature = 'U2lnbmF0dXJlVGhhdE11c3ROZXZlckxlYWs';
const jwt = `${b64({ alg: 'RS256', kid: 'key-1' })}.${b64({ sub: 'alice', aud: 'mcp' })}.${signature}`;
const opaque = 'sk-live-51Habcdefghijklmnop';

describe('redactSecret', () => {
  it('keeps length and a short sha256 fingerprint, never the value', () => {
    const out = redactSecret(opaque);
    const expected = createHash('sha256').update(opaque).digest('hex').slice(0, 8);
    assert.equal(out, `[redacted ${opaque.length} chars sha256:${expected}]`);
    assert.equal(fingerprint(opaque), `sha256:${expected}`);
  });

  it('keeps a JWT header and claims but drops the signature', () => {
    const out = redactSecret(jwt);
    assert.match(
      out,
      /^\[redacted JWT \d+ chars sha256:[0-9a-f]{8} header=\{"alg":"RS256","kid":"key-1"\} claims=\{"sub":"alice","aud":"mcp"\}\]$/,
    );
    assert.ok(!out.includes(signature));
    assert.ok(!out.includes(jwt.split('.')[1]));
  });

  it('describes JWE without claims and garbage as opaque', () => {
    const jwe = `${b64({ alg: 'dir', enc: 'A128GCM' })}..aXY.Y2lwaGVy.dGFn`;
    assert.equal(describeSecret(jwe).kind, 'jwe');
    assert.equal(describeSecret(jwe).claims, undefined);
    assert.equal(describeSecret('a.b.c').kind, 'opaque');
    assert.equal(describeSecret(`${b64({ alg: 'x' })}.bm90IGpzb24.sig`).kind, 'opaque');
  });
});

describe('header redaction', () => {
  it('knows the credential headers, including vendor ones', () => {
    for (const name of ['Authorization', 'cookie', 'X-API-Key', 'x_api_key', 'Proxy-Authorization', 'X-Custom-Token', 'client_secret']) {
      assert.ok(isSensitiveName(name), name);
    }
    for (const name of ['Content-Type', 'Accept', 'MCP-Protocol-Version', 'tokenEndpoint', 'url']) assert.ok(!isSensitiveName(name), name);
  });

  it('keeps the auth scheme and cookie names', () => {
    assert.equal(redactHeaderValue('Authorization', `Bearer ${opaque}`), `Bearer ${redactSecret(opaque)}`);
    assert.equal(
      redactHeaderValue('Cookie', 'sid=abc123456; theme=dark'),
      `sid=${redactSecret('abc123456')}; theme=${redactSecret('dark')}`,
    );
    assert.equal(redactHeaderValue('Set-Cookie', 'sid=abc; Path=/; HttpOnly'), `sid=${redactSecret('abc')}; Path=/; HttpOnly`);
    assert.equal(redactHeaderValue('Accept', 'application/json'), 'application/json');
  });

  it('redacts a header map, joining repeated values', () => {
    const out = redactHeaders({ 'X-API-Key': opaque, accept: ['a', 'b'], skipped: undefined });
    assert.deepEqual(out, { 'X-API-Key': redactSecret(opaque), accept: 'a, b' });
  });
});

describe('redactText and redactDeep', () => {
  it('replaces known secrets (also URL-encoded) and anything token-shaped', () => {
    const secret = 'p@ss word/with+chars';
    const text = `secret=${secret} enc=${encodeURIComponent(secret)} token ${jwt} Bearer ${opaque}`;
    const out = redactText(text, { secrets: [secret] });
    for (const leaked of [secret, encodeURIComponent(secret), jwt, signature, opaque]) assert.ok(!out.includes(leaked), leaked);
    assert.ok(out.includes('"sub":"alice"'), 'JWT claims stay readable');
  });

  it('ignores secrets too short to redact meaningfully', () => {
    assert.equal(redactText('a b c', { secrets: ['a'] }), 'a b c');
  });

  it('walks objects: credential-named fields, nested strings, cycles, __proto__ keys', () => {
    const report: Record<string, unknown> = JSON.parse(
      `{"target":"https://x.test/mcp","headers":{"Authorization":"Bearer ${opaque}","accept":"json"},"notes":["saw ${jwt}"],"__proto__":{"polluted":true}}`,
    );
    report.self = report;
    const out = redactDeep(report, { secrets: [opaque] }) as Record<string, unknown>;
    const text = JSON.stringify(out);
    assert.ok(!text.includes(opaque) && !text.includes(signature));
    assert.equal((out.headers as Record<string, string>).accept, 'json');
    assert.equal(out.self, '[circular]');
    assert.equal(out.target, 'https://x.test/mcp');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
  });

  it('does not mutate its input and bounds depth', () => {
    const input = { token: opaque, nested: { list: [opaque] } };
    const copy = structuredClone(input);
    redactDeep(input);
    assert.deepEqual(input, copy);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200; i++) deep = { d: deep };
    assert.ok(JSON.stringify(redactDeep(deep)).includes('[too deep]'));
  });
});
