// What every e2e file sets up the same way: the packaged .vsix and code-server the runner provides,
// the quiet user settings, code-server with the extension installed plus Chromium on a folder, and the
// evidence kept when a scenario fails.
import { type Page } from 'playwright-core';
import { requires, type Component } from '../support/requires';
import { type BrowserSession, launchChromium } from '../unit/webview/harness';
import { type CodeServer, installExtension, startCodeServer } from './codeServer';
import { openWorkbench, screenshot } from './workbench';

const VSIX = process.env.MCP_DOCTOR_VSIX;
export const CODE_SERVER_ENTRY = process.env.MCP_DOCTOR_CODE_SERVER;

/** Why the e2e files skip here: not run through `npm run test:e2e`, or a component missing. */
export function e2eSkip(...components: Component[]): string | undefined {
  if (!VSIX || !CODE_SERVER_ENTRY) return 'run through "npm run test:e2e" (packages the .vsix and installs code-server)';
  return requires(...components) || undefined;
}

/** User settings that keep the workbench quiet: no start page, tips, telemetry, updates, trust prompt or AI. */
export const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
} as const;

export interface WorkbenchSessionOptions {
  readonly home: string;
  /** The folder the workbench opens. */
  readonly folder: string;
  readonly settings: Record<string, unknown>;
  /** Added to this process's environment for code-server (and so the extension host). */
  readonly env?: Record<string, string>;
  /** Removed from it besides NODE_OPTIONS and the runner's own variables. */
  readonly unset?: readonly string[];
}

export interface WorkbenchSession {
  readonly server: CodeServer;
  readonly browser: BrowserSession;
  readonly page: Page;
}

/** Installs the .vsix into `home`, starts code-server and Chromium, and opens the workbench on the folder. */
export async function startWorkbenchSession(options: WorkbenchSessionOptions): Promise<WorkbenchSession> {
  const entry = CODE_SERVER_ENTRY as string;
  installExtension(entry, options.home, VSIX as string);
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const name of [...(options.unset ?? []), 'NODE_OPTIONS', 'MCP_DOCTOR_VSIX', 'MCP_DOCTOR_CODE_SERVER']) delete env[name];
  const [server, browser] = await Promise.all([
    startCodeServer({ entry, home: options.home, env, settings: options.settings }),
    launchChromium(),
  ]);
  try {
    return { server, browser, page: await openWorkbench(browser.browser, server.url, options.folder) };
  } catch (err) {
    await browser.close();
    await server.stop();
    throw err;
  }
}

/** On a failed scenario: a screenshot and the code-server log tail, as evidence. */
export async function keepFailureEvidence(page: Page, server: CodeServer, shot: string): Promise<void> {
  await screenshot(page, shot).catch(() => undefined);
  console.log(`# code-server log tail:\n${server.log().slice(-3000)}`);
}
