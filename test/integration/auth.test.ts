import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type AuthOptions } from '../../src/core/auth/options';
import { authStep } from '../../src/core/diagnose/steps/auth';
import { type DiagnosisState } from '../../src/core/diagnose/state';
import { nodeNetTransport } from '../../src/core/net/transport';
import { runSteps } from '../../src/core/pipeline/runner';
import { systemClock } from '../../src/core/pipeline/types';
import { startResourceServer, TOOLS, type ResourceServer, type ResourceServerOptions } from '../servers/auth/protectedResource';

async function runAuth(url: string, token?: string, auth: AuthOptions = {}) {
  const state: DiagnosisState = { input: { url: new URL(url), caFiles: [], token, env: {}, net: nodeNetTransport, auth }, cas: [] };
  const outcome = await runSteps([authStep], state, { timeoutMs: 15_000, clock: systemClock });
  const codes: string[] = outcome.findings.map((f) => f.code);
  return {
    state,
    auth: state.auth,
    findings: outcome.findings,
    codes,
    errors: outcome.findings.filter((f) => f.severity === 'error').map((f) => f.code),
  };
}

/** Starts a server for one test and always stops it. */
async function withServer<T>(options: ResourceServerOptions, body: (server: ResourceServer) => Promise<T>): Promise<T> {
  const server = await startResourceServer(options);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}

describe('auth step against a healthy protected resource', () => {
  let server: ResourceServer;
  before(async () => {
    server = await startResourceServer();
  });
  after(() => server.stop());

  it('discovers, verifies the token and lists the tools, with no errors', async () => {
    const token = await server.mintToken();
    const { auth, codes, errors } = await runAuth(server.mcpUrl, token);
    assert.deepEqual(errors, []);
    for (const code of ['AUTH_DISCOVERY_OK', 'JWKS_OK', 'JWT_VERIFIED', 'AUTH_ENFORCED_OK', 'AUTH_AUTHENTICATED_OK'])
      assert.ok(codes.includes(code), code);
    assert.deepEqual(auth?.token?.verified, { alg: 'RS256', kid: 'test-key-1', jwksUrl: `${server.origin}/jwks`, source: 'jwks' });
    assert.equal(auth?.token?.issuerMatch, true);
    assert.equal(auth?.token?.audienceMatch, true);
    assert.deepEqual(auth?.token?.scopesGranted, ['mcp:tools']);
    assert.deepEqual(auth?.expected?.scopes, ['mcp:tools']);
    assert.equal(auth?.expected?.scopesSource, 'challenge');
    assert.equal(auth?.protectedResource?.url, `${server.origin}/.well-known/oauth-protected-resource/mcp`);
    assert.equal(auth?.authorizationServer?.kind, 'oauth');
    assert.deepEqual(
      auth?.probes?.map((p) => [p.name, p.outcome]),
      [
        ['no-token', 'refused'],
        ['malformed-token', 'refused'],
        ['alg-none-token', 'refused'],
        ['foreign-key-token', 'refused'],
        ['initialize', 'ok'],
        ['tools/list', 'ok'],
      ],
    );
    assert.ok(!JSON.stringify(auth).includes(token), 'the report never holds the token');
    assert.ok(!JSON.stringify(auth).includes(token.split('.')[2] as string), 'not even its signature');
  });

  it('records every URL tried with status and content type', async () => {
    const { auth } = await runAuth(server.mcpUrl);
    const tried = auth?.urlsTried.map((a) => [a.url.replace(server.origin, ''), a.status]);
    assert.deepEqual(tried, [
      ['/.well-known/oauth-protected-resource/mcp', 200],
      ['/.well-known/oauth-authorization-server', 200],
      ['/jwks', 200],
    ]);
    assert.match(auth?.urlsTried[0]?.contentType ?? '', /application\/json/);
  });

  it('reports the tools from tools/list in the ok finding', async () => {
    const { findings } = await runAuth(server.mcpUrl, await server.mintToken());
    const ok = findings.find((f) => f.code === 'AUTH_AUTHENTICATED_OK');
    assert.deepEqual(ok?.evidence.tools, TOOLS);
  });

  it('sends at most a small fixed number of requests, only to the MCP URL', async () => {
    const before = server.posts.length;
    await runAuth(server.mcpUrl, await server.mintToken());
    const sent = server.posts.length - before;
    assert.ok(sent >= 5 && sent <= 9, `sent ${sent}`);
  });

  it('can turn the probes off', async () => {
    const before = server.posts.length;
    const { auth, codes } = await runAuth(server.mcpUrl, await server.mintToken(), { authProbes: false });
    assert.equal(auth?.probes, undefined);
    assert.ok(!codes.includes('AUTH_ENFORCED_OK'));
    assert.equal(server.posts.length - before, 1, 'only the unauthenticated request');
  });

  it('without a token says so and still checks discovery and the JWKS', async () => {
    const { codes, auth } = await runAuth(server.mcpUrl);
    assert.ok(codes.includes('AUTH_NO_TOKEN'));
    assert.ok(codes.includes('JWKS_OK'));
    assert.equal(auth?.token, undefined);
  });
});

