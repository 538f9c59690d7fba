/**
 * "MCP Doctor: Sign In to MCP Server…" over the extension's services (fakes for the VS Code window,
 * the real engine): the user confirms the authorization server's host, env.openExternal hands the
 * URL to Debian's Chromium driven through oidc-provider's real pages, the token lands in secret
 * storage for that server (where checks and diagnoses read it), the flow opens as a document, and
 * nothing the user could see or the log holds contains the token, the code or the state.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Browser } from 'playwright-core';
import { signInCommand } from '../../src/extension/commands/signIn';
import { tokenKey } from '../../src/extension/host/secrets';
import { prepareTarget } from '../../src/extension/servers/target';
import { startFlowLab, type FlowLab } from '../lab/flowLab';
import { chromiumMissing, launchSignInBrowser, signIn } from '../lab/signInBrowser';
import { everythingWritten, harness, pickBy } from '../unit/extension/fakes';

describe('Sign In to MCP Server (extension command, real engine, real browser)', { skip: chromiumMissing() }, () => {
  let browser: Browser;
  let lab: FlowLab;
  before(async () => { [browser, lab] = await Promise.all([launchSignInBrowser(), startFlowLab()]); });
  after(async () => { await lab?.stop(); await browser?.close(); });

  it('confirms the host, signs in, stores the token for the server, and leaks nothing', async () => {
    const h = harness({ settings: { servers: [{ name: 'lab', url: lab.url }], timeoutMs: 5000 } });
    const seen: string[] = [];
    h.ui.pickAnswers.push(pickBy('lab'));
    h.ui.messageAnswer = 'Open Browser';
    h.ui.externalOpener = async (url) => {
      seen.push(new URL(url).searchParams.get('state')!);
      const trace = await signIn(browser, url);
      const callback = trace.urls.find((u) => u.includes('/callback?'));
      if (callback) seen.push(new URL(callback).searchParams.get('code')!);
    };
    const result = await signInCommand(h.s);
    assert.ok(result?.accessToken, JSON.stringify(result?.findings.map((f) => f.code)));
    assert.ok(h.ui.messages.some((m) => m.text.includes(`at ${new URL(lab.as.issuer).host}?`)), 'the host was shown before the browser opened');
    assert.ok(h.ui.calls.includes(`openExternal:${lab.as.origin}`));
    const server = (await h.s.registry.discover()).servers[0]!;
    assert.equal(await h.secrets.get(tokenKey(server.id)), result.accessToken);
    const target = await prepareTarget(server, { ...h.s, ui: h.ui, rediscover: () => h.s.registry.discover() });
    assert.equal(target?.token, result.accessToken, 'checks and diagnoses of this server use the new token');
    assert.deepEqual(h.commands, ['mcpDoctor.diagnose']);
    assert.match(h.ui.documents[0]?.content ?? '', /tools\/list: 3 tools with the new token/);
    const written = everythingWritten(h);
    for (const secret of [result.accessToken, ...seen]) assert.ok(secret.length > 10 && !written.includes(secret), 'a secret reached the UI, log or storage');
  });

  it('declining the host opens nothing and stores nothing', async () => {
    const h = harness({ settings: { servers: [{ name: 'lab', url: lab.url }], timeoutMs: 5000 } });
    h.ui.pickAnswers.push(pickBy('lab'));
    h.ui.messageAnswer = undefined;
    const result = await signInCommand(h.s);
    assert.equal(result?.accessToken, undefined);
    assert.equal(result?.report.stoppedAt, 'authorization');
    assert.ok(!h.ui.calls.some((c) => c.startsWith('openExternal:')));
    assert.equal(h.secrets.data.size, 0);
  });
});
