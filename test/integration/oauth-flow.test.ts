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
  before(async () => { browser = await launchSignInBrowser(); });
  after(async () => { await Promise.all(labs.map((l) => l.stop())); await browser?.close(); });

  async function flow(as: FlowAuthServerOptions, quirks: FlowLabQuirks = {}, extra: { clientId?: string; openBrowser?: BrowserOpener } = {}) {
    const lab = await startFlowLab({ as, quirks });
    labs.push(lab);
    const seen: Seen = { secrets: new Set() };
    const http = createHttpClient();
    try {
      const result = await runAuthorizationFlow(
        { url: new URL(lab.url), signal: AbortSignal.timeout(60_000), callbackTimeoutMs: 30_000, clientId: extra.clientId === 'public' ? lab.as.publicClientId : extra.clientId },
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
    assert.deepEqual(result.report.prmUrls?.map((p) => p.works), [true, true]);
    const steps = new Set(result.report.exchanges.map((e) => e.step));
    for (const step of ['challenge', 'resource-metadata', 'as-metadata', 'registration', 'authorization', 'callback', 'token', 'jwks', 'use', 'refresh']) assert.ok(steps.has(step as never), `no ${step} exchange`);
    assertNoSecrets(result, seen);
  });
});
