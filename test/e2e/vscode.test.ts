// MCP Doctor in real VS Code: the packaged .vsix installed into code-server, a workspace whose
// .vscode/mcp.json points at the lab, driven by Debian chromium. Run through `npm run test:e2e`,
// which packages the extension and provides code-server (MCP_DOCTOR_VSIX, MCP_DOCTOR_CODE_SERVER).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Page } from 'playwright-core';
import { type Lab, startLab } from '../lab/index';
import { type BrowserSession } from '../unit/webview/harness';
import { type CodeServer } from './codeServer';
import { CODE_SERVER_ENTRY, e2eSkip, keepFailureEvidence, QUIET_USER_SETTINGS, startWorkbenchSession } from './session';
import { readStartup, saveStartup } from './startup';
import {
  offMachineRequests,
  openFile,
  openWorkbench,
  pick,
  reportFrame,
  runCommand,
  screenshot,
  statusItem,
  visibleHover,
  waitStatus,
} from './workbench';

const codeServerVersion = () => /code-server-([\d.]+)/.exec(CODE_SERVER_ENTRY ?? '')?.[1] ?? 'unknown';
const skip = e2eSkip('chromium', 'nginx');
if (skip) console.log(`# e2e skipped: ${skip}`);

/** Every extension host log file under the code-server logs folder. */
function extensionHostLogs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /exthost/i.test(name) && name.endsWith('.log'))
    .map((name) => join(dir, name));
}

/** Progress notifications fade out after a run; wait so screenshots show the panel, not the toast. */
async function waitNotificationsGone(page: Page): Promise<void> {
  await page
    .locator('.notifications-toasts .notification-toast')
    .first()
    .waitFor({ state: 'hidden', timeout: 15_000 })
    .catch(() => undefined);
}

