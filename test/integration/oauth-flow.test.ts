/**
 * The MCP authorization flow against real components: oidc-provider (authorization code + PKCE,
 * RFC 8707, RFC 9207, DCR, refresh tokens) in several configurations, the lab MCP server (official
 * SDK, jose) behind a front with the server-side quirks, and Debian's Chromium through
 * oidc-provider's real login and consent pages. Each misconfiguration produces its own finding.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
import { type HttpClient, createHttpClient } from '../../src/core/http/client';
import { runAuthorizationFlow } from '../../src/core/oauth/flow';
import { type BrowserOpener, type FlowResult } from '../../src/core/oauth/types';
import { type FlowAuthServerOptions } from '../lab/flowAuthServer';
import { startFlowLab, type FlowLab, type FlowLabQuirks } from '../lab/flowLab';
import { chromiumMissing, launchSignInBrowser, signIn } from '../lab/signInBrowser';

const skip = chromiumMissing();

/** The values a leak would show: everything the flow sent or received that is a secret. */
interface Seen {
  readonly secrets: Set<string>;
}

/** The real client, spying on what it sends and receives so the test knows the real secret values. */
function spyingHttp(inner: HttpClient, seen: Seen): HttpClient {
  return async (spec) => {
    const result = await inner(spec);
    if (spec.body && spec.headers?.['content-type']?.includes('x-www-form-urlencoded')) {
      for (const name of ['code', 'code_verifier', 'refresh_token']) {
        const value = new URLSearchParams(spec.body).get(name);
        if (value) seen.secrets.add(value);
      }
    }
    try {
      const json = JSON.parse(result.body) as Record<string, unknown>;
      for (const name of ['access_token', 'refresh_token', 'id_token', 'client_secret', 'registration_access_token']) {
        if (typeof json[name] === 'string') seen.secrets.add(json[name]);
      }
    } catch {
      // not JSON
    }
    return result;
  };
}

function browserOpener(browser: Browser, seen: Seen): BrowserOpener {
  return async (url) => {
    const state = new URL(url).searchParams.get('state');
    if (state) seen.secrets.add(state);
    const trace = await signIn(browser, url);
    const callback = trace.urls.find((u) => u.includes('/callback?'));
    const code = callback ? new URL(callback).searchParams.get('code') : null;
    if (code) seen.secrets.add(code);
  };
}

/** Asserts no secret the flow handled appears anywhere in what it returns for output. */
function assertNoSecrets(result: FlowResult, seen: Seen): void {
  const output = JSON.stringify({ report: result.report, findings: result.findings });
  assert.ok(seen.secrets.size > 0);
  for (const secret of seen.secrets) assert.ok(!output.includes(secret), `a secret (${secret.length} chars) leaked into the report`);
}

