import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configFileFor, planCheck, type PlanInput } from '../../../../src/cli/check/targets';

const VSCODE = `{
  // comment
  "servers": {
    "a": { "type": "http", "url": "https://a.example/mcp", "headers": { "Authorization": "Bearer \${env:A_TOKEN}", "X-Team": "blue" } },

    "b": {
      "url": "https://b.example/mcp",
      "headers": { "Authorization": "Bearer \${input:b-token}" }
    },
    "c": { "url": "https://c.example/mcp" },
    "stdio": { "command": "node" }
  }
}`;
const CLAUDE = `{ "mcpServers": {
  "d": { "type": "http", "url": "https://d.example/\${SUFFIX:-mcp}" } } }`;

function input(files: Record<string, string>, over: Partial<PlanInput> = {}): PlanInput {
  return {
    cwd: '/repo',
    home: '/home/u',
    platform: 'linux',
    env: {},
    extraConfigs: [],
    userFiles: true,
    tokens: new Map(),
    inputs: {},
    readFile: async (path) => files[path],
    ...over,
  };
}

test('the working directory is the workspace folder: its files, 1-based lines of each key, stdio entries left out', async () => {
  const plan = await planCheck(input({ '/repo/.vscode/mcp.json': VSCODE, '/repo/.mcp.json': CLAUDE }, { env: { A_TOKEN: 'tok-a' } }));
  const where = Object.fromEntries(plan.targets.map((t) => [t.server.name, t.location]));
  assert.deepEqual(where.a, { path: '/repo/.vscode/mcp.json', line: 4, column: 5 });
  assert.deepEqual(where.b, { path: '/repo/.vscode/mcp.json', line: 6, column: 5 });
  assert.deepEqual(where.d, { path: '/repo/.mcp.json', line: 2, column: 3 });
  assert.equal(
    plan.targets.find((t) => t.server.name === 'd')?.server.url,
    'https://d.example/mcp',
    'the .mcp.json dialect substitutes ${NAME:-default}',
  );
  assert.deepEqual([...plan.filesRead].sort(), ['/repo/.mcp.json', '/repo/.vscode/mcp.json']);
  assert.ok(!plan.targets.some((t) => t.server.name === 'stdio'));
});

test('tokens: --token-env first, then the Authorization header as substituted; an unresolved header says why', async () => {
  const plan = await planCheck(
    input(
      { '/repo/.vscode/mcp.json': VSCODE },
      {
        env: { A_TOKEN: 'tok-a' },
        tokens: new Map([
          ['c', 'tok-c'],
          ['typo', 'x'],
        ]),
      },
    ),
  );
  const by = Object.fromEntries(plan.targets.map((t) => [t.server.name, t]));
  assert.equal(by.a?.token, 'tok-a');
  assert.deepEqual(by.a?.headers, { 'X-Team': 'blue' }, 'Authorization travels as the token, never twice');
  assert.equal(by.c?.token, 'tok-c');
  assert.equal(by.c?.tokenOrigin, '--token-env');
  assert.equal(by.b?.token, undefined);
  assert.match(by.b?.cannotAuthenticate ?? '', /\$\{input:b-token\} has no value \(--input-env b-token=VAR\)/);
  assert.deepEqual(plan.unusedTokenNames, ['typo']);

  const missingEnv = await planCheck(input({ '/repo/.vscode/mcp.json': VSCODE }));
  assert.match(missingEnv.targets[0]?.cannotAuthenticate ?? '', /environment variable A_TOKEN is not set/);
  const withInput = await planCheck(input({ '/repo/.vscode/mcp.json': VSCODE }, { inputs: { 'b-token': 'tok-b' } }));
  assert.equal(withInput.targets.find((t) => t.server.name === 'b')?.token, 'tok-b');
});

test('user files only when asked; --config files by name, read once even when also a default file', async () => {
  const files = {
    '/home/u/.config/Code/User/mcp.json': '{"servers":{"u":{"url":"https://u.example/mcp"}}}',
    '/elsewhere/servers.json': '{"servers":{"e":{"url":"https://e.example/mcp"}}}',
    '/repo/.vscode/mcp.json': VSCODE,
  };
  const names = async (over: Partial<PlanInput>) => (await planCheck(input(files, over))).targets.map((t) => t.server.name).sort();
  assert.deepEqual(await names({}), ['a', 'b', 'c', 'u']);
  assert.deepEqual(await names({ userFiles: false }), ['a', 'b', 'c']);
  assert.deepEqual(await names({ userFiles: false, extraConfigs: ['/elsewhere/servers.json', '/repo/.vscode/mcp.json'] }), [
    'a',
    'b',
    'c',
    'e',
  ]);
  assert.deepEqual(await names({ env: { XDG_CONFIG_HOME: '/xdg' } }), ['a', 'b', 'c'], "XDG_CONFIG_HOME moves VS Code's user folder");
});

test('configFileFor: the kind and workspace folder of a --config path', () => {
  assert.deepEqual(configFileFor('/w/.vscode/mcp.json'), { kind: 'vscode-workspace', path: '/w/.vscode/mcp.json', workspaceFolder: '/w' });
  assert.deepEqual(configFileFor('/w/.cursor/mcp.json'), { kind: 'cursor-workspace', path: '/w/.cursor/mcp.json', workspaceFolder: '/w' });
  assert.deepEqual(configFileFor('/w/.mcp.json'), { kind: 'mcp-json', path: '/w/.mcp.json', workspaceFolder: '/w' });
  assert.deepEqual(configFileFor('/w/ci/servers.json'), { kind: 'vscode-workspace', path: '/w/ci/servers.json', workspaceFolder: '/w/ci' });
});