/** A workspace whose .vscode/mcp.json points at a lab, plus a .env holding the token. */
function workspace(root: string, name: string, mcpJson: unknown, env: string, settings?: unknown): string {
  const dir = join(root, name);
  mkdirSync(join(dir, '.vscode'), { recursive: true });
  writeFileSync(join(dir, '.vscode', 'mcp.json'), JSON.stringify(mcpJson, null, 2));
  if (settings) writeFileSync(join(dir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  writeFileSync(join(dir, '.env'), env);
  return dir;
}

const USER_SETTINGS = {
  ...QUIET_USER_SETTINGS,
  'workbench.enableExperiments': false,
  'mcpDoctor.statusBar.intervalSeconds': 60,
};

describe('MCP Doctor in VS Code (code-server)', { skip }, () => {
  let broken: Lab;
  let healthy: Lab;
  let server: CodeServer;
  let browser: BrowserSession;
  let home: string;
  let brokenDir: string;
  let healthyDir: string;
  let brokenToken: string;
  let page: Page;

  before(async () => {
    [broken, healthy] = await Promise.all([startLab({ scenario: 'default' }), startLab({ scenario: 'healthy' })]);
    brokenToken = await broken.mintToken();
    const healthyToken = await healthy.mintToken();
    home = mkdtempSync(join(tmpdir(), 'e2e-vscode-'));
    brokenDir = workspace(
      home,
      'broken',
      { servers: { lab: { type: 'http', url: broken.url, headers: { Authorization: 'Bearer ${env:LAB_TOKEN}' } } } },
      `# lab token\nLAB_TOKEN=${brokenToken}\n`,
    );
    healthyDir = workspace(home, 'healthy', { servers: {} }, `HEALTHY_TOKEN=${healthyToken}\n`, {
      'mcpDoctor.servers': [{ name: 'healthy-lab', url: healthy.url, caFiles: [healthy.caFile], tokenSource: 'env:HEALTHY_TOKEN' }],
    });
    ({ server, browser, page } = await startWorkbenchSession({
      home,
      folder: brokenDir,
      settings: USER_SETTINGS,
      env: { LAB_TOKEN: brokenToken, HEALTHY_TOKEN: healthyToken },
      unset: ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE'],
    }));
  });

  after(async () => {
    await browser?.close();
    // Every activation of the run (the reload scenario activates again) for bench figure 3.
    const startup = server && readStartup(server.userDataDir);
    if (startup && !startup.engineLoadedAtActivation) saveStartup(startup, codeServerVersion());
    await server?.stop();
    await Promise.all([broken?.stop(), healthy?.stop()]);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  /** Runs a scenario; on failure keeps a screenshot and the code-server log tail as evidence. */
  const scenario = (name: string, body: () => Promise<void>) =>
    test(name, async () => {
      try {
        await body();
      } catch (err) {
        await keepFailureEvidence(page, server, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
        throw err;
      }
    });

  scenario('Diagnose MCP Server from the palette shows verdict, redirect finding and the chain with the private CA', async () => {
    await runCommand(page, 'MCP Doctor: Diagnose MCP Server');
    await pick(page, 'lab');
    const frame = reportFrame(page);
    const summary = frame.locator('[data-testid=verdict-summary]');
    await summary.waitFor({ state: 'visible', timeout: 60_000 });
    await waitNotificationsGone(page);
    await screenshot(page, 'diagnose-verdict');
    assert.match(await summary.innerText(), /redirected .*http:\/\/localhost\/mcp\//);
    assert.ok(
      (await frame.locator('[data-testid=verdict-fix]').innerText()).includes(broken.correctedUrl),
      'the fix names the corrected URL',
    );
    assert.equal(await frame.locator('#findings [data-code=REDIRECT_SCHEME_DOWNGRADE]').count(), 1, 'the redirect finding is listed');
    assert.match(await frame.locator('#redirects').innerText(), /scheme https → http/);
    const chain = frame.locator('[data-testid=cert-chain]');
    await chain.scrollIntoViewIfNeeded();
    await screenshot(page, 'diagnose-chain');
    const labels = await frame.locator('vscode-tree-item > .cert-label').allInnerTexts();
    assert.ok(labels.includes('MCP Doctor Lab Root CA'), `the private CA is in the chain: ${labels.join(' / ')}`);
    assert.ok(labels.includes('localhost'), 'the leaf is in the chain');
    assert.ok((await frame.locator('[data-testid=trust-matrix] tbody tr').count()) >= 5, 'the client trust matrix lists the clients');
  });

  scenario('activation loads no engine; the first use does (timings kept for bench figure 3)', async () => {
    const facts = readStartup(server.userDataDir);
    assert.ok(facts, 'the extension logged its activation');
    assert.equal(facts.engineLoadedAtActivation, false, 'activate() did not load dist/engine.js');
    assert.ok(facts.engineLoadedAfterMs !== undefined, 'the diagnosis (or the first status check) loaded the engine');
    saveStartup(facts, codeServerVersion());
  });

  scenario('the same report shows the token claims of the configured token', async () => {
    const claims = reportFrame(page).locator('[data-testid=token-claims]');
    await claims.waitFor({ state: 'attached', timeout: 5_000 });
    await claims.scrollIntoViewIfNeeded();
    await screenshot(page, 'diagnose-token');
    assert.ok((await claims.innerText()).includes(broken.issuer), 'the iss claim is shown');
  });

  scenario('Re-run in the panel diagnoses again; the timeline shows both runs', async () => {
    const frame = reportFrame(page);
    const runs = async (): Promise<number> =>
      Number(
        /\((\d+) runs?\)/.exec(
          await frame
            .locator('#timeline-title')
            .innerText({ timeout: 5_000 })
            .catch(() => ''),
        )?.[1] ?? 0,
      );
    const before = await runs();
    // A re-run posts the new state to the open page: the same document stays, it is not rebuilt.
    await frame.locator('body').evaluate((body) => body.setAttribute('data-before-rerun', 'same-page'));
    await frame.locator('vscode-button#rerun').click();
    const deadline = Date.now() + 60_000;
    while ((await runs()) <= before && Date.now() < deadline) await page.waitForTimeout(500);
    assert.ok((await runs()) > before, `the timeline grew from ${before} runs`);
    assert.equal(await frame.locator('body[data-before-rerun=same-page]').count(), 1, 'the page was updated in place, not reloaded');
    await waitNotificationsGone(page);
    await frame.locator('#timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'diagnose-timeline');
    assert.match(await frame.locator('#timeline').innerText(), /REDIRECT_SCHEME_DOWNGRADE/);
  });

  scenario('Confirm with installed clients runs the real clients on the extension host and marks the trust rows', async () => {
    const frame = reportFrame(page);
    await frame.locator('vscode-button#confirm-clients').click();
    const checks = frame.locator('[data-testid=trust-check]');
    await checks.first().waitFor({ state: 'attached', timeout: 60_000 });
    await waitNotificationsGone(page);
    const texts = await checks.allInnerTexts();
    assert.ok(
      texts.some((t) => /confirmed: curl \(/.test(t)),
      `curl ran and agreed with the prediction: ${texts.join(' | ')}`,
    );
    assert.ok(
      texts.some((t) => t === 'predicted'),
      'VS Code itself stays predicted',
    );
    assert.match(
      await frame.locator('[data-testid=verdict-summary]').innerText(),
      /redirected .*http:\/\/localhost\/mcp\//,
      'the verdict is unchanged',
    );
  });

  scenario('the panel is restored with its report after a window reload', async () => {
    // Reload the way a user does: the command runs VS Code's shutdown, which saves the open editors.
    // A bare browser reload can beat that save, and then nothing (not even a text file) is restored.
    const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
    const summary = reportFrame(page).locator('[data-testid=verdict-summary]');
    await summary.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await summary.innerText(), /redirected .*http:\/\/localhost\/mcp\//);
  });

  scenario('Inspect JWT from Clipboard shows the token in the panel', async () => {
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(brokenToken)})`);
    await runCommand(page, 'MCP Doctor: Inspect JWT from Clipboard');
    await pick(page, 'lab');
    const frame = reportFrame(page);
    await frame.locator('h1', { hasText: 'token inspection' }).waitFor({ state: 'visible', timeout: 60_000 });
    const claims = frame.locator('[data-testid=token-claims]');
    await claims.scrollIntoViewIfNeeded();
    await screenshot(page, 'inspect-clipboard');
    const text = await claims.innerText();
    assert.ok(text.includes(broken.issuer), 'iss shown');
    assert.match(text, /exp\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(expires in \d+ minutes\)/);
  });

  scenario('hovering the JWT in .env shows its claims', async () => {
    await openFile(page, '.env');
    const token = page.locator('.monaco-editor .view-line span > span', { hasText: /eyJ/ }).first();
    // hover() waits for a stable element: the editor re-renders spans as decorations arrive.
    await token.hover({ timeout: 15_000 });
    const hover = await visibleHover(page, 15_000);
    await page.waitForTimeout(400); // let the hover finish fading in before the screenshot
    await screenshot(page, 'jwt-hover');
    assert.match(hover, /iss/);
    assert.ok(hover.includes(broken.issuer), 'the hover shows the issuer');
  });

  scenario('status bar: failing for the broken lab, with the top finding in the tooltip', async () => {
    await page.keyboard.press('Escape');
    await page.mouse.move(700, 300);
    const label = await waitStatus(page, /failing/, 60_000);
    assert.match(label, /^MCP Doctor: failing/);
    await statusItem(page).hover();
    const tooltip = await visibleHover(page);
    await screenshot(page, 'status-failing');
    assert.ok(tooltip.includes(broken.url), 'the tooltip names the server URL');
    assert.match(tooltip, /REDIRECT_SCHEME_DOWNGRADE|TLS_UNTRUSTED_ROOT/);
  });

  describe('healthy lab', () => {
    let healthyPage: Page;
    before(async () => {
      healthyPage = await openWorkbench(browser.browser, server.url, healthyDir);
    });
    after(async () => healthyPage?.context().close());

    scenario('status bar: healthy, with the server in the tooltip', async () => {
      const label = await waitStatus(healthyPage, /healthy/, 60_000);
      assert.match(label, /^MCP Doctor: healthy/);
      await statusItem(healthyPage).hover();
      const tooltip = await visibleHover(healthyPage);
      await screenshot(healthyPage, 'status-healthy');
      assert.match(tooltip, /healthy-lab/);
    });

    scenario('Diagnose the healthy lab: verified token, issuer and audience checks, tools', async () => {
      await healthyPage.mouse.move(700, 300);
      await runCommand(healthyPage, 'MCP Doctor: Diagnose MCP Server');
      await pick(healthyPage, 'healthy-lab');
      const frame = reportFrame(healthyPage);
      await frame.locator('[data-testid=verdict-summary]').waitFor({ state: 'visible', timeout: 60_000 });
      await waitNotificationsGone(healthyPage);
      await screenshot(healthyPage, 'healthy-verdict');
      assert.equal(
        await frame
          .locator('#findings [data-code]')
          .filter({ has: frame.locator('.tone-error') })
          .count(),
        0,
        'no error findings',
      );
      assert.equal(await frame.locator('[data-testid=mcp-tools] vscode-badge').count(), healthy.toolNames.length);
      const verification = frame.locator('[data-testid=token-verification]');
      await verification.scrollIntoViewIfNeeded();
      await screenshot(healthyPage, 'healthy-token');
      assert.match(await verification.innerText(), /Signature verified/);
      assert.ok((await frame.locator('[data-testid=token-claims]').innerText()).includes(healthy.issuer));
    });
  });

  test('the browser never tried to reach another machine', () => {
    assert.deepEqual(offMachineRequests, []);
  });

  test('the extension host logged no unhandled rejection or error from MCP Doctor', () => {
    const logs = extensionHostLogs(join(server.userDataDir, 'logs'));
    assert.ok(logs.length > 0, 'found the extension host log');
    const bad = logs
      .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
      .filter(
        (line) =>
          /unhandled|rejected promise not handled/i.test(line) ||
          (/\[error\]/i.test(line) && /mcp-doctor\.mcp-doctor|MCP Doctor/.test(line)),
      );
    assert.deepEqual(bad, []);
  });
});
