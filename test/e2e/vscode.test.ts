// MCP Doctor in real VS Code: the packaged .vsix installed into code-server, a workspace whose
// .vscode/mcp.json points at the lab, driven by Debian chromium. Run through `npm run test:e2e`,
// which packages the extension and provides code-server (MCP_DOCTOR_VSIX, MCP_DOCTOR_CODE_SERVER).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Page } from 'playwright-core';
import { type Lab, nginxAvailable, startLab } from '../lab/index';
import { type BrowserSession, chromiumMissing, launchChromium } from '../unit/webview/harness';
import { type CodeServer, installExtension, startCodeServer } from './codeServer';
import { openWorkbench, pick, reportFrame, runCommand, screenshot, statusItem, visibleHover, waitStatus } from './workbench';

const VSIX = process.env.MCP_DOCTOR_VSIX;
const ENTRY = process.env.MCP_DOCTOR_CODE_SERVER;
const skip = !VSIX || !ENTRY ? 'run through "npm run test:e2e" (packages the .vsix and installs code-server)' : (chromiumMissing() ?? (nginxAvailable() ? undefined : 'nginx is not installed (the lab needs it)'));
if (skip) console.log(`# e2e skipped: ${skip}`);

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
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'mcpDoctor.statusBar.intervalSeconds': 5,
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
    home = mkdtempSync(join(tmpdir(), 'mcp-doctor-e2e-'));
    brokenDir = workspace(home, 'broken', { servers: { lab: { type: 'http', url: broken.url, headers: { Authorization: 'Bearer ${env:LAB_TOKEN}' } } } }, `# lab token\nLAB_TOKEN=${brokenToken}\n`);
    healthyDir = workspace(
      home,
      'healthy',
      { servers: {} },
      `HEALTHY_TOKEN=${healthyToken}\n`,
      { 'mcpDoctor.servers': [{ name: 'healthy-lab', url: healthy.url, caFiles: [healthy.caFile], tokenSource: 'env:HEALTHY_TOKEN' }] },
    );
    installExtension(ENTRY as string, home, VSIX as string);
    const env: Record<string, string | undefined> = { ...process.env, LAB_TOKEN: brokenToken, HEALTHY_TOKEN: healthyToken };
    for (const name of ['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'NODE_OPTIONS', 'MCP_DOCTOR_VSIX', 'MCP_DOCTOR_CODE_SERVER']) delete env[name];
    [server, browser] = await Promise.all([startCodeServer({ entry: ENTRY as string, home, env, settings: USER_SETTINGS }), launchChromium()]);
    page = await openWorkbench(browser.browser, server.url, brokenDir);
  });

  after(async () => {
    await browser?.close();
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
        await screenshot(page, `failed-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
        console.log(`# code-server log tail:\n${server.log().slice(-3000)}`);
        throw err;
      }
    });

  scenario('Diagnose MCP Server from the palette shows verdict, chain with the private CA, redirect and token claims', async () => {
    await runCommand(page, 'MCP Doctor: Diagnose MCP Server');
    await pick(page, 'lab');
    const frame = reportFrame(page);
    const summary = frame.locator('[data-testid=verdict-summary]');
    await summary.waitFor({ state: 'visible', timeout: 60_000 });
    await screenshot(page, 'diagnose-panel');
    assert.match(await summary.innerText(), /redirect/i);
  });
});