describe('auth step: broken tokens', () => {
  let server: ResourceServer;
  before(async () => {
    server = await startResourceServer();
  });
  after(() => server.stop());

  it('expired token: JWT_EXPIRED in human terms, and the server rejects it', async () => {
    const token = await server.mintToken({}, { expiresInSec: -3 * 3600 });
    const { errors, findings } = await runAuth(server.mcpUrl, token);
    assert.equal(errors[0], 'JWT_EXPIRED');
    assert.match(findings.find((f) => f.code === 'JWT_EXPIRED')?.cause ?? '', /expired 3 hours/);
    assert.ok(errors.includes('AUTH_TOKEN_REJECTED'));
  });

  it('wrong audience names both values', async () => {
    const token = await server.mintToken({ aud: `${server.origin}/mcp/` });
    const { errors, findings } = await runAuth(server.mcpUrl, token);
    assert.equal(errors[0], 'JWT_AUDIENCE_MISMATCH');
    assert.match(findings.find((f) => f.code === 'JWT_AUDIENCE_MISMATCH')?.cause ?? '', /trailing slash/);
  });

  it('unknown kid: JWKS_KID_NOT_FOUND lists the kids', async () => {
    const token = await server.mintToken({}, { kid: 'rotated-key' });
    const { errors, findings } = await runAuth(server.mcpUrl, token);
    assert.equal(errors[0], 'JWKS_KID_NOT_FOUND');
    assert.deepEqual(findings.find((f) => f.code === 'JWKS_KID_NOT_FOUND')?.evidence.kids, ['test-key-1']);
  });

  it('missing scope: token scopes vs the challenge, and the 403 insufficient_scope is parsed', async () => {
    const token = await server.mintToken({ scope: 'other' });
    const { errors, findings } = await runAuth(server.mcpUrl, token);
    assert.equal(errors[0], 'JWT_SCOPE_MISSING');
    const insufficient = findings.find((f) => f.code === 'AUTH_INSUFFICIENT_SCOPE');
    assert.deepEqual(insufficient?.evidence.missing, ['mcp:tools']);
    assert.deepEqual(insufficient?.evidence.granted, ['other']);
  });
});

describe('auth step: a server whose own token settings are wrong', () => {
  it('a token that checks out but is rejected points at the server configuration', () =>
    withServer({ serverAudience: () => 'http://mcp-server:8000/mcp' }, async (server) => {
      const { errors, findings } = await runAuth(server.mcpUrl, await server.mintToken());
      assert.equal(errors[0], 'AUTH_SERVER_REJECTS_VALID_TOKEN');
      const finding = findings.find((f) => f.code === 'AUTH_SERVER_REJECTS_VALID_TOKEN');
      assert.equal(finding?.evidence.reason, 'audience');
      assert.match(finding?.fix ?? '', new RegExp(`expected audience to its public URL "${server.mcpUrl.replace(/[.]/g, '\\.')}"`));
      assert.ok(!findings.some((f) => f.code === 'AUTH_TOKEN_REJECTED'));
    }));
});

