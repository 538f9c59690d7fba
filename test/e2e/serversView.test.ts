// The MCP Servers view in real VS Code (code-server + chromium): a workspace whose .vscode/mcp.json
// lists the lab in four states (healthy, redirecting, untrusted, auth-broken); "Diagnose All" from the
// view's title bar fills every row with its health icon and verdict. Run through `npm run test:e2e`
// (`npm run test:e2e -- serversView` runs only this file).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Locator, type Page } from 'playwright-core';
import { type Lab, startLab } from '../lab/index';
import { type BrowserSession } from '../unit/webview/harness';
import { type CodeServer } from './codeServer';
import { e2eSkip, keepFailureEvidence, QUIET_USER_SETTINGS, startWorkbenchSession } from './session';
import { runCommand, screenshot } from './workbench';

const skip = e2eSkip('chromium', 'nginx');
if (skip) console.log(`# e2e skipped: ${skip}`);

const USER_SETTINGS = {
  ...QUIET_USER_SETTINGS,
  // No background round during the scenario: the rows must come from Diagnose All.
  'mcpDoctor.statusBar.enabled': false,
};

/** The view's row for a server (a tree row whose label is exactly the name). */
function row(page: Page, name: string): Locator {
  return page.locator('.pane-body .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) });
}

/** Waits until the row's icon is the codicon `icon` (not the spinner) and returns its description. */
async function settledRow(page: Page, name: string, icon: string, timeoutMs: number): Promise<string> {
  const r = row(page, name);
  await r.locator(`.codicon-${icon}`).waitFor({ state: 'visible', timeout: timeoutMs });
  return (await r.locator('.label-description').innerText()).trim();
}

describe('the MCP Servers view (code-server)', { skip }, () => {
  const labs: Lab[] = [];
  let server: CodeServer;
  let browser: BrowserSession;
  let home: string;
  let page: Page;

  before(async () => {
    // One after another: four nginx + authorization-server stacks at once only fight for the CPUs.
    for (const scenario of ['healthy', 'default', 'self-signed', 'wrong-audience'] as const) labs.push(await startLab({ scenario }));
    const [healthy, redirecting, untrusted, authBroken] = labs as [Lab, Lab, Lab, Lab];
    home = mkdtempSync(join(tmpdir(), 'e2e-servers-view-'));
    const dir = join(home, 'team');
    mkdirSync(join(dir, '.vscode'), { recursive: true });
    const servers = {
      healthy: { type: 'http', url: healthy.url, headers: { Authorization: 'Bearer ${env:HEALTHY_TOKEN}' } },
      redirecting: { type: 'http', url: redirecting.url },
      untrusted: { type: 'http', url: untrusted.url },
      'auth-broken': { type: 'http', url: authBroken.url, headers: { Authorization: 'Bearer ${env:BROKEN_TOKEN}' } },
    };
    writeFileSync(join(dir, '.vscode', 'mcp.json'), JSON.stringify({ servers }, null, 2));
    // The team's MCP client is a Node.js app, so Node's view leads the verdict (VS Code's trust ignores
    // NODE_EXTRA_CA_CERTS, where the team's CAs are given below).
    writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'mcpDoctor.client': 'node' }, null, 2));
    // The team's private CAs, as a developer would add them for Node-based clients (the self-signed lab is in none).
    const bundle = join(home, 'team-cas.pem');
    writeFileSync(bundle, [healthy, redirecting, authBroken].map((lab) => readFileSync(lab.caFile, 'utf8')).join('\n'));
    ({ server, browser, page } = await startWorkbenchSession({
      home,
      folder: dir,
      settings: USER_SETTINGS,
      env: {
        NODE_EXTRA_CA_CERTS: bundle,
        HEALTHY_TOKEN: await healthy.mintToken(),
        BROKEN_TOKEN: await authBroken.mintToken(),
      },
      unset: ['SSL_CERT_FILE', 'SSL_CERT_DIR'],
    }));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await Promise.all(labs.map((lab) => lab.stop()));
    if (home) rmSync(home, { recursive: true, force: true });
  });

  test('lists the four servers under .vscode/mcp.json; Diagnose All shows healthy, redirecting, untrusted and auth-broken', async () => {
    try {
      await runCommand(page, 'Explorer: Focus on MCP Servers View');
      await row(page, 'auth-broken').waitFor({ state: 'visible', timeout: 30_000 });
      const group = page.locator('.pane-body .monaco-list-row', { hasText: '.vscode/mcp.json' });
      assert.equal(await group.count(), 1, 'the servers are grouped under their file');
      for (const name of ['healthy', 'redirecting', 'untrusted', 'auth-broken'])
        assert.match(await row(page, name).locator('.label-description').innerText(), /not checked yet/);
      await screenshot(page, 'servers-view-before');

      await runCommand(page, 'MCP Doctor: Diagnose All MCP Servers');
      const healthy = await settledRow(page, 'healthy', 'pass', 120_000);
      const redirecting = await settledRow(page, 'redirecting', 'error', 60_000);
      const untrusted = await settledRow(page, 'untrusted', 'error', 60_000);
      const authBroken = await settledRow(page, 'auth-broken', 'error', 60_000);
      await screenshot(page, 'servers-view-after');
      assert.match(healthy, /· just now$/);
      assert.match(redirecting, /redirected \(307\) to http:\/\/localhost\/mcp\//);
      assert.match(untrusted, /self-signed|not trusted|certificate/i);
      assert.match(authBroken, /reject|audience|token/i);
    } catch (err) {
      await keepFailureEvidence(page, server, 'failed-servers-view');
      throw err;
    }
  });
});
