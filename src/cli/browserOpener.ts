import { spawn } from 'node:child_process';
import { type BrowserOpener } from '../core/oauth/types';
import { type CliIo } from './io';
import { terminalSafe } from './text';

/** The platform's "open this URL" command; MCP_DOCTOR_BROWSER (a command line, split on spaces, no shell) overrides it. */
export function browserCommand(env: CliIo['env'], platform: NodeJS.Platform = process.platform): string[] {
  const custom = env.MCP_DOCTOR_BROWSER?.trim();
  if (custom) return custom.split(/\s+/);
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler'];
  return ['xdg-open'];
}

/**
 * Opens the authorization URL with the browser command (not waited for: a browser may stay open),
 * or, with --no-browser or when the command cannot start, prints it on stderr for the user to open.
 * The URL carries state and the PKCE challenge, never the verifier; it is not put in any report.
 */
export function cliBrowserOpener(io: CliIo, noBrowser: boolean): BrowserOpener {
  const print = (url: string) =>
    io.stderr(`Open this URL in a browser to sign in (waiting for the redirect back to 127.0.0.1):\n\n  ${terminalSafe(url)}\n\n`);
  return (url) => {
    if (noBrowser) return Promise.resolve(print(url));
    const [command, ...args] = browserCommand(io.env);
    return new Promise<void>((resolve) => {
      const child = spawn(command!, [...args, url], {
        stdio: 'ignore',
        detached: process.platform !== 'win32',
        env: { ...io.env } as NodeJS.ProcessEnv,
      });
      child.once('error', () => {
        print(url);
        resolve();
      });
      child.once('spawn', () => {
        child.unref();
        io.stderr(`Opened the sign-in page of ${terminalSafe(new URL(url).origin)} in your browser; waiting for the redirect back…\n`);
        resolve();
      });
    });
  };
}