describe('OAuth flow against oidc-provider and the lab MCP server', { skip }, () => {
  let browser: Browser;
  const labs: FlowLab[] = [];
  before(async () => {
    browser = await launchSignInBrowser();
  });
  after(async () => {
    await Promise.all(labs.map((l) => l.stop()));
    await browser?.close();
  });

  async function flow(
    as: FlowAuthServerOptions,
    quirks: FlowLabQuirks = {},
    extra: { clientId?: string; clientMetadataUrl?: string; openBrowser?: BrowserOpener } = {},
  ) {
    const lab = await startFlowLab({ as, quirks });
    labs.push(lab);
    const seen: Seen = { secrets: new Set() };
    const http = createHttpClient();
    try {
      const result = await runAuthorizationFlow(
        {
          url: new URL(lab.url),
          signal: AbortSignal.timeout(60_000),
          callbackTimeoutMs: 30_000,
          clientId: extra.clientId === 'public' ? lab.as.publicClientId : extra.clientId,
          clientMetadataUrl: extra.clientMetadataUrl,
        },
        { http: spyingHttp(http, seen), openBrowser: extra.openBrowser ?? browserOpener(browser, seen) },
      );
      return { lab, result, seen, codes: result.findings.map((f) => f.code) };
    } finally {
      await http.close();
    }
  }

  it('DCR on: signs in through the real login and consent pages, lists the three tools, refreshes, and leaks no secret', async () => {
    const { result, seen, codes } = await flow({});
    assert.ok(codes.includes('OAUTH_FLOW_OK'), codes.join(', '));
    assert.equal(result.report.registration, 'dynamic-registration');
    assert.deepEqual([...(result.report.tools ?? [])].sort(), ['calculate_account_value', 'create_support_ticket', 'get_customer_info']);
    assert.ok(codes.includes('OAUTH_REFRESH_OK'), codes.join(', '));
    assert.ok(codes.includes('JWT_VERIFIED'), codes.join(', '));
    assert.ok(result.accessToken && seen.secrets.has(result.accessToken));
    assert.deepEqual(
      result.report.prmUrls?.map((p) => p.works),
      [true, true],
    );
    const steps = new Set(result.report.exchanges.map((e) => e.step));
    for (const step of [
      'challenge',
      'resource-metadata',
      'as-metadata',
      'registration',
      'authorization',
      'callback',
      'token',
      'jwks',
      'use',
      'refresh',
    ])
      assert.ok(steps.has(step as never), `no ${step} exchange`);
    assertNoSecrets(result, seen);
  });

  it('a pre-registered public client with DCR off, against an issuer with a path (RFC 8414 path-inserted metadata)', async () => {
    const { result, seen, codes } = await flow({ dcr: false, issuerPath: '/tenant-a' }, {}, { clientId: 'public' });
    assert.ok(codes.includes('OAUTH_FLOW_OK'), codes.join(', '));
    assert.equal(result.report.registration, 'pre-registered');
    assert.match(result.report.authorizationServer?.url ?? '', /\/\.well-known\/oauth-authorization-server\/tenant-a$/);
    assert.ok(!result.report.exchanges.some((e) => e.step === 'registration'));
    assertNoSecrets(result, seen);
  });

  it('a 403 insufficient_scope leads to one step-up round with the union of scopes', async () => {
    const { result, codes } = await flow({}, { requiredScopes: ['mcp:tools', 'customers:read'], challengeScope: 'mcp:tools' });
    const stepUp = result.findings.find((f) => f.code === 'OAUTH_STEP_UP');
    assert.ok(stepUp, codes.join(', '));
    assert.equal(stepUp.evidence.scopes, 'mcp:tools customers:read');
    assert.equal(stepUp.evidence.ok, true);
    assert.ok(codes.includes('OAUTH_FLOW_OK'), codes.join(', '));
    assert.equal(result.report.exchanges.filter((e) => e.step === 'authorization').length, 2);
  });

  it('no refresh token issued: the flow completes without a refresh step', async () => {
    const { result, codes } = await flow({ refreshTokens: false });
    assert.ok(codes.includes('OAUTH_FLOW_OK'), codes.join(', '));
    assert.ok(!result.report.exchanges.some((e) => e.step === 'refresh'));
    assert.equal(result.refreshToken, undefined);
  });

  it('iss missing from the response although advertised: OAUTH_ISS_MISSING, the code is not used', async () => {
    const { result, codes } = await flow({ dropIssFromResponse: true });
    assert.ok(codes.includes('OAUTH_ISS_MISSING'), codes.join(', '));
    assert.equal(result.report.stoppedAt, 'callback');
    assert.ok(!result.report.exchanges.some((e) => e.step === 'token'));
    assert.equal(result.accessToken, undefined);
  });

  it('an AS without RFC 9207 (iss neither advertised nor sent): the flow completes', async () => {
    const { result, codes } = await flow({ noIssParameter: true });
    assert.equal(result.report.authorizationServer?.authorizationResponseIssParameterSupported, false);
    assert.ok(codes.includes('OAUTH_FLOW_OK'), codes.join(', '));
    assert.ok(!codes.includes('OAUTH_ISS_MISSING'));
  });

  it('a Keycloak-shaped issuer (/realms/…) whose tokens carry aud "account": the Keycloak audience-mapper fix', async () => {
    const { result, codes } = await flow({ issuerPath: '/realms/mcp', audience: 'account' });
    const idp = result.findings.find((f) => f.code === 'OAUTH_IDP_AUDIENCE');
    assert.ok(idp, codes.join(', '));
    assert.equal(idp.evidence.provider, 'keycloak');
    assert.equal(idp.evidence.aud, 'account');
    assert.match(idp.fix, /Audience" mapper/);
    assert.ok(codes.includes('JWT_AUDIENCE_MISMATCH'));
  });

  it('invalid_target for a resource the AS does not know: explained at the authorization response', async () => {
    const { result, codes } = await flow({ acceptedResources: ['https://other.example/mcp'] });
    const finding = result.findings.find((f) => f.code === 'OAUTH_AUTHORIZATION_ERROR');
    assert.ok(finding, codes.join(', '));
    assert.equal(finding.evidence.error, 'invalid_target');
    assert.match(finding.fix, /Register the MCP server's canonical URL as a resource/);
  });

  it('a token whose aud is not the server URL: JWT_AUDIENCE_MISMATCH, and the server refuses it', async () => {
    const { result, codes } = await flow({ audience: 'api://mcp-backend' });
    assert.ok(codes.includes('JWT_AUDIENCE_MISMATCH'), codes.join(', '));
    assert.equal(result.report.stoppedAt, 'use');
    assert.equal(result.accessToken, undefined);
  });

  it('DCR refused (the registration endpoint wants an initial access token): OAUTH_DCR_REFUSED with the status', async () => {
    const { result, codes } = await flow({ dcrRequiresToken: true });
    const finding = result.findings.find((f) => f.code === 'OAUTH_DCR_REFUSED');
    assert.ok(finding, codes.join(', '));
    assert.equal(finding.evidence.status, 401);
    assert.match(finding.fix, /initial access token|--client-id/);
    assert.equal(result.report.stoppedAt, 'registration');
  });

  it('DCR off and no client id: OAUTH_NO_REGISTRATION names both fixes', async () => {
    const { result, codes } = await flow({ dcr: false });
    assert.ok(codes.includes('OAUTH_NO_REGISTRATION'), codes.join(', '));
    assert.equal(result.report.stoppedAt, 'registration');
  });

  const noBrowser: BrowserOpener = async () => assert.fail('the flow must stop before the browser');

  it('issuer mismatch and no S256 stop the flow at the AS metadata, before any browser', async () => {
    const mismatch = await flow({ advertisedIssuer: 'https://login.example.com/' }, {}, { openBrowser: noBrowser });
    assert.ok(mismatch.codes.includes('AUTH_AS_ISSUER_MISMATCH'), mismatch.codes.join(', '));
    assert.equal(mismatch.result.report.stoppedAt, 'as-metadata');
    const plain = await flow({ noS256: true }, {}, { openBrowser: noBrowser });
    assert.ok(plain.codes.includes('AUTH_AS_NO_PKCE_S256'), plain.codes.join(', '));
    assert.equal(plain.result.report.stoppedAt, 'as-metadata');
  });

  it('PRM only at the root URL: which of the URLs work is reported, with OAUTH_PRM_PARTIAL, and the flow goes on', async () => {
    const { result, codes } = await flow({}, { prmAt: ['root'] });
    assert.deepEqual(
      result.report.prmUrls?.map((p) => [p.kind, p.works]),
      [
        ['challenge', false],
        ['root', true],
      ],
    );
    const partial = result.findings.find((f) => f.code === 'OAUTH_PRM_PARTIAL');
    assert.ok(partial, codes.join(', '));
    assert.match(partial.cause, /follow the 401's resource_metadata .* stop there; clients that build the path-inserted well-known URL/);
    assert.ok(codes.includes('OAUTH_FLOW_OK'), codes.join(', '));
  });

  it('a relative resource_metadata: OAUTH_RESOURCE_METADATA_RELATIVE with the absolute URL to send', async () => {
    const { result, codes } = await flow(
      {},
      { relativeResourceMetadata: true },
      {
        openBrowser: async () => {
          throw new Error('no browser needed in this test');
        },
      },
    );
    const finding = result.findings.find((f) => f.code === 'OAUTH_RESOURCE_METADATA_RELATIVE');
    assert.ok(finding, codes.join(', '));
    assert.match(String(finding.evidence.absolute), /^http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp$/);
  });

  it('a client metadata document URL that is not https is refused before the browser, with OAUTH_CIMD_INVALID', async () => {
    const { result, codes } = await flow({}, {}, { clientMetadataUrl: 'http://127.0.0.1:9/client.json', openBrowser: noBrowser });
    const finding = result.findings.find((f) => f.code === 'OAUTH_CIMD_INVALID');
    assert.ok(finding, codes.join(', '));
    assert.match(finding.cause, /is not an https URL/);
    assert.equal(result.report.stoppedAt, 'registration');
  });
});
