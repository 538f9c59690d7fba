/**
 * Hovering a token in any file is passive: a token that names URLs (jku, x5u, iss, a JWKS in its
 * claims) makes no request to them, with or without a configured server's keys cached, and its
 * text cannot turn the hover into links or markup.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDecoder, loadEngine } from '../../src/extension/engine';
import { tokenHoverAt } from '../../src/extension/jwt/hover';
import { JwksCache } from '../../src/extension/jwt/jwksCache';
import { stringSource } from '../../src/extension/jwt/tokenText';
import { type HostileServer, jsonResponse, startHostileHttp } from './servers';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('token hover never fetches what a token names', () => {
  let server: HostileServer;
  before(async () => {
    server = await startHostileHttp((_req, conn) => conn.socket.write(jsonResponse(200, '{"keys":[]}')));
  });
  after(() => server.close());

  it('jku, x5u, iss and JWKS-looking claims pointing at a live server: zero requests', async () => {
    const at = (path: string) => server.url(path).href;
    const token = `${b64({ alg: 'RS256', kid: 'k1', jku: at('/jku'), x5u: at('/x5u') })}.${b64({ iss: at('/'), jwks_uri: at('/jwks'), aud: at('/mcp'), exp: 4102444800, note: `[click](${at('/md')}) <img src="${at('/img')}">` })}.c2ln`;
    const cache = new JwksCache();
    cache.set({
      serverId: 's1',
      serverName: 'configured',
      jwksUrl: 'https://as.test/jwks',
      issuer: at('/'),
      audience: at('/mcp'),
      jwks: { keys: [{ kty: 'RSA', kid: 'k1', n: 'AQAB', e: 'AQAB' }] },
      fetchedAt: Date.now(),
    });
    for (const jwks of [new JwksCache(), cache]) {
      const text = `TOKEN=${token}\n`;
      const hover = await tokenHoverAt(stringSource(text), 10, { decoder: loadDecoder, engine: loadEngine, jwks, now: Date.now });
      assert.ok(hover, 'the token is recognised');
      assert.doesNotMatch(hover.markdown, /(^|[^\\])\]\(http/, 'no Markdown link from token text');
      assert.doesNotMatch(hover.markdown, /(^|[^\\])<img/, 'no HTML from token text');
      assert.match(hover.markdown, /\\<img/, 'the markup is shown, escaped');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual(server.requests, [], 'the hover fetched something a token named');
  });
});
