/** What the flow view may show of each exchange: never codes, verifiers, state, tokens or client secrets. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identityProviderOf } from '../../../src/core/oauth/idp';
import { createPkce, s256 } from '../../../src/core/oauth/pkce';
import { redactBody, redactExchange, redactFlow, redactUrl } from '../../../src/core/oauth/redaction';

const CODE = 'SplxlOBeZQQYbYS6WxSbIA-code';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

describe('flow redaction', () => {
  it('URL query: code and state redacted, the rest kept', () => {
    const out = redactUrl(`http://127.0.0.1:5000/callback?code=${CODE}&state=xyzstate123&iss=https%3A%2F%2Fas.example`);
    assert.ok(!out.includes(CODE) && !out.includes('xyzstate123'));
    assert.match(out, /iss=https%3A%2F%2Fas\.example/);
  });

  it('form and JSON bodies: verifier, code, refresh token, client secret and tokens redacted by name', () => {
    const form = redactBody(
      `grant_type=authorization_code&code=${CODE}&code_verifier=${VERIFIER}&client_id=abc&resource=https%3A%2F%2Fmcp`,
      'application/x-www-form-urlencoded',
    )!;
    assert.ok(!form.includes(CODE) && !form.includes(VERIFIER));
    assert.match(form, /client_id=abc/);
    assert.match(form, /resource=https%3A%2F%2Fmcp/);
    const json = redactBody(
      JSON.stringify({
        access_token: 'opaque-access-1234567',
        refresh_token: 'opaque-refresh-1234567',
        client_secret: 'shh-secret-123456',
        token_type: 'Bearer',
        expires_in: 600,
      }),
      'application/json',
    )!;
    for (const secret of ['opaque-access-1234567', 'opaque-refresh-1234567', 'shh-secret-123456'])
      assert.ok(!json.includes(secret), secret);
    assert.match(json, /"token_type":"Bearer"/);
  });

  it('the final pass removes a known secret wherever a server echoed it, and leaves our own words alone', () => {
    const out = redactFlow({ verdict: `invalid_grant: code ${CODE} already used`, fix: 'answer with 401 and a Bearer challenge.' }, [CODE]);
    assert.ok(!JSON.stringify(out).includes(CODE));
    assert.equal(out.fix, 'answer with 401 and a Bearer challenge.');
  });

  it('what servers sent is also cleared of token-shaped text (a JWT the flow never saw as a secret)', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmU';
    const out = redactExchange(
      { step: 'token', method: 'POST', url: 'http://as/token', verdict: '200', ok: true, durationMs: 1, responseBody: `{"note":"${jwt}"}` },
      [],
    );
    assert.ok(!JSON.stringify(out).includes(jwt));
  });
});

describe('PKCE and providers', () => {
  it('S256 matches RFC 7636 appendix B, and verifiers are 43 characters', () => {
    assert.equal(s256(VERIFIER), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const pair = createPkce();
    assert.equal(pair.verifier.length, 43);
    assert.equal(pair.challenge, s256(pair.verifier));
  });

  it('recognises identity providers from the issuer', () => {
    assert.equal(identityProviderOf('https://login.microsoftonline.com/8eaef023-2b34-4da1-9baa-8bc8c9d6a490/v2.0')?.provider, 'entra');
    assert.equal(identityProviderOf('https://sso.example.com/realms/mcp')?.provider, 'keycloak');
    assert.equal(identityProviderOf('https://sso.example.com/auth/realms/mcp/')?.provider, 'keycloak');
    assert.equal(identityProviderOf('https://tenant.eu.auth0.com/')?.provider, 'auth0');
    assert.equal(identityProviderOf('https://dev-1.okta.com/oauth2/default')?.provider, 'okta');
    assert.equal(identityProviderOf('https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc')?.provider, 'cognito');
    assert.equal(identityProviderOf('https://as.example.com'), undefined);
  });
});
