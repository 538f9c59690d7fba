/**
 * A browser command for `mcp-doctor login` in tests (MCP_DOCTOR_BROWSER="node --import tsx
 * test/lab/signInCommand.ts"): signs in with Debian's Chromium through the AS's real pages, and
 * writes the URLs it visited (JSON) to the file named by MCP_DOCTOR_SIGNIN_TRACE, so the test
 * knows the real authorization code and state and can assert they never appear in any output.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { launchSignInBrowser, signIn } from './signInBrowser';

async function main(): Promise<void> {
  const url = process.argv[2];
  const traceFile = process.env.MCP_DOCTOR_SIGNIN_TRACE;
  if (!url) throw new Error('usage: signInCommand.ts <authorization URL>');
  const browser = await launchSignInBrowser();
  try {
    const trace = await signIn(browser, url);
    if (traceFile) writeFileSync(traceFile, JSON.stringify({ authorizationUrl: url, urls: trace.urls }));
  } catch (err) {
    if (traceFile) appendFileSync(`${traceFile}.error`, String(err instanceof Error ? err.stack : err));
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

void main();
