// The npm package as a user gets it: `npm pack` holds only the bundles, README, LICENSE and the
// manifest; installed from the tarball into a clean directory with npm offline, `npx mcp-doctor` runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { closedPort } from '../support/net';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'mcpd-pack-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** npm with a fixed environment: the real cache (offline installs read it), no network, no update check. */
function npm(args: string[], cwd: string) {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    NODE_EXTRA_CA_CERTS: '',
    SSL_CERT_FILE: '',
    SSL_CERT_DIR: '',
    MCP_DOCTOR_CACHE_DIR: join(dir, 'cache'),
  };
  return spawnSync('npm', args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
}

test('npm pack: only dist bundles and assets, README, LICENSE, package.json; npx mcp-doctor works from the tarball offline', () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'cli.js')), 'dist/cli.js missing: run npm run build');
  // --ignore-scripts: prepack would rebuild dist/ in production mode under the other tests' feet.
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT);
  assert.equal(packed.status, 0, packed.stderr);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  const paths = info!.files.map((f) => f.path).sort();
  for (const path of paths)
    assert.match(path, /^(dist\/[\w-]+\.(js|css)|README\.md|LICENSE|package\.json)$/, `unexpected file in the package: ${path}`);
  for (const needed of [
    'dist/cli.js',
    'dist/cli-commands.js',
    'dist/webview.js',
    'dist/webview.css',
    'README.md',
    'LICENSE',
    'package.json',
  ])
    assert.ok(paths.includes(needed), needed);

  const clean = join(dir, 'clean');
  mkdirSync(clean);
  writeFileSync(join(clean, 'package.json'), '{ "private": true }\n');
  const installed = npm(['install', '--no-save', join(dir, info!.filename)], clean);
  assert.equal(installed.status, 0, installed.stderr);
  const help = npm(['exec', '--offline', '--', 'mcp-doctor', '--help'], clean);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /mcp-doctor check \[--config FILE\]/);
});

test('the installed CLI diagnoses: a refused port is exit 1 with its finding', async () => {
  const clean = join(dir, 'clean');
  const port = await closedPort();
  const run = npm(['exec', '--offline', '--', 'mcp-doctor', 'diagnose', `http://127.0.0.1:${port}/mcp`, '--json', '--no-history'], clean);
  assert.equal(run.status, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: { code: string }[] };
  assert.ok(
    report.findings.some((f) => f.code === 'NET_CONNECTION_REFUSED'),
    report.findings.map((f) => f.code).join(),
  );
  assert.deepEqual(
    readdirSync(join(clean, 'node_modules')).filter((n) => !n.startsWith('.')),
    ['mcp-doctor'],
    'no runtime dependency: the bundles carry jose and undici',
  );
});
