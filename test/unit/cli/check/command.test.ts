// The built `check` command's usage paths (no network): help, nothing to check, bad flags.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
