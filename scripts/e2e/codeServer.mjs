// Installs code-server from the npm registry into a cache outside the repo, and reuses it.
// code-server's postinstall fetches ripgrep from the internet, which this machine (and CI) cannot
// reach, so we pre-seed @vscode/ripgrep's download cache with a tarball of the system `rg`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
const INSTALL_TIMEOUT_MS = 15 * 60_000;

/** The cache folder for this code-server version (outside the repo, survives between runs). */
export function codeServerDir() {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'mcp-doctor', `code-server-${CODE_SERVER_VERSION}`);
}

/** Path to the code-server launcher script, or undefined when not (completely) installed. */
export function installedCodeServer(dir = codeServerDir()) {
  const bin = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const done = join(dir, '.installed');
  return existsSync(bin) && existsSync(done) ? bin : undefined;
}

function seedRipgrep(log) {
  const cacheDir = join(process.env.TMPDIR || tmpdir(), RIPGREP_CACHE);
  const tarball = join(cacheDir, RIPGREP_ASSET);
  if (existsSync(tarball)) return;
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep (rg) is not installed: apt-get install ripgrep');
  mkdirSync(cacheDir, { recursive: true });
  const stage = mkdtempSync(join(tmpdir(), 'rg-stage-'));
  try {
    copyFileSync(rg, join(stage, 'rg'));
    const tar = spawnSync('tar', ['-czf', tarball, '-C', stage, 'rg'], { stdio: 'inherit' });
    if (tar.status !== 0) throw new Error('could not create the ripgrep tarball');
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  log(`seeded ripgrep cache from ${rg}: ${tarball}`);
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code})`));
    });
  });
}

/** Installs code-server when missing and returns the path of its entry script. */
export async function ensureCodeServer(log = console.log) {
  const dir = codeServerDir();
  const existing = installedCodeServer(dir);
  if (existing) return existing;
  log(`installing code-server@${CODE_SERVER_VERSION} into ${dir}`);
  seedRipgrep(log);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'mcp-doctor-e2e-code-server', private: true }, null, 2));
  const env = { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true', npm_config_update_notifier: 'false' };
  await run('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir,
    env,
    timeoutMs: INSTALL_TIMEOUT_MS,
  });
  const bin = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!existsSync(join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) {
    throw new Error('code-server installed but its postinstall did not run (lib/vscode/node_modules missing)');
  }
  writeFileSync(join(dir, '.installed'), new Date().toISOString());
  return bin;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureCodeServer().then(
    (bin) => console.log(bin),
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
