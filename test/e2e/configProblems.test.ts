// Issue 18 in real VS Code (code-server): on the incident lab opened as a workspace, Problems lists
// the redirect on .vscode/mcp.json's `url` and on the nginx `location` line; the mcp.json Quick Fix
// rewrites the URL, saves and diagnoses again, and the status bar turns healthy. The team's MCP
// client is a Node.js app: the workspace says so (`"mcpDoctor.client": "node"`, so Node's view leads
// the verdict rather than VS Code's, which ignores NODE_EXTRA_CA_CERTS) and trusts the lab CA through
// NODE_EXTRA_CA_CERTS (what the offered CA bundle's export line sets).
// Run alone with: npm run test:e2e -- configProblems
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Page } from 'playwright-core';
import { type Lab, startLab } from '../lab/index';
import { type BrowserSession } from '../unit/webview/harness';
import { type CodeServer } from './codeServer';
import { e2eSkip, keepFailureEvidence, QUIET_USER_SETTINGS, startWorkbenchSession } from './session';
import { openFile, pick, reportFrame, runCommand, screenshot, waitStatus } from './workbench';

const skip = e2eSkip('chromium', 'nginx');

const USER_SETTINGS = {
  ...QUIET_USER_SETTINGS,
  'workbench.enableExperiments': false,
  'files.autoSave': 'off',
  'mcpDoctor.statusBar.intervalSeconds': 600,
};

/** The rows of the Problems panel (opened by command), as text. */
async function problemRows(page: Page): Promise<string> {
  await runCommand(page, 'View: Focus Problems');
  const panel = page.locator('.markers-panel');
  await panel.waitFor({ state: 'visible', timeout: 15_000 });
  return panel.innerText();
}

/** Polls the Problems panel until `pattern` shows (diagnostics arrive after the run). */
async function waitProblems(page: Page, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await page
      .locator('.markers-panel')
      .innerText({ timeout: 2_000 })
      .catch(() => '');
    if (pattern.test(text)) return text;
    await page.waitForTimeout(500);
  }
  throw new Error(`Problems never matched ${pattern}: ${text.slice(0, 1000)}`);
}

describe('problems and Quick Fixes in mcp.json and nginx.conf (code-server)', { skip }, () => {
  let lab: Lab;
  let server: CodeServer;
  let browser: BrowserSession;
  let home: string;
  let dir: string;
  let page: Page;

  before(async () => {
    lab = await startLab({ scenario: 'default' });
    const token = await lab.mintToken();
    home = mkdtempSync(join(tmpdir(), 'e2e-problems-'));
    dir = join(home, 'incident');
    mkdirSync(join(dir, '.vscode'), { recursive: true });
    mkdirSync(join(dir, 'deploy'), { recursive: true });
    writeFileSync(
      join(dir, '.vscode', 'mcp.json'),
      JSON.stringify({ servers: { lab: { type: 'http', url: lab.url, headers: { Authorization: 'Bearer ${env:LAB_TOKEN}' } } } }, null, 2),
    );
    // Whose view leads: the client this team runs against the server (a Node.js app), not VS Code.
    writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify({ 'mcpDoctor.client': 'node' }, null, 2));
    // The server team's nginx config, kept in the repository: the one the lab's nginx runs.
    copyFileSync(join(lab.dir, 'nginx.conf'), join(dir, 'deploy', 'nginx.conf'));
    ({ server, browser, page } = await startWorkbenchSession({
      home,
      folder: dir,
      settings: USER_SETTINGS,
      env: { LAB_TOKEN: token, NODE_EXTRA_CA_CERTS: lab.caFile },
      unset: ['SSL_CERT_FILE'],
    }));
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await lab?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const scenario = (name: string, body: () => Promise<void>) =>
    test(name, async () => {
      try {
        await body();
      } catch (err) {
        await keepFailureEvidence(page, server, `failed-problems-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 50)}`);
        throw err;
      }
    });

  scenario('after a diagnosis, Problems lists the redirect on mcp.json and on the nginx location line', async () => {
    await runCommand(page, 'MCP Doctor: Diagnose MCP Server');
    await pick(page, 'lab');
    await reportFrame(page).locator('[data-testid=verdict-summary]').waitFor({ state: 'visible', timeout: 60_000 });
    await problemRows(page);
    const exactLine =
      readFileSync(join(dir, 'deploy', 'nginx.conf'), 'utf8')
        .split('\n')
        .findIndex((l) => l.trimStart().startsWith('location = /mcp')) + 1;
    const text = await waitProblems(page, /nginx\.conf[\s\S]*REDIRECT_/);
    await screenshot(page, 'problems-incident');
    assert.match(text, /mcp\.json/);
    assert.match(text, new RegExp(`redirected[\\s\\S]*REDIRECT_SCHEME_DOWNGRADE`));
    assert.match(text, new RegExp(`\\[Ln ${exactLine}, Col \\d+\\]`), `the location line ${exactLine} is listed`);
    // In the file itself: the problem opens nginx.conf at the location line, under an error squiggle.
    const row = page
      .locator('.markers-panel .monaco-list-row', { hasText: 'REDIRECT_SCHEME_DOWNGRADE' })
      .filter({ hasText: `[Ln ${exactLine}, Col 5]` })
      .first();
    await row.click();
    await page.locator('.tabs-container .tab', { hasText: 'nginx.conf' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached', timeout: 15_000 });
    // The problem's range is selected: "Ln <line>, Col …" in the status bar (the directive's start).
    await page
      .locator('.part.statusbar .statusbar-item', { hasText: new RegExp(`Ln ${exactLine}, Col \\d+`) })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
    await screenshot(page, 'problems-nginx-conf');
  });

  scenario('the Quick Fix on the url uses the corrected URL, saves, diagnoses again, and the status turns healthy', async () => {
    await openFile(page, 'mcp.json');
    const urlText = page.locator('.monaco-editor .view-line span', { hasText: lab.url.replace('https://', '') }).first();
    await urlText.click({ timeout: 15_000 });
    await page.keyboard.press('Control+.');
    const fix = page
      .locator('.action-widget .monaco-list-row, .context-view .monaco-list-row', { hasText: `Use ${lab.correctedUrl}` })
      .first();
    await fix.waitFor({ state: 'visible', timeout: 15_000 });
    await screenshot(page, 'quickfix-menu');
    // The menu sits under a pointer block; the preferred fix is first and focused: take it with Enter.
    assert.match(
      await page.locator('.action-widget .monaco-list-row.focused, .context-view .monaco-list-row.focused').first().innerText(),
      /^Use https:/,
    );
    await page.keyboard.press('Enter');
    const label = await waitStatus(page, /healthy/, 90_000);
    await screenshot(page, 'quickfix-healthy');
    assert.match(label, /^MCP Doctor: healthy/);
    const saved = JSON.parse(readFileSync(join(dir, '.vscode', 'mcp.json'), 'utf8')) as { servers: { lab: { url: string } } };
    assert.equal(saved.servers.lab.url, lab.correctedUrl, 'the file on disk holds the corrected URL');
    const text = await problemRows(page);
    assert.doesNotMatch(text, /REDIRECT_/, 'no redirect problem left in mcp.json or nginx.conf');
  });
});