describe('auth step: which audience to expect', () => {
  it('the PRM resource, when it names this server, is the expected audience (clients request tokens for it)', () =>
    withServer({ prmResource: (o) => `${o}/`, serverAudience: (o) => `${o}/` }, async (server) => {
      const { auth, codes } = await runAuth(server.mcpUrl, await server.mintToken({ aud: `${server.origin}/` }));
      assert.deepEqual([auth?.expected?.audience, auth?.expected?.audienceSource], [`${server.origin}/`, 'prm-resource']);
      assert.equal(auth?.token?.audienceMatch, true);
      assert.ok(codes.includes('AUTH_PRM_RESOURCE_MISMATCH'), 'still worth a warning: the resource is not the exact MCP URL');
      assert.ok(!codes.includes('JWT_AUDIENCE_MISMATCH'));
    }));

  it('an explicit expectedAudience wins', () =>
    withServer({}, async (server) => {
      const { auth, codes } = await runAuth(server.mcpUrl, await server.mintToken(), { expectedAudience: 'api://mcp' });
      assert.equal(auth?.expected?.audienceSource, 'option');
      assert.ok(codes.includes('JWT_AUDIENCE_MISMATCH'));
    }));
});

describe('auth step: servers that do not enforce auth', () => {
  it('a server that forgets to check signatures accepts a foreign-key token', () =>
    withServer({ policy: 'no-signature-check' }, async (server) => {
      const { findings, auth } = await runAuth(server.mcpUrl, await server.mintToken());
      const probes = findings.filter((f) => f.code === 'AUTH_NOT_ENFORCED').map((f) => f.evidence.probe);
      assert.ok(probes.includes('foreign-key-token'));
      assert.ok(probes.includes('alg-none-token'));
      assert.equal(auth?.probes?.find((p) => p.name === 'no-token')?.outcome, 'refused');
    }));

  it('a server that accepts alg none is caught by that probe only', () =>
    withServer({ policy: 'accept-alg-none' }, async (server) => {
      const { findings } = await runAuth(server.mcpUrl, await server.mintToken());
      assert.deepEqual(
        findings.filter((f) => f.code === 'AUTH_NOT_ENFORCED').map((f) => f.evidence.probe),
        ['alg-none-token'],
      );
    }));

  it('an open server that advertises OAuth fails the no-token probe', () =>
    withServer({ policy: 'open' }, async (server) => {
      const { findings } = await runAuth(server.mcpUrl);
      assert.ok(findings.some((f) => f.code === 'AUTH_NOT_ENFORCED' && f.evidence.probe === 'no-token'));
    }));

  it('an open server without OAuth metadata is reported as not requiring auth', () =>
    withServer({ policy: 'open', noPrm: true }, async (server) => {
      const { codes, errors } = await runAuth(server.mcpUrl);
      assert.deepEqual(codes, ['AUTH_NOT_REQUIRED']);
      assert.deepEqual(errors, []);
    }));
});

describe('auth step: JWKS variants', () => {
  it('redirected JWKS gives the final URL and still verifies with its keys', () =>
    withServer({ jwks: 'redirect' }, async (server) => {
      const { findings, auth } = await runAuth(server.mcpUrl, await server.mintToken());
      const redirected = findings.find((f) => f.code === 'JWKS_REDIRECTED');
      assert.equal(redirected?.evidence.finalUrl, `${server.origin}/jwks-final`);
      assert.equal(redirected?.evidence.status, 302);
      assert.equal(auth?.token?.verified && auth.token.verified.kid, 'test-key-1');
    }));

  it('HTML instead of JSON is JWKS_INVALID and the token is loudly unverified', () =>
    withServer({ jwks: 'html' }, async (server) => {
      const { codes, auth, findings } = await runAuth(server.mcpUrl, await server.mintToken());
      assert.ok(codes.includes('JWKS_INVALID'));
      assert.match(findings.find((f) => f.code === 'JWKS_INVALID')?.cause ?? '', /HTML/);
      assert.ok(codes.includes('JWT_UNVERIFIED'));
      assert.equal(auth?.token?.verified, false);
    }));

  it('private key members are reported as exposed', () =>
    withServer({ jwks: 'private-keys' }, async (server) => {
      const { findings } = await runAuth(server.mcpUrl, await server.mintToken());
      const exposed = findings.find((f) => f.code === 'JWKS_PRIVATE_KEY_EXPOSED');
      assert.match(String(exposed?.evidence.keys), /test-key-1 \(d, p, q, dp, dq, qi\)/);
    }));

  it('unreachable JWKS carries the network error code', () =>
    withServer({ jwks: 'unreachable' }, async (server) => {
      const { findings } = await runAuth(server.mcpUrl, await server.mintToken());
      const unreachable = findings.find((f) => f.code === 'JWKS_UNREACHABLE');
      assert.equal(unreachable?.evidence.errorCode, 'ECONNREFUSED');
    }));

  it('an empty JWKS is JWKS_EMPTY', () =>
    withServer({ jwks: 'empty' }, async (server) => {
      const { codes } = await runAuth(server.mcpUrl);
      assert.ok(codes.includes('JWKS_EMPTY'));
    }));
});

