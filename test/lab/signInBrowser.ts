/**
 * A real browser for the flow's sign-in: Debian's Chromium driven by playwright-core through
 * oidc-provider's development login and consent pages (any login works), until the redirect
 * reaches the loopback listener. Requests off loopback (the pages' web fonts) are aborted.
 */
import { existsSync } from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { launchOfflineChromium } from '../support/chromium';
import { missingReason } from '../support/requires';

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : missingReason(['chromium']);
}

export async function launchSignInBrowser(): Promise<Browser> {
  return launchOfflineChromium(CHROMIUM);
}

/** What the browser saw: every URL it navigated to (the last is where it stopped). */
export interface SignInTrace {
  readonly urls: string[];
}

/**
 * Opens `url` in a fresh context and signs in: fills the login form, approves the consent page,
 * and stops once the page is the loopback callback (or after a bounded number of pages).
 */
export async function signIn(browser: Browser, url: string, trace: SignInTrace = { urls: [] }): Promise<SignInTrace> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.route('**/*', (route) =>
    /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(route.request().url()) ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) trace.urls.push(frame.url());
  });
  try {
    await page.goto(url, { timeout: 15_000 });
    await signInOnPage(page);
  } finally {
    await context.close();
  }
  return trace;
}

/**
 * Signs in on a page that already shows the authorization server (e.g. the tab VS Code's
 * env.openExternal opened): the login form, then the consent page, until the loopback callback.
 */
export async function signInOnPage(page: Page): Promise<void> {
  for (let i = 0; i < 6 && !atCallback(page); i++) {
    if (await page.locator('input[name="login"]').count()) {
      await page.fill('input[name="login"]', 'lab-user');
      await page.fill('input[name="password"]', 'any-password');
      await submit(page);
    } else if (await page.locator('button[type="submit"]').count()) {
      await submit(page);
    } else {
      break; // an error page of the AS: nothing to click
    }
  }
}

/** Clicks the form's submit button and waits for the page it leads to (possibly via redirects). */
async function submit(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation({ timeout: 10_000 }), page.click('button[type="submit"]')]);
}

function atCallback(page: Page): boolean {
  return /^http:\/\/127\.0\.0\.1:\d+\/callback\?/.test(page.url());
}
