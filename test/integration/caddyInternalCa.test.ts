// Issue 13 item 5: Debian's real Caddy with `tls internal`. The server sends leaf + intermediate, never its root, so
// `mcp-doctor ca-bundle URL` refuses; the finding must name Caddy's root location and suggest a command that works.
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { reservePort } from '../lab/net';
import { waitForPort } from '../support/net';
import { requires } from '../support/requires';

const ROOT_DIR = join(__dirname, '..', '..');
const caddyMissing = requires('caddy');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function runFile(file: string, args: readonly string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, [...args], { ...options, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** The mcp-doctor CLI from source, with an explicit environment (this machine presets CA variables). */
function mcpDoctor(args: readonly string[], cwd: string): Promise<Run> {
  // tsx by path: the command runs in a temporary directory, where `--import tsx` would not resolve.
  const tsx = pathToFileURL(join(ROOT_DIR, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return runFile(process.execPath, ['--import', tsx, join(ROOT_DIR, 'src', 'cli', 'main.ts'), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, MCP_DOCTOR_CACHE_DIR: join(cwd, 'cache') },
  });
}

/** Polls (bounded) until Caddy has issued the site certificate into its storage. */
async function waitForFile(path: string, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries && !existsSync(path); i++) await new Promise((r) => setTimeout(r, 50));
  return existsSync(path);
}

describe('Caddy tls internal (real caddy)', { skip: caddyMissing, concurrency: false }, () => {
  let dir: string;
  let caddy: ChildProcess | undefined;
  let url: string;
  let storage: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpd-caddy-'));
    storage = join(dir, 'data');
    const [httpPort, httpsPort] = [await reservePort(), await reservePort()];
    url = `https://localhost:${httpsPort}/mcp`;
    // skip_install_trust: Caddy must never touch this machine's trust store (tests run as root).
    await writeFile(
      join(dir, 'Caddyfile'),
      [
        '{',
        '\tadmin off',
        `\tstorage file_system ${storage}`,
        '\tskip_install_trust',
        '\tauto_https disable_redirects',
        `\thttp_port ${httpPort}`,
        `\thttps_port ${httpsPort}`,
        '}',
        `https://localhost:${httpsPort} {`,
        '\tbind 127.0.0.1',
        '\ttls internal',
        '\trespond "ok"',
        '}',
        '',
      ].join('\n'),
    );
    await mkdir(join(dir, 'home'));
    const home = join(dir, 'home');
    caddy = spawn('caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: home,
        XDG_DATA_HOME: join(home, 'data'),
        XDG_CONFIG_HOME: join(home, 'config'),
      },
    });
    assert.ok(await waitForPort(httpsPort, () => caddy?.exitCode === null, 200), 'caddy listens');
    assert.ok(await waitForFile(join(storage, 'certificates', 'local', 'localhost', 'localhost.crt')), 'caddy issued the site certificate');
  });
  after(async () => {
    caddy?.kill();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("the finding recognises Caddy's local CA, names its root location, and its command (run as written) succeeds", async () => {
    const report = await diagnose({ url, env: {}, timeoutMs: 8000 });
    const top = report.findings[0]!;
    assert.equal(top.code, 'TLS_UNTRUSTED_ROOT', report.findings.map((f) => f.code).join(', '));
    assert.equal(top.evidence.rootSent, false);
    assert.equal(top.evidence.rootAvailable, false);
    assert.equal((top.evidence.knownCa as { id?: string }).id, 'caddy');
    assert.match(top.cause, /Caddy's local CA \(tls internal\) \("CN=Caddy Local Authority - \d{4} ECC Root"\)/);
    assert.match(top.cause, /pki\/authorities\/local\/root\.crt in Caddy's data directory/);
    assert.match(top.fix, /caddy trust/);

    // The bare form refuses here: the server does not send its root. The finding must not suggest it.
    const bare = await mcpDoctor(['ca-bundle', '--out', 'bare.pem', url], dir);
    assert.equal(bare.code, 1, bare.stderr);
    assert.match(bare.stderr, /No bundle was written/);
    assert.ok(!top.fix.includes(`\`mcp-doctor ca-bundle --out ca-bundle.pem ${url}\``), top.fix);

    // The suggested command, as written, with the root from this Caddy's storage directory.
    const command = /`(mcp-doctor ca-bundle [^`]+)`/.exec(top.fix)?.[1];
    assert.ok(command, top.fix);
    const typical = '/var/lib/caddy/.local/share/caddy/pki/authorities/local/root.crt';
    assert.ok(command.includes(`--ca ${typical} `), command);
    const args = command
      .replace(typical, join(storage, 'pki', 'authorities', 'local', 'root.crt'))
      .split(' ')
      .slice(1);
    const built = await mcpDoctor(args, dir);
    assert.equal(built.code, 0, built.stderr);
    assert.match(built.stdout, /\+ root "Caddy Local Authority - \d{4} ECC Root"/);

    // The exported bundle works for the real clients.
    const bundle = join(dir, 'ca-bundle.pem');
    const curl = await runFile('curl', ['-s', '--max-time', '5', url], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CURL_CA_BUNDLE: bundle },
    });
    assert.deepEqual([curl.code, curl.stdout], [0, 'ok']);
    const node = await runFile(
      process.execPath,
      [
        '-e',
        `fetch(${JSON.stringify(url)}).then(async (r) => console.log(r.status, await r.text()), (e) => { console.log(e.cause?.code ?? e.message); process.exitCode = 1; })`,
      ],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', NODE_EXTRA_CA_CERTS: bundle } },
    );
    assert.equal(node.stdout.trim(), '200 ok', node.stderr);
  });
});
