// Debian's Chromium as the tests launch it: headless, and with the flags that keep it off the network
// (no background requests, component updates, sync or QUIC). Playwright gives it a fresh temporary profile.
import { chromium, type Browser } from 'playwright-core';

export const OFFLINE_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
] as const;

export function launchOfflineChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, timeout: 30_000, args: [...OFFLINE_CHROMIUM_ARGS] });
}
