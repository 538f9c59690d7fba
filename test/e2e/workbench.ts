// Playwright helpers for the VS Code workbench served by code-server: open a folder, run a
// command from the palette, answer a QuickPick, reach into the report webview, read the status bar.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';

export const SHOTS = join(process.cwd(), 'test-results', 'e2e');

/** Requests the browser tried to send off this machine (aborted before leaving it). */
export const offMachineRequests: string[] = [];

/** Opens the workbench on a folder and waits until it is usable. Only loopback requests go out. */
export async function openWorkbench(browser: Browser, baseUrl: string, folder: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  // Loopback is 127.0.0.0/8 (the sign-in's authorization server listens on 127.0.0.2).
  await context.route(/^(https?|wss?):\/\/(?!127\.\d{1,3}\.\d{1,3}\.\d{1,3}[:/]|localhost[:/])/, (route) => {
    offMachineRequests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`, { timeout: 60_000 });
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
  await page.waitForSelector('.explorer-folders-view, .monaco-workbench .part.sidebar', { timeout: 30_000 });
  return page;
}

/**
 * F1, type the command's title, click its row. Extension commands join the palette only once the
 * extension host has registered them, so an early miss closes the palette and tries again. The row
 * is clicked rather than taken with Enter: the palette's fuzzy match also lists longer titles
 * ("Diagnose All MCP Servers" for "Diagnose MCP Server"), sorted first, and Enter runs the first.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (;;) {
    await closeQuickInput(page);
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.type(title, { delay: 5 });
    const found = await row.waitFor({ state: 'visible', timeout: 5_000 }).then(
      () => true,
      () => false,
    );
    if (found && (await row.innerText()).startsWith(title)) break;
    if (Date.now() > deadline) throw new Error(`command "${title}" never appeared in the palette`);
  }
  await row.click();
}

/** Picks the QuickPick entry whose label contains `label`. */
export async function pick(page: Page, label: string, timeoutMs = 20_000): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: timeoutMs });
  await row.click();
}

/**
 * Quick Open (Ctrl+P) on a workspace file. The first file search can come back empty while the
 * server's search process starts, and a key press can land in a webview that just had focus, so
 * a miss moves focus to the workbench and tries again until the deadline.
 */
export async function openFile(page: Page, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: name }).first();
  for (;;) {
    await closeQuickInput(page);
    await page.keyboard.press('Control+P');
    const opened = await page
      .locator('.quick-input-widget input.input')
      .waitFor({ state: 'visible', timeout: 3_000 })
      .then(
        () => true,
        () => false,
      );
    if (opened) {
      await page.keyboard.type(name, { delay: 5 });
      if (
        await row.waitFor({ state: 'visible', timeout: 5_000 }).then(
          () => true,
          () => false,
        )
      )
        break;
    }
    if (Date.now() > deadline) throw new Error(`"${name}" never appeared in Quick Open`);
    await closeQuickInput(page);
    await page
      .locator('.part.sidebar .composite.title')
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined);
  }
  await row.click();
}

async function closeQuickInput(page: Page): Promise<void> {
  if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
}

/** The report panel's content: the webview's outer iframe, then its active inner frame. */
export function reportFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** The MCP Doctor status bar entry. */
export function statusItem(page: Page): Locator {
  return page.locator('.part.statusbar [aria-label^="MCP Doctor"]').first();
}

/** Waits until the status item's label matches, re-reading it until the deadline. */
export async function waitStatus(page: Page, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let label = '';
  while (Date.now() < deadline) {
    label =
      (await statusItem(page)
        .getAttribute('aria-label', { timeout: 2000 })
        .catch(() => null)) ?? '';
    if (pattern.test(label)) return label;
    await page.waitForTimeout(500);
  }
  throw new Error(`status bar never matched ${pattern}; last label: "${label}"`);
}

/** The text of the hover currently shown by the workbench (status bar tooltip or editor hover). */
export async function visibleHover(page: Page, timeoutMs = 10_000): Promise<string> {
  const hover = page.locator('.monaco-hover:visible, .workbench-hover:visible').last();
  await hover.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await hover.innerText()).trim();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
