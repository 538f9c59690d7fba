/**
 * The MCP authorization flow with a Client ID Metadata Document against a real authorization server
 * that fetches it (test/lab/cimdAuthServer.ts, written from the MCP 2025-11-25 spec and
 * draft-ietf-oauth-client-id-metadata-document: oidc-provider has no CIMD), the document served over
 * https with the lab's private CA, and the lab MCP server checking the token. The "browser" is a plain
 * GET of the authorization URL that follows the AS's redirect to the loopback listener (the AS
 * auto-approves), so no Chromium is needed.
 */
import assert from 'node:assert/strict';
import { rootCertificates } from 'node:tls';
import { after, describe, it } from 'node:test';
import { createHttpClient } from '../../src/core/http/client';
import { runAuthorizationFlow } from '../../src/core/oauth/flow';
import { type BrowserOpener } from '../../src/core/oauth/types';
import { type CimdAuthServerOptions } from '../lab/cimdAuthServer';
import { startCimdLab, type CimdLab } from '../lab/cimdLab';

/** What the "browser" saw: the status of the last page it landed on. */
interface Visit {
  finalStatus?: number;
  finalUrl?: string;
}

function plainGetBrowser(visit: Visit): BrowserOpener {
  return async (url, signal) => {
    const answer = await fetch(url, { redirect: 'follow', signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
    await answer.text();
    visit.finalStatus = answer.status;
    visit.finalUrl = answer.url;
  };
}

const noBrowser: BrowserOpener = async () => assert.fail('the flow must stop before the browser');

function document(lab: CimdLab, name: string, overrides: Record<string, unknown> = {}): string {
  const url = lab.as.documentUrl(name);
  lab.as.setDocument(name, {
    client_id: url,
    client_name: 'MCP Doctor (lab)',
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    ...overrides,
  });
  return url;
}

describe('OAuth flow with a client ID metadata document against an AS that fetches it', () => {
  const labs: CimdLab[] = [];
  after(async () => {
    await Promise.all(labs.map((l) => l.stop()));
  });

  async function lab(options: CimdAuthServerOptions = {}): Promise<CimdLab> {
    const started = await startCimdLab(options);
    labs.push(started);
    return started;
  }

  async function flow(
    target: CimdLab,
    clientMetadataUrl: string,
    extra: { openBrowser?: BrowserOpener; trustLabCa?: boolean; callbackTimeoutMs?: number } = {},
  ) {
    const visit: Visit = {};
    // As `mcp-doctor login --ca FILE` passes it: the system roots plus the given CA, for every https URL.
    const tls = extra.trustLabCa === false ? undefined : { ca: [...rootCertificates, target.as.caPem] };
    const http = createHttpClient();
    try {
      const result = await runAuthorizationFlow(
        {
          url: new URL(target.url),
          clientMetadataUrl,
          signal: AbortSignal.timeout(30_000),
          callbackTimeoutMs: extra.callbackTimeoutMs ?? 10_000,
        },
        { http, tls: () => tls, openBrowser: extra.openBrowser ?? plainGetBrowser(visit) },
      );
      return { result, visit, codes: result.findings.map((f) => f.code) };
    } finally {
      await http.close();
    }
  }

  it('a valid document: the AS fetches it, the flow completes, the token is verified and lists the three tools', async () => {
    const target = await lab();
    const url = document(target, 'good');
    const { result, codes } = await flow(target, url);
    assert.ok(codes.includes('OAUTH_FLOW_OK'), codes.join(', '));
    assert.ok(codes.includes('JWT_VERIFIED'), codes.join(', '));
    assert.equal(result.report.registration, 'client-id-metadata-document');
    assert.equal(result.report.clientId, url);
    assert.equal(result.report.authorizationServer?.clientIdMetadataDocumentSupported, true);
    assert.deepEqual(target.as.documentFetches, [url]);
    assert.deepEqual([...(result.report.tools ?? [])].sort(), ['calculate_account_value', 'create_support_ticket', 'get_customer_info']);
    const registration = result.report.exchanges.filter((e) => e.step === 'registration');
    assert.equal(registration.length, 1);
    assert.equal(registration[0]?.url, url);
    assert.equal(registration[0]?.ok, true);
    assert.ok(result.accessToken);
    assert.ok(!JSON.stringify(result.report).includes(result.accessToken));
  });

  it('the document says another client_id: OAUTH_CIMD_INVALID before the browser, as the AS itself refuses it', async () => {
    const target = await lab();
    const url = document(target, 'other-id', { client_id: 'https://app.example.com/client.json' });
    const { result, codes } = await flow(target, url, { openBrowser: noBrowser });
    const finding = result.findings.find((f) => f.code === 'OAUTH_CIMD_INVALID');
    assert.ok(finding, codes.join(', '));
    assert.match(finding.cause, /says "client_id": "https:\/\/app\.example\.com\/client\.json", not its own URL/);
    assert.equal(result.report.stoppedAt, 'registration');
    // The real AS agrees: it fetches the document and refuses without redirecting.
    const refused = await authorizeDirectly(target, url, 'http://127.0.0.1:4321/callback');
    assert.equal(refused.status, 400);
    assert.deepEqual(target.as.refusals, ['the document client_id is not its URL']);
  });

  it("the document does not list the flow's redirect URI: OAUTH_CIMD_INVALID before the browser, as the AS refuses it", async () => {
    const target = await lab();
    const url = document(target, 'other-redirect', { redirect_uris: ['http://127.0.0.1/oauth/cb'] });
    const { result, codes } = await flow(target, url, { openBrowser: noBrowser });
    const finding = result.findings.find((f) => f.code === 'OAUTH_CIMD_INVALID');
    assert.ok(finding, codes.join(', '));
    assert.match(finding.cause, /http:\/\/127\.0\.0\.1\/callback/);
    assert.equal(result.report.stoppedAt, 'registration');
    const refused = await authorizeDirectly(target, url, 'http://127.0.0.1:4321/callback');
    assert.equal(refused.status, 400);
    assert.deepEqual(target.as.refusals, ['redirect_uri is not listed in the document']);
  });

  it('an AS that does not advertise CIMD and refuses URL client ids: OAUTH_CIMD_UNSUPPORTED, and no code comes back', async () => {
    const target = await lab({ advertiseCimd: false });
    const url = document(target, 'good');
    const { result, visit, codes } = await flow(target, url, { callbackTimeoutMs: 2_000 });
    assert.ok(codes.includes('OAUTH_CIMD_UNSUPPORTED'), codes.join(', '));
    assert.equal(result.report.authorizationServer?.clientIdMetadataDocumentSupported, false);
    assert.equal(visit.finalStatus, 400);
    assert.deepEqual(target.as.refusals, ['client_id is a URL, and this server does not support client ID metadata documents']);
    assert.ok(codes.includes('OAUTH_CALLBACK_TIMEOUT'), codes.join(', '));
    assert.ok(!codes.includes('OAUTH_FLOW_OK'));
    assert.equal(result.accessToken, undefined);
  });

  it('an AS that accepts CIMD without advertising it: the flow completes, with the OAUTH_CIMD_UNSUPPORTED warning', async () => {
    const target = await lab({ advertiseCimd: false, acceptUrlClientIds: true });
    const url = document(target, 'good');
    const { result, codes } = await flow(target, url);
    assert.ok(codes.includes('OAUTH_CIMD_UNSUPPORTED'), codes.join(', '));
    assert.ok(codes.includes('OAUTH_FLOW_OK'), codes.join(', '));
    assert.equal(result.report.registration, 'client-id-metadata-document');
  });

  it("without the lab CA the document cannot be fetched: OAUTH_CIMD_INVALID names the TLS error's outcome", async () => {
    const target = await lab();
    const url = document(target, 'good');
    const { result, codes } = await flow(target, url, { openBrowser: noBrowser, trustLabCa: false });
    const finding = result.findings.find((f) => f.code === 'OAUTH_CIMD_INVALID');
    assert.ok(finding, codes.join(', '));
    assert.match(finding.cause, /could not be fetched as JSON/);
    const registration = result.report.exchanges.find((e) => e.step === 'registration');
    assert.equal(registration?.errorCode, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});

/** The authorization request a browser would send, straight to the AS (no redirect followed). */
async function authorizeDirectly(target: CimdLab, clientId: string, redirectUri: string): Promise<Response> {
  const url = new URL(`${target.as.issuer}/authorize`);
  const params = {
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSbtSXcM',
    code_challenge_method: 'S256',
    state: 'lab-state',
    resource: target.url,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const answer = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
  await answer.text();
  return answer;
}
