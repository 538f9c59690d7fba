import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { test } from 'node:test';
import { request } from 'undici';
import { type Lab, type ScenarioName, startLab } from '../lab/index';
import { trustingAgent } from '../lab/trust';
import { requires } from '../support/requires';

// Each broken scenario breaks exactly one thing: a correctly configured client (trusting the lab CA,
// with a fresh token) fails the way the scenario says, while the rest of the lab still works.
const skip = requires('nginx');
const options = { skip, timeout: 20_000 };
const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
});

interface Outcome {
  readonly status?: number;
  readonly headers?: Record<string, string | string[] | undefined>;
  readonly errorCode?: string;
}

async function scenario(
  name: ScenarioName,
  body: (lab: Lab, post: (url: string, token?: string) => Promise<Outcome>) => Promise<void>,
): Promise<void> {
  const lab = await startLab({ scenario: name });
  const agent = trustingAgent(lab.caPem);
  const post = async (url: string, token?: string): Promise<Outcome> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const res = await request(url, { method: 'POST', headers, body: INITIALIZE, dispatcher: agent });
      await res.body.dump();
      return { status: res.statusCode, headers: res.headers };
    } catch (err) {
      return { errorCode: (err as { code?: string }).code };
    }
  };
  try {
    await body(lab, post);
  } finally {
    await agent.destroy();
    await lab.stop();
  }
}

const tlsCases: Array<[ScenarioName, string]> = [
  ['self-signed', 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  ['expired-leaf', 'CERT_HAS_EXPIRED'],
  ['wrong-host', 'ERR_TLS_CERT_ALTNAME_INVALID'],
  ['missing-intermediate', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ['plain-http-on-tls-port', 'ERR_SSL_WRONG_VERSION_NUMBER'],
];

for (const [name, code] of tlsCases) {
  test(`${name}: TLS to lab.url fails with ${code}; the backend itself is fine`, options, async () => {
    await scenario(name, async (lab, post) => {
      assert.equal((await post(lab.url, await lab.mintToken())).errorCode, code);
      assert.equal((await post(lab.backendUrl, await lab.mintToken())).status, 200);
    });
  });
}

test('plain-http-on-tls-port: the https port answers plain HTTP', options, async () => {
  await scenario('plain-http-on-tls-port', async (lab, post) => {
    assert.equal((await post(lab.correctedUrl.replace('https:', 'http:'), await lab.mintToken())).status, 200);
  });
});

const tokenCases: Array<[ScenarioName, RegExp]> = [
  ['wrong-audience', /error="invalid_token", error_description="unexpected 'aud' claim value"/],
  ['wrong-issuer', /error="invalid_token", error_description="unexpected 'iss' claim value"/],
  ['expired-token', /error="invalid_token", error_description="token expired"/],
  ['unknown-kid', /error="invalid_token", error_description="no key in the JWKS matches the token kid"/],
  ['jwks-unreachable', /error="invalid_token", error_description="could not fetch the signing keys \(JWKS\)"/],
];

for (const [name, challenge] of tokenCases) {
  test(`${name}: a freshly minted token is refused with 401 invalid_token and the reason`, options, async () => {
    await scenario(name, async (lab, post) => {
      const outcome = await post(lab.url, await lab.mintToken());
      assert.equal(outcome.status, 401);
      assert.match(String(outcome.headers?.['www-authenticate']), challenge);
      assert.match(String(outcome.headers?.['www-authenticate']), new RegExp(`resource_metadata="${lab.resourceMetadataUrl}"`));
    });
  });
}

test('token scenarios break for the reason they claim', options, async () => {
  const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
  const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string };
  await scenario('wrong-audience', async (lab) => {
    assert.equal(claimsOf(await lab.mintToken()).aud, lab.resource);
    assert.notEqual(lab.serverConfig?.audience, lab.resource);
  });
  await scenario('wrong-issuer', async (lab) => {
    assert.equal(claimsOf(await lab.mintToken()).iss, lab.issuer);
    assert.equal(lab.serverConfig?.issuer, `${lab.issuer}/`);
  });
  await scenario('expired-token', async (lab) => {
    const claims = claimsOf(await lab.mintToken());
    assert.ok(Number(claims.exp) < Date.now() / 1000 - 60, 'expired minutes ago');
    assert.ok(Number(claims.iat) < Number(claims.exp));
  });
  await scenario('unknown-kid', async (lab) => {
    const jwks = await getJson(lab, lab.jwksUri);
    const kids = (jwks.keys as Array<{ kid: string }>).map((k) => k.kid);
    assert.ok(kids.length > 0 && !kids.includes(headerOf(await lab.mintToken()).kid));
  });
  await scenario('jwks-unreachable', async (lab) => {
    const discovery = await getJson(lab, `${lab.issuer}/.well-known/oauth-authorization-server`);
    assert.equal(discovery.jwks_uri, lab.jwksUri);
    assert.equal(lab.serverConfig?.jwksUri, lab.jwksUri);
    await assert.rejects(getJson(lab, lab.jwksUri), (err: Error & { code?: string }) => err.code === 'ECONNREFUSED');
  });
});

test('rate-limited: the fourth request gets 429 with Retry-After and RateLimit-* headers', options, async () => {
  await scenario('rate-limited', async (lab, post) => {
    const token = await lab.mintToken();
    const statuses: number[] = [];
    let last: Outcome = {};
    for (let i = 0; i < 4; i++) {
      last = await post(lab.url, token);
      statuses.push(last.status ?? 0);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    assert.match(String(last.headers?.['retry-after']), /^\d+$/);
    assert.equal(last.headers?.['ratelimit-limit'], '3');
    assert.equal(last.headers?.['ratelimit-remaining'], '0');
  });
});

test('every scenario leaf is issued as intended', options, async () => {
  await scenario('wrong-host', async (lab) => {
    assert.equal(new X509Certificate(lab.servedLeafPem ?? '').subjectAltName, 'DNS:mcp.internal.example');
  });
  await scenario('expired-leaf', async (lab) => {
    assert.ok(new Date(new X509Certificate(lab.servedLeafPem ?? '').validTo) < new Date());
  });
});

async function getJson(lab: Lab, url: string): Promise<Record<string, unknown>> {
  const agent = trustingAgent(lab.caPem);
  try {
    const res = await request(url, { dispatcher: agent });
    return (await res.body.json()) as Record<string, unknown>;
  } finally {
    await agent.destroy();
  }
}