describe('auth step: discovery problems', () => {
  it('401 without a challenge is AUTH_CHALLENGE_MISSING, and well-known discovery still works', () =>
    withServer({ noChallenge: true }, async (server) => {
      const { errors, codes } = await runAuth(server.mcpUrl);
      assert.equal(errors[0], 'AUTH_CHALLENGE_MISSING');
      assert.ok(codes.includes('JWKS_OK'));
    }));

  it('no metadata anywhere is AUTH_PRM_MISSING with the URLs tried', () =>
    withServer({ noPrm: true }, async (server) => {
      const { findings } = await runAuth(server.mcpUrl);
      const missing = findings.find((f) => f.code === 'AUTH_PRM_MISSING');
      assert.deepEqual(missing?.evidence.tried, [
        `${server.origin}/.well-known/oauth-protected-resource/mcp`,
        `${server.origin}/.well-known/oauth-protected-resource`,
      ]);
    }));

  it('a PRM resource for another server is an error', () =>
    withServer({ prmResource: () => 'https://elsewhere.example/mcp' }, async (server) => {
      const { errors } = await runAuth(server.mcpUrl);
      assert.ok(errors.includes('AUTH_PRM_RESOURCE_MISMATCH'));
    }));

  it('an issuer that differs from the URL it was looked up for is an error', () =>
    withServer({ asIssuer: (o) => `${o}/` }, async (server) => {
      const { findings } = await runAuth(server.mcpUrl);
      const mismatch = findings.find((f) => f.code === 'AUTH_AS_ISSUER_MISMATCH');
      assert.equal(mismatch?.evidence.hint, 'they differ only by a trailing slash');
    }));

  it('no S256 is AUTH_AS_NO_PKCE_S256', () =>
    withServer({ noPkce: true }, async (server) => {
      const { errors } = await runAuth(server.mcpUrl);
      assert.ok(errors.includes('AUTH_AS_NO_PKCE_S256'));
    }));
});

describe('auth step: rate limiting', () => {
  it('a long Retry-After stops the probes with a note instead of hammering', () =>
    withServer({ rateLimit: { skip: 1, count: 100, retryAfter: '120' } }, async (server) => {
      const { codes, auth } = await runAuth(server.mcpUrl, await server.mintToken());
      assert.ok(codes.includes('AUTH_PROBES_INCOMPLETE'));
      assert.equal(server.posts.length, 2, 'the unauthenticated request and one rate-limited probe');
      assert.ok(auth?.probes?.some((p) => p.outcome === 'skipped'));
    }));

  it('a short Retry-After is waited out and the probes complete', () =>
    withServer({ rateLimit: { skip: 1, count: 1, retryAfter: '1' } }, async (server) => {
      const { codes } = await runAuth(server.mcpUrl, await server.mintToken());
      assert.ok(codes.includes('AUTH_ENFORCED_OK'));
      assert.ok(!codes.includes('AUTH_PROBES_INCOMPLETE'));
    }));
});
