import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jwtCommand } from '../../src/cli/jwt';
import { type CliIo } from '../../src/cli/io';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type Lab, type ScenarioName, startLab } from '../lab/index';
import { requires } from '../support/requires';

const skip = requires('nginx');

async function withLab(scenario: ScenarioName, body: (lab: Lab) => Promise<void>): Promise<void> {
  const lab = await startLab({ scenario });
  try {
    await body(lab);
  } finally {
    await lab.stop();
  }
}

/** The whole chain, as `mcp-doctor diagnose URL --ca CA --token-env VAR` runs it. */
async function diagnoseWithToken(lab: Lab, token: string) {
  return diagnose({ url: lab.url, caFiles: [lab.caFile], token, env: {}, timeoutMs: 15_000 });
}

describe('auth against the lab (oidc-provider + SDK server + nginx)', { skip }, () => {
  it('healthy: the token is verified (kid, alg, JWKS URL), iss/aud match, scopes compared, three tools listed', () =>
    withLab('healthy', async (lab) => {
      const token = await lab.mintToken();
      const report = await diagnoseWithToken(lab, token);
      const auth = report.auth;
      assert.equal(report.findings.filter((f) => f.step === 'auth' || f.step === 'jwt').filter((f) => f.severity === 'error').length, 0);
      assert.equal(auth?.token?.verified && auth.token.verified.jwksUrl, lab.jwksUri);
      assert.equal(auth?.token?.verified && auth.token.verified.alg, 'RS256');
      assert.match(String(auth?.token?.verified && auth.token.verified.kid), /^lab-/);
      assert.equal(auth?.token?.claims?.iss, lab.issuer);
      assert.equal(auth?.token?.claims?.aud, lab.resource);
      assert.equal(auth?.token?.issuerMatch, true);
      assert.equal(auth?.token?.audienceMatch, true);
      assert.deepEqual(auth?.token?.scopesRequired, [...lab.requiredScopes]);
      for (const scope of lab.requiredScopes) assert.ok(auth?.token?.scopesGranted.includes(scope));
      assert.deepEqual([...(report.mcp?.tools ?? [])].sort(), [...lab.toolNames].sort());
      assert.equal(auth?.protectedResource?.resource, lab.resource);
      assert.equal(auth?.authorizationServer?.issuer, lab.issuer);
      assert.ok(report.findings.some((f) => f.code === 'AUTH_ENFORCED_OK'));
      assert.ok(!JSON.stringify(report).includes(token), 'the report never holds the token');
    }));

  it('healthy: mcp-doctor jwt verifies a lab token against the lab JWKS with --ca', () =>
    withLab('healthy', async (lab) => {
      const out: string[] = [];
      const io: CliIo = {
        stdout: (t) => void out.push(t),
        stderr: () => undefined,
        env: {},
        color: false,
        interactive: false,
        cwd: '/',
        readStdin: async () => '',
      };
      const code = await jwtCommand(
        [await lab.mintToken(), '--jwks', lab.jwksUri, '--ca', lab.caFile, '--issuer', lab.issuer, '--audience', lab.resource],
        io,
      );
      assert.equal(code, 0, out.join(''));
      assert.match(out.join(''), /^Token VERIFIED: RS256 signature, key lab-/);
    }));

  const broken: ReadonlyArray<readonly [ScenarioName, string, RegExp]> = [
    ['jwks-unreachable', 'JWKS_UNREACHABLE', /ECONNREFUSED/],
    ['wrong-audience', 'AUTH_SERVER_REJECTS_VALID_TOKEN', /expected audience to its public URL/],
    ['wrong-issuer', 'AUTH_SERVER_REJECTS_VALID_TOKEN', /expected issuer to exactly/],
    ['expired-token', 'JWT_EXPIRED', /new token/],
    ['unknown-kid', 'JWKS_KID_NOT_FOUND', /rotation/],
  ];
  for (const [scenario, code, fix] of broken) {
    it(`${scenario}: the verdict is ${code}, with its fix`, () =>
      withLab(scenario, async (lab) => {
        const report = await diagnoseWithToken(lab, await lab.mintToken());
        assert.equal(report.verdict.code, code, JSON.stringify(report.verdict));
        assert.match(`${report.verdict.summary} ${report.verdict.fix}`, fix);
      }));
  }
});
