/**
 * "MCP Doctor: Sign In to MCP Server…" over the extension's services (fakes for the VS Code window,
 * the real engine): the user confirms the authorization server's host, env.openExternal hands the
 * URL to Debian's Chromium driven through oidc-provider's real pages, the token lands in secret
 * storage for that server (where checks and diagnoses read it), the server is diagnosed with it and
 * the panel shows the flow beside that diagnosis, and nothing the user could see or the log holds
 * contains the token, the code or the state. A refresh token kept by the sign-in renews an expired
 * token once before a status check, for the same resource.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
import { decodeJwt } from 'jose';
import { backgroundCheck } from '../../src/extension/commands/run';
import { needsSignIn, signInReason } from '../../src/core/status/signIn';
import { diagnoseServer } from '../../src/extension/commands/diagnose';
import { signInCommand } from '../../src/extension/commands/signIn';
import { readSignIn } from '../../src/extension/commands/signInGrant';
import { signInKey, tokenKey } from '../../src/extension/host/secrets';
import { prepareTarget } from '../../src/extension/servers/target';
import { startFlowLab, type FlowLab } from '../lab/flowLab';
import { chromiumMissing, launchSignInBrowser, signIn } from '../lab/signInBrowser';
import { everythingWritten, harness, type Harness, pickBy, SignInPresenter } from '../unit/extension/fakes';

describe('Sign In to MCP Server (extension command, real engine, real browser)', { skip: chromiumMissing() }, () => {
  let browser: Browser;
  let lab: FlowLab;
  before(async () => {
    [browser, lab] = await Promise.all([launchSignInBrowser(), startFlowLab()]);
  });
  after(async () => {
    await lab?.stop();
    await browser?.close();
  });

  /** Answers the pick and the host confirmation, and signs in in Chromium; `seen` gets the real state and code. */
  function signingIn(h: Harness, seen: string[]): void {
    h.ui.pickAnswers.push(pickBy('lab'));
    h.ui.messageAnswer = 'Open Browser';
    h.ui.externalOpener = async (url) => {
      seen.push(new URL(url).searchParams.get('state')!);
      const trace = await signIn(browser, url);
      const callback = trace.urls.find((u) => u.includes('/callback?'));
      if (callback) seen.push(new URL(callback).searchParams.get('code')!);
    };
  }

  it('confirms the host, signs in, stores the token, and shows the flow beside the diagnosis made with it', async () => {
    const presenter = new SignInPresenter();
    const h = harness({ settings: { servers: [{ name: 'lab', url: lab.url }], timeoutMs: 5000 }, presenter });
    const before = await diagnoseServer(h.s, (await h.s.registry.discover()).servers[0]!);
    assert.ok(before && needsSignIn(before), 'without a token the diagnosis offers sign-in');
    assert.equal(signInReason(before), 'the server asks for a token: sign in');
    const seen: string[] = [];
    signingIn(h, seen);
    const result = await signInCommand(h.s);
    assert.ok(result?.accessToken, JSON.stringify(result?.findings.map((f) => f.code)));
    assert.ok(
      h.ui.messages.some((m) => m.text.includes(`at ${new URL(lab.as.issuer).host}?`)),
      'the host was shown before the browser opened',
    );
    assert.ok(h.ui.calls.includes(`openExternal:${lab.as.origin}`));
    const server = (await h.s.registry.discover()).servers[0]!;
    assert.equal(await h.secrets.get(tokenKey(server.id)), result.accessToken);
    const target = await prepareTarget(server, { ...h.s, ui: h.ui, rediscover: () => h.s.registry.discover() });
    assert.equal(target?.token, result.accessToken, 'checks and diagnoses of this server use the new token');

    assert.equal(presenter.signIns.length, 1, 'the panel shows the sign-in');
    const shown = presenter.signIns[0]!;
    assert.equal(shown.context.serverName, 'lab');
    assert.ok(shown.flow.report.exchanges.some((e) => e.verdict === 'tools/list: 3 tools with the new token'));
    assert.ok(shown.report, 'with the diagnosis run with the new token');
    const codes = shown.report.findings.map((f) => f.code);
    assert.ok(codes.includes('JWT_VERIFIED') && codes.includes('MCP_OK'), JSON.stringify(codes));
    assert.ok(!shown.report.findings.some((f) => f.severity === 'error'), JSON.stringify(codes));
    assert.equal(needsSignIn(shown.report), false, 'signed in: no more offer');
    assert.deepEqual(shown.report.mcp?.tools?.slice().sort(), ['calculate_account_value', 'create_support_ticket', 'get_customer_info']);
    assert.equal(h.ui.documents.length, 0, 'no Markdown document when the panel can show the flow');

    const saved = await readSignIn(h.s, server.id);
    assert.ok(saved?.grant?.refreshToken, 'the refresh token is kept in secret storage');
    assert.equal(saved.grant.resource, lab.url);
    const written = everythingWritten(h);
    for (const secret of [result.accessToken, saved.grant.refreshToken, ...seen])
      assert.ok(secret.length > 10 && !written.includes(secret), 'a secret reached the UI, log, panel or storage');
  });

  it('refreshes an expired stored token once before a status check, keeping the resource', async () => {
    const h = harness({ settings: { servers: [{ name: 'lab', url: lab.url }], timeoutMs: 5000 } });
    signingIn(h, []);
    const result = await signInCommand(h.s);
    assert.ok(result?.accessToken);
    const server = (await h.s.registry.discover()).servers[0]!;
    const saved = (await readSignIn(h.s, server.id))!;
    await h.secrets.store(signInKey(server.id), JSON.stringify({ ...saved, expiresAt: Date.now() - 1000 }));
    const tokenRequests = () => lab.as.requests.filter((r) => r === 'POST /token').length;
    const before = tokenRequests();

    await backgroundCheck(h.s, server, AbortSignal.timeout(20_000));
    const renewed = await h.secrets.get(tokenKey(server.id));
    assert.ok(renewed && renewed !== result.accessToken, 'a new access token was stored');
    assert.equal(tokenRequests(), before + 1, 'one refresh request');
    assert.equal(decodeJwt(renewed).aud, lab.url, 'the refresh kept the resource: same audience');
    assert.ok((await readSignIn(h.s, server.id))!.expiresAt! > Date.now(), 'the new expiry is kept');
    assert.match(h.health.events.at(-1) ?? '', /^finished lab (ok|info|warning)$/, 'the check used the renewed token');

    // A refresh the AS refuses is not retried: the refresh token is dropped, the check says the token expired.
    await h.secrets.store(
      signInKey(server.id),
      JSON.stringify({ expiresAt: Date.now() - 1000, grant: { ...saved.grant!, refreshToken: 'not-a-refresh-token-0123456789' } }),
    );
    const beforeRefused = tokenRequests();
    await backgroundCheck(h.s, server, AbortSignal.timeout(20_000));
    await backgroundCheck(h.s, server, AbortSignal.timeout(20_000));
    assert.equal(tokenRequests(), beforeRefused + 1, 'refused once, not tried again');
    assert.equal((await readSignIn(h.s, server.id))?.grant, undefined);
    assert.ok(h.sink.lines.some((l) => /expired and its refresh failed.*sign in again/.test(l)));
    await h.s.backgroundHttp.dispose();
  });

  it("uses the server's pre-registered clientId instead of registering one", async () => {
    const h = harness({ settings: { servers: [{ name: 'lab', url: lab.url, clientId: lab.as.publicClientId }], timeoutMs: 5000 } });
    signingIn(h, []);
    const registrations = lab.as.requests.filter((r) => r === 'POST /reg').length;
    const result = await signInCommand(h.s);
    assert.ok(result?.accessToken, JSON.stringify(result?.findings.map((f) => f.code)));
    assert.equal(result.report.registration, 'pre-registered');
    assert.equal(result.report.clientId, lab.as.publicClientId);
    assert.equal(lab.as.requests.filter((r) => r === 'POST /reg').length, registrations, 'no dynamic registration');
    assert.match(h.ui.documents[0]?.content ?? '', /tools\/list: 3 tools with the new token/, 'without a panel the flow opens as Markdown');
  });

  it('declining the host opens nothing and stores nothing; the panel shows where the sign-in stopped', async () => {
    const presenter = new SignInPresenter();
    const h = harness({ settings: { servers: [{ name: 'lab', url: lab.url }], timeoutMs: 5000 }, presenter });
    h.ui.pickAnswers.push(pickBy('lab'));
    h.ui.messageAnswer = undefined;
    const result = await signInCommand(h.s);
    assert.equal(result?.accessToken, undefined);
    assert.equal(result?.report.stoppedAt, 'authorization');
    assert.ok(!h.ui.calls.some((c) => c.startsWith('openExternal:')));
    assert.equal(h.secrets.data.size, 0);
    assert.equal(presenter.signIns[0]?.report, undefined);
    assert.equal(presenter.signIns[0]?.flow.report.stoppedAt, 'authorization');
  });
});
