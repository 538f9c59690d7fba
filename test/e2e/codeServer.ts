// Starts and stops code-server (real VS Code in the browser) for the e2e run: its own user data,
// extensions and config directories, loopback only, no auth, no telemetry or update checks.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface CodeServer {
  readonly url: string;
  readonly userDataDir: string;
  readonly log: () => string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Path of code-server's out/node/entry.js. */
  readonly entry: string;
  /** Scratch directory for user data, extensions and config. */
  readonly home: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** User settings (settings.json). */
  readonly settings: Readonly<Record<string, unknown>>;
  readonly startTimeoutMs?: number;
}

/** The extension marketplace pointed at a closed loopback port: code-server never looks up open-vsx.org. */
const CLOSED_GALLERY = JSON.stringify({
  serviceUrl: 'http://127.0.0.1:9/gallery',
  itemUrl: 'http://127.0.0.1:9/item',
  resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}',
});

function dirs(home: string): { userDataDir: string; extensionsDir: string; config: string } {
  return { userDataDir: join(home, 'user-data'), extensionsDir: join(home, 'extensions'), config: join(home, 'config.yaml') };
}

/** Installs a .vsix into the e2e extensions directory (the real `--install-extension` path). */
export function installExtension(entry: string, home: string, vsix: string): void {
  const { userDataDir, extensionsDir, config } = dirs(home);
  mkdirSync(userDataDir, { recursive: true });
  writeFileSync(config, 'auth: none\n');
  const result = spawnSync(
    process.execPath,
    [entry, '--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    {
      encoding: 'utf8',
      env: { ...process.env, EXTENSIONS_GALLERY: CLOSED_GALLERY },
      timeout: 120_000,
    },
  );
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout + result.stderr)) {
    throw new Error(`installing ${vsix} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A free loopback port (bound then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts code-server on 127.0.0.1 and resolves once it answers /healthz. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { userDataDir, extensionsDir, config } = dirs(options.home);
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  writeFileSync(config, 'auth: none\n');
  const port = await freePort();
  const args = [
    options.entry,
    '--config',
    config,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...options.env, EXTENSIONS_GALLERY: CLOSED_GALLERY },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-200_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const server: CodeServer = { url, userDataDir, log: () => output, stop: () => stopProcess(child) };
  try {
    await waitHealthy(url, child, options.startTimeoutMs ?? 60_000);
  } catch (err) {
    await server.stop();
    throw new Error(`code-server did not start: ${(err as Error).message}\n${output}`);
  }
  return server;
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no answer on ${url}/healthz within ${timeoutMs} ms`);
}

/** SIGTERM to the process group (code-server forks its extension host), SIGKILL after 5 s. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signalGroup(pid, 'SIGKILL');
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      signalGroup(pid, 'SIGKILL');
      resolve();
    });
    signalGroup(pid, 'SIGTERM');
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
