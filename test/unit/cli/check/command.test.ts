// The built `check` command's usage paths (no network): help, nothing to check, bad flags.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const CLI = join(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'mcpd-check-cmd-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], cwd = dir, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, MCP_DOCTOR_CACHE_DIR: join(dir, 'cache'), ...env },
    timeout: 30_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('check --help, and check in the top-level usage', () => {
  const help = run(['check', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--junit FILE/);
  assert.match(help.stdout, /--token-env NAME=VAR/);
  assert.match(run(['--help']).stdout, /mcp-doctor check \[--config FILE\]/);
});

test('no server anywhere: exit 2 naming what was read; a missing --config file: exit 2', () => {
  const empty = run(['check']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /no http\/sse MCP servers found \(read: no configuration file\)/);
  const missing = run(['check', '--config', 'nope.json']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--config: cannot read .*nope\.json \(ENOENT\)/);
});

test('bad flag values are usage errors before any request', () => {
  const ws = join(dir, 'ws');
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  writeFileSync(join(ws, '.vscode', 'mcp.json'), '{ "servers": { "a": { "url": "https://127.0.0.1:9/mcp" }, "broken": 5 } }');
  assert.match(run(['check', '--concurrency', '0'], ws).stderr, /--concurrency takes a whole number from 1 to 64/);
  assert.match(run(['check', '--token-env', 'a'], ws).stderr, /--token-env takes NAME=VAR/);
  assert.match(
    run(['check', '--token-env', 'a=UNSET_VAR'], ws).stderr,
    /--token-env a: environment variable UNSET_VAR is not set or empty/,
  );
  assert.match(run(['check', 'https://x.example/mcp'], ws).stderr, /check takes no URL/);
});

test('an input value in the URL and a header secret never reach stdout, JUnit, SARIF or the step summary', () => {
  const ws = join(dir, 'secret-ws');
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  const url = 'http://127.0.0.1:9/mcp?key=${input:api-key}';
  writeFileSync(
    join(ws, '.vscode', 'mcp.json'),
    JSON.stringify({ servers: { s: { url, headers: { 'X-Api-Key': '${env:HEADER_SECRET}' } } } }),
  );
  const env = {
    INPUT_SECRET: 'in-put-s3cret-value-123',
    HEADER_SECRET: 'head3r-s3cret-value-456',
    GITHUB_STEP_SUMMARY: join(ws, 'summary.md'),
  };
  for (const args of [['--json'], ['--junit', 'r.xml', '--sarif', 'r.sarif']]) {
    const run = spawnSync(
      process.execPath,
      [CLI, 'check', '--no-user-config', '--no-history', '--input-env', 'api-key=INPUT_SECRET', ...args],
      {
        cwd: ws,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
        timeout: 30_000,
      },
    );
    assert.equal(run.status, 1, run.stderr);
    const written = [
      run.stdout,
      run.stderr,
      ...['r.xml', 'r.sarif', 'summary.md'].map((f) => (existsSync(join(ws, f)) ? readFileSync(join(ws, f), 'utf8') : '')),
    ].join('\n');
    assert.match(written, /127\.0\.0\.1:9/, 'the outputs are there');
    assert.ok(!written.includes(env.INPUT_SECRET) && !written.includes(env.HEADER_SECRET), 'no secret in any output');
  }
});
