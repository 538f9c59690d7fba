/**
 * The MCP Inspector CLI (figure 1's comparison tool) is installed only when the bench runs, into a
 * cache outside the repository, not as a dev dependency: it requires Node >= 22.19 (and pulls undici 8,
 * commander 15), so every `npm install` on the supported Node 20 printed EBADENGINE warnings for a
 * tool only the bench uses. It still runs on Node 20 for the one command the bench times.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const INSPECTOR_VERSION = '2.12.0';
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** The cache folder for this Inspector version (like code-server's in scripts/e2e/codeServer.mjs). */
export function inspectorDir(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'mcp-doctor', `inspector-${INSPECTOR_VERSION}`);
}

/** The Inspector's package.json in the cache, or undefined when not (completely) installed. */
function installedPackageJson(dir: string): string | undefined {
  const pkg = join(dir, 'node_modules', '@modelcontextprotocol', 'inspector', 'package.json');
  return existsSync(pkg) && existsSync(join(dir, '.installed')) ? pkg : undefined;
}

/** Installs the Inspector when missing (asynchronously: a lab may be answering in this process); returns its bin and version. */
export async function ensureInspector(log: (line: string) => void = console.log): Promise<{ path: string; version: string }> {
  const dir = inspectorDir();
  let pkgPath = installedPackageJson(dir);
  if (!pkgPath) {
    log(`installing @modelcontextprotocol/inspector@${INSPECTOR_VERSION} into ${dir} (once; the bench compares against it)`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    // engine-strict off and loglevel error: the Inspector declares Node >= 22.19, and this is the one place that knowingly runs it on 20.
    await npm(
      [
        'install',
        '--no-save',
        '--no-fund',
        '--no-audit',
        '--no-package-lock',
        '--engine-strict=false',
        '--loglevel=error',
        `@modelcontextprotocol/inspector@${INSPECTOR_VERSION}`,
      ],
      dir,
    );
    writeFileSync(join(dir, '.installed'), `${new Date().toISOString()}\n`);
    pkgPath = installedPackageJson(dir);
    if (!pkgPath) throw new Error(`the Inspector install in ${dir} did not produce its package.json`);
  }
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string; bin: Record<string, string> };
  return { path: join(dirname(pkgPath), pkg.bin['mcp-inspector']!), version: pkg.version };
}

function npm(args: string[], cwd: string): Promise<void> {
  const npmCli = process.env.npm_execpath;
  const [command, prefix] = npmCli && npmCli.endsWith('.js') ? [process.execPath, [npmCli]] : ['npm', []];
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...prefix, ...args], { cwd, stdio: 'inherit' });
    const timer = setTimeout(() => child.kill('SIGKILL'), INSTALL_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`npm ${args.join(' ')} failed (${signal ?? code})`));
    });
  });
}
