// "MCP Doctor: Sign In to MCP Server…" in real VS Code (code-server, the packaged .vsix) against the
// flow lab with Dynamic Client Registration on: the user confirms the authorization server's host,
// env.openExternal opens the sign-in in a new tab of the same Chromium, oidc-provider's real login
// and consent pages are driven there, and the report panel shows the diagnosis made with the new
// token (the three tools) and the flow, one row per exchange. No token, code or state appears in
// the panel, the extension's log or the settings. Run through `npm run test:e2e` (or
// `npm run test:e2e -- signIn` for this file alone).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Page } from 'playwright-core';
import { startFlowLab, type FlowLab } from '../lab/flowLab';
import { signInOnPage } from '../lab/signInBrowser';
import { type BrowserSession } from '../unit/webview/harness';
import { type CodeServer } from './codeServer';
import { e2eSkip, keepFailureEvidence, QUIET_USER_SETTINGS, startWorkbenchSession } from './session';
import { pick, reportFrame, runCommand, screenshot } from './workbench';

const skip = e2eSkip('chromium');
if (skip) console.log(`# e2e sign-in skipped: ${skip}`);

const USER_SETTINGS = {
  ...QUIET_USER_SETTINGS,
  'mcpDoctor.statusBar.enabled': false,
};

/** Every file under `dir` whose name matches (bounded depth). */
function filesNamed(dir: string, pattern: RegExp, depth = 0): string[] {
  if (depth > 8 || !existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(path, pattern, depth + 1);
    return pattern.test(entry.name) ? [path] : [];
  });
}

describe('Sign In to MCP Server in VS Code (code-server, real browser tab)', { skip }, () => {
  let lab: FlowLab;
  let server: CodeServer;
  let browser: BrowserSession;
  let home: string;
  let folder: string;
  let page: Page;

  before(async () => {
    // The authorization server on 127.0.0.2: see FlowAuthServerOptions.host (code-server tunnels 127.0.0.1 URLs it opens).
    lab = await startFlowLab({ as: { host: '127.0.0.2' } });
    home = mkdtempSync(join(tmpdir(), 'e2e-signin-'));
    folder = join(home, 'flow');
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    writeFileSync(
      join(folder, '.vscode', 'settings.json'),
      JSON.stringify({ 'mcpDoctor.servers': [{ name: 'flow-lab', url: lab.url }] }, null, 2),
    );
    ({ server, browser, page } = await startWorkbenchSession({
      home,
      folder: folder,
      settings: USER_SETTINGS,
      unset: ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE'],
    }));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await lab?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('signs in through the opened tab, lists the three tools with the new token, and shows the flow; no secret anywhere', async () => {
    const secrets: string[] = [];
    try {
      // The real state and code, as the browser sent them, so the test can look for them everywhere.
      const asked: URL[] = [];
      page.context().on('request', (request) => {
        const url = new URL(request.url());
        if (url.origin === lab.as.origin && url.pathname === '/auth' && url.searchParams.has('state')) asked.push(url);
        const code = url.pathname === '/callback' ? url.searchParams.get('code') : null;
        if (code) secrets.push(code);
      });
      await runCommand(page, 'MCP Doctor: Sign In to MCP Server…');
      await pick(page, 'flow-lab');
      // The host is shown first; only "Open Browser" opens the sign-in.
      const confirm = page.locator('.notifications-toasts .notification-toast', { hasText: `at ${new URL(lab.as.issuer).host}?` });
      await confirm.waitFor({ state: 'visible', timeout: 30_000 });
      const opened = page.context().waitForEvent('page', { timeout: 30_000 });
      await confirm.locator('a.monaco-button, .monaco-button', { hasText: 'Open Browser' }).first().click();
      // VS Code's own link protection then asks about a domain the user has not trusted (a real user sees it too).
      const protection = page.locator('.monaco-dialog-box', { hasText: 'open the external website' });
      await protection.waitFor({ state: 'visible', timeout: 15_000 });
      assert.match(await protection.innerText(), new RegExp(`${lab.as.origin.replace(/[.]/g, '\\.')}/auth\\?`));
      await protection.locator('.monaco-button', { hasText: /^Open$/ }).click();
      const tab = await opened;
      await tab.waitForLoadState('domcontentloaded', { timeout: 30_000 });
      assert.equal(new URL(tab.url()).origin, lab.as.origin, `env.openExternal opened the authorization server itself: ${tab.url()}`);
      assert.equal(asked.length, 1, 'the tab asked the authorization endpoint once');
      assert.equal(asked[0]!.searchParams.get('code_challenge_method'), 'S256');
      assert.equal(asked[0]!.searchParams.get('resource'), lab.url);
      secrets.push(asked[0]!.searchParams.get('state') ?? '');
      await signInOnPage(tab);
      await screenshot(tab, 'signin-callback');

      const frame = reportFrame(page);
      const flow = frame.locator('#flow');
      await flow.waitFor({ state: 'attached', timeout: 90_000 });
      await frame.locator('[data-testid=mcp-tools] vscode-badge').first().waitFor({ state: 'attached', timeout: 30_000 });
      assert.deepEqual((await frame.locator('[data-testid=mcp-tools] vscode-badge').allInnerTexts()).sort(), [
        'calculate_account_value',
        'create_support_ticket',
        'get_customer_info',
      ]);
      const verdicts = await frame.locator('[data-testid=flow-verdict]').allInnerTexts();
      assert.ok(verdicts.includes('tools/list: 3 tools with the new token'), verdicts.join(' | '));
      assert.ok(
        verdicts.some((v) => /^registered a public client/.test(v)),
        'Dynamic Client Registration ran',
      );
      await flow.scrollIntoViewIfNeeded();
      await frame.locator('[data-testid=flow-exchange][data-step=token] summary').click();
      await screenshot(page, 'signin-flow');

      secrets.push(...lab.bearerTokens);
      assert.ok(lab.bearerTokens.size >= 1, 'the extension used a token');
      const panelText = (await frame.locator('body').textContent()) ?? '';
      const logs = filesNamed(join(server.userDataDir, 'logs'), /^MCP Doctor\.log$/)
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n');
      assert.match(logs, /signed in to "flow-lab": token stored/);
      const settings = [join(server.userDataDir, 'User', 'settings.json'), join(folder, '.vscode', 'settings.json')]
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n');
      for (const secret of secrets) {
        assert.ok(secret.length > 10, `a secret was captured (${secrets.map((x) => x.length).join(', ')} characters)`);
        for (const [where, text] of [
          ['panel', panelText],
          ['log', logs],
          ['settings', settings],
        ] as const)
          assert.ok(!text.includes(secret), `a secret appeared in the ${where}`);
      }
    } catch (err) {
      await keepFailureEvidence(page, server, 'failed-signin');
      throw err;
    }
  });
});
