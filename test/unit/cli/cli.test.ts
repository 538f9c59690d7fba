import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { closedPort } from '../../support/net';

const CLI = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
const ESC = '\u001b[';
const cacheDir = mkdtempSync(join(tmpdir(), 'mcpd-cli-cache-'));
after(() => rmSync(cacheDir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', MCP_DOCTOR_CACHE_DIR: cacheDir, ...env },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the built CLI exists (npm test builds first)', () => {
  assert.ok(existsSync(CLI), `${CLI} missing: run npm run build`);
});

test('--version and --help', () => {
  assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+/);
  const help = run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /mcp-doctor diagnose <url>/);
  assert.match(run(['diagnose', '--help']).stdout, /--token-env VAR/);
  assert.match(
    run(['diagnose', '--help']).stdout,
    /--client NAME +The client you use: node, vscode, python-httpx, python-requests or curl/,
  );
  assert.match(run(['diagnose', '--help']).stdout, /--confirm-clients/);
});

for (const [label, args, pattern] of [
  ['malformed URL', ['diagnose', 'not a url'], /not an absolute URL/],
  ['unknown flag', ['diagnose', 'https://x.test/mcp', '--frobnicate'], /Unknown option '--frobnicate'/],
  ['unknown command', ['diagnoze', 'https://x.test'], /unknown command "diagnoze"/],
  ['bad timeout', ['diagnose', 'https://x.test/mcp', '--timeout', 'soon'], /--timeout takes a positive whole number/],
  ['unset token variable', ['diagnose', 'https://x.test/mcp', '--token-env', 'NOT_SET_ANYWHERE'], /NOT_SET_ANYWHERE is not set/],
  [
    'unknown client',
    ['diagnose', 'https://x.test/mcp', '--client', 'firefox'],
    /--client: "firefox" is not one of node, vscode, python-httpx, python-requests, curl/,
  ],
] as const) {
  test(`usage error (${label}): one clear line, exit 2, no stack trace`, () => {
    const { code, stdout, stderr } = run([...args]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, pattern);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  });
}

test('unreachable host: exit 1, verdict first, no colour when not a TTY', async () => {
  const port = await closedPort();
  const { code, stdout, stderr } = run(['diagnose', `http://127.0.0.1:${port}/mcp`]);
  assert.equal(code, 1);
  assert.equal(stderr, '');
  const lines = stdout.split('\n');
  assert.match(lines[1] ?? '', /Nothing is listening on 127\.0\.0\.1:\d+/);
  assert.ok(!stdout.includes(ESC), 'no ANSI escapes without a TTY');
});

test('FORCE_COLOR colours, NO_COLOR wins over it', async () => {
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}/mcp`;
  assert.ok(run(['diagnose', url], { FORCE_COLOR: '1' }).stdout.includes(`${ESC}31m`));
  assert.ok(!run(['diagnose', url], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout.includes(ESC));
});

test('--json prints one parseable report with the documented fields', async () => {
  const port = await closedPort();
  const { code, stdout } = run(['diagnose', `http://127.0.0.1:${port}/mcp`, '--json', '--ca', '/nonexistent/ca.pem']);
  assert.equal(code, 1);
  const report = JSON.parse(stdout) as Record<string, unknown>;
  for (const key of ['target', 'startedAt', 'durationMs', 'steps', 'findings', 'verdict']) assert.ok(key in report, key);
  const findings = report.findings as { code: string; evidence: Record<string, unknown> }[];
  assert.ok(findings.some((f) => f.code === 'CONFIG_CA_FILE_MISSING' && f.evidence.path === '/nonexistent/ca.pem'));
});

test('--html writes a self-contained report page with no network loads', async () => {
  const port = await closedPort();
  const dir = mkdtempSync(join(tmpdir(), 'mcpd-html-'));
  try {
    const file = join(dir, 'report.html');
    const { code, stderr } = run(['diagnose', `http://127.0.0.1:${port}/mcp`, '--html', file]);
    assert.equal(code, 1);
    assert.match(stderr, /HTML report written/);
    const html = readFileSync(file, 'utf8');
    assert.match(html, /Content-Security-Policy/);
    assert.match(html, /NET_CONNECTION_REFUSED/);
    assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=["']?https?:/i, 'no remote resources');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the jwt and ca-bundle commands are wired in', () => {
  assert.equal(run(['jwt', '--help']).code, 0);
  assert.match(run(['ca-bundle', '--help']).stdout, /--out FILE/);
  const noOut = run(['ca-bundle']);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /--out/);
});
