import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bearerChallenge, MAX_HEADER_CHARS, parseWwwAuthenticate } from '../../../src/core/auth/wwwAuthenticate';

const bearer = (header: string) => bearerChallenge(parseWwwAuthenticate(header));

describe('parseWwwAuthenticate', () => {
  it('reads the MCP Bearer challenge', () => {
    assert.deepEqual(
      bearer(
        'Bearer realm="mcp", resource_metadata="https://x/.well-known/oauth-protected-resource/mcp", scope="a b", error="invalid_token", error_description="expired"',
      ),
      {
        realm: 'mcp',
        resourceMetadata: 'https://x/.well-known/oauth-protected-resource/mcp',
        scope: 'a b',
        error: 'invalid_token',
        errorDescription: 'expired',
      },
    );
  });

  it('handles several challenges, token68 and case-insensitive schemes and names', () => {
    const parsed = parseWwwAuthenticate(
      'Basic YWxhZGRpbjpvcGVuc2VzYW1l==, Newauth realm="apps", type=1, title="Login to \\"apps\\"", bEaReR Resource_Metadata="u"',
    );
    assert.deepEqual(
      parsed.challenges.map((c) => c.scheme),
      ['Basic', 'Newauth', 'bEaReR'],
    );
    assert.equal(parsed.challenges[0]?.token68, 'YWxhZGRpbjpvcGVuc2VzYW1l==');
    assert.deepEqual(parsed.challenges[1]?.params, { realm: 'apps', type: '1', title: 'Login to "apps"' });
    assert.equal(bearer('Basic x, bEaReR Resource_Metadata="u"')?.resourceMetadata, 'u');
    assert.deepEqual(parsed.problems, []);
  });

  it('a quoted comma does not split challenges', () => {
    const parsed = parseWwwAuthenticate('Bearer scope="a,b", error_description="x, Basic y"');
    assert.equal(parsed.challenges.length, 1);
    assert.equal(parsed.challenges[0]?.params.error_description, 'x, Basic y');
  });

  it('tolerates and records what real servers get wrong', () => {
    const noCommas = parseWwwAuthenticate('Bearer realm="a" resource_metadata="https://x/y"');
    assert.equal(bearerChallenge(noCommas)?.resourceMetadata, 'https://x/y');
    assert.match(noCommas.problems.join(), /missing comma/);
    const unquoted = parseWwwAuthenticate('Bearer resource_metadata=https://x/.well-known/y, scope=read');
    assert.equal(bearerChallenge(unquoted)?.resourceMetadata, 'https://x/.well-known/y');
    assert.equal(bearerChallenge(unquoted)?.scope, 'read');
    const open = parseWwwAuthenticate('Bearer error="invalid_token');
    assert.match(open.problems.join(), /unterminated/);
    assert.equal(bearerChallenge(open)?.error, 'invalid_token');
    const dup = parseWwwAuthenticate('Bearer scope="a", scope="b"');
    assert.equal(dup.challenges[0]?.params.scope, 'a');
  });

  it('a bare scheme, an empty header and junk give no Bearer fields but no crash', () => {
    assert.deepEqual(bearer('Bearer'), {
      realm: undefined,
      resourceMetadata: undefined,
      scope: undefined,
      error: undefined,
      errorDescription: undefined,
    });
    assert.equal(bearer(''), undefined);
    assert.equal(bearer('Basic realm="x"'), undefined);
    assert.ok(parseWwwAuthenticate('=,=,"""').problems.length > 0);
  });

  it('prototype-looking parameter names stay plain data', () => {
    const parsed = parseWwwAuthenticate('Bearer __proto__="x", constructor="y"');
    const params = parsed.challenges[0]?.params ?? {};
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(params, '__proto__')?.value, 'x');
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('is bounded: long headers are cut, challenge and parameter counts capped', () => {
    const long = `Bearer realm="${'a'.repeat(MAX_HEADER_CHARS * 4)}"`;
    const parsed = parseWwwAuthenticate(long);
    assert.ok((parsed.challenges[0]?.params.realm.length ?? 0) < MAX_HEADER_CHARS);
    assert.match(parsed.problems.join(), /longer than/);
    assert.ok(parseWwwAuthenticate('A a=1, '.repeat(100)).challenges.length <= 16);
    assert.ok(
      Object.keys(parseWwwAuthenticate(`Bearer ${Array.from({ length: 100 }, (_, i) => `p${i}=1`).join(', ')}`).challenges[0]?.params ?? {})
        .length <= 32,
    );
  });

  it('never throws and returns well-formed output for any input (fuzz)', () => {
    const piece = fc.constantFrom(
      'Bearer',
      'Basic',
      ' ',
      ',',
      '=',
      '"',
      '\\',
      'realm',
      'resource_metadata',
      'scope',
      'a b',
      '==',
      '\t',
      'é',
      '\u0000',
    );
    const headerish = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 500 }), headerish), (header) => {
        const parsed = parseWwwAuthenticate(header);
        assert.ok(parsed.challenges.length <= 16);
        for (const c of parsed.challenges) {
          assert.ok(c.scheme.length > 0);
          for (const v of Object.values(c.params)) assert.equal(typeof v, 'string');
        }
        JSON.stringify(parsed);
      }),
      { numRuns: 3000 },
    );
  });
});
