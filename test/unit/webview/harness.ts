import assert from 'node:assert/strict';
// Headless Chromium harness for the report view: builds the real webview bundle, serves pages
// through request interception (nothing touches the network: every other request is recorded
// and aborted), and collects CSP violations, console errors and XSS canaries.
import * as esbuild from 'esbuild';
import { type Browser, type Page } from 'playwright-core';
import { type ReportAssets } from '../../../src/core/report/html';
import { launchOfflineChromium } from '../../support/chromium';
import { requires } from '../../support/requires';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ORIGIN = 'http://127.0.0.1:9';

/** Why browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return requires('chromium') || undefined;
}

/** Builds webview/main.ts exactly as esbuild.mjs does for production, in memory. */
export async function buildWebview(): Promise<ReportAssets> {
  const result = await esbuild.build({
    entryPoints: ['webview/main.ts'],
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    legalComments: 'none',
    outdir: 'out-test',
    write: false,
    logLevel: 'silent',
  });
  const script = result.outputFiles.find((file) => file.path.endsWith('.js'))?.text;
  const css = result.outputFiles.find((file) => file.path.endsWith('.css'))?.text;
  if (!script || !css) throw new Error('webview build produced no script or stylesheet');
  return { script, css };
}

export interface BrowserSession {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Debian chromium, kept off the network (test/support/chromium.ts). */
export async function launchChromium(): Promise<BrowserSession> {
  const browser = await launchOfflineChromium(CHROMIUM);
  return {
    browser,
    close: () => browser.close().catch(() => undefined),
  };
}

export interface Observed {
  /** Every request other than the served pages and assets (all aborted). */
  readonly stray: string[];
  readonly consoleErrors: string[];
  readonly dialogs: string[];
}

/** Files served at ORIGIN + path; everything else is recorded and aborted. */
export async function openPage(
  session: BrowserSession,
  files: Readonly<Record<string, { body: string; type: string }>>,
  path: string,
  init?: string,
): Promise<{ page: Page; observed: Observed }> {
  const context = await session.browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const observed: Observed = { stray: [], consoleErrors: [], dialogs: [] };
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    const file = url.origin === ORIGIN ? files[url.pathname] : undefined;
    if (file) return route.fulfill({ status: 200, contentType: file.type, body: file.body });
    observed.stray.push(route.request().url());
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') observed.consoleErrors.push(message.text());
  });
  page.on('dialog', (dialog) => {
    observed.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(`
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
    ${init ?? ''}
  `);
  await page.goto(`${ORIGIN}${path}`, { timeout: 15_000 });
  await page.waitForSelector('#app > *', { timeout: 10_000 });
  return { page, observed };
}

/** CSP violations the page reported. */
export function violations(page: Page): Promise<string[]> {
  return page.evaluate('window.__violations') as Promise<string[]>;
}

/**
 * The page showed every hostile string as text and let none of it act: no injected element, no
 * request leaving the page, no dialog, no CSP violation by our own resources, no console error.
 */
export async function assertRenderedInert(page: Page, observed: Observed, hostile: readonly string[], selector: string): Promise<void> {
  const injected = await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((node) => node.outerHTML)`);
  assert.deepEqual(injected, []);
  const text = (await page.textContent('#app')) ?? '';
  for (const value of hostile) assert.ok(text.includes(value), `shown as text: ${value}`);
  assert.deepEqual(observed.stray, [], 'nothing loaded from the network');
  assert.deepEqual(observed.dialogs, []);
  assert.deepEqual(await violations(page), [], 'no CSP violation by our own resources');
  assert.deepEqual(observed.consoleErrors, []);
}
