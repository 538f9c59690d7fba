import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { discoverServers, resolveServer } from '../../../src/core/discovery/discover';
import { parseJsonc, positionAt } from '../../../src/core/discovery/jsonc';
import { parseMcpConfig } from '../../../src/core/discovery/mcpJson';
import { parseSettingsServers } from '../../../src/core/discovery/settings';
import { type ConfigFile } from '../../../src/core/discovery/types';
import { resolveVariables } from '../../../src/core/discovery/variables';

const vscodeFile: ConfigFile = { kind: 'vscode-workspace', path: '/ws/.vscode/mcp.json', workspaceFolder: '/ws' };
const mcpJsonFile: ConfigFile = { kind: 'mcp-json', path: '/ws/.mcp.json', workspaceFolder: '/ws' };
const cursorFile: ConfigFile = { kind: 'cursor-workspace', path: '/ws/.cursor/mcp.json', workspaceFolder: '/ws' };

const VSCODE_MCP_JSON = `{
  // Workspace servers
  "inputs": [
    { "type": "promptString", "id": "api-key", "description": "API key", "password": true },
  ],
  "servers": {
    "lab": {
      "type": "http",
      "url": "https://localhost:8443/mcp", /* trailing comment */
      "headers": { "Authorization": "Bearer \${input:api-key}", "X-Env": "\${env:LAB_TENANT}" },
    },
    "legacy": { "type": "sse", "url": "\${workspaceFolder}/sse" },
    "local": { "type": "stdio", "command": "node", "args": ["server.js"] },
  },
}`;

describe('parseJsonc', () => {
  it('accepts comments and trailing commas and keeps key offsets', () => {
    const text = '// c\n{ "a": [1, 2,], /* x */ "b": {"c": "\\u0041\\n"}, }';
    const result = parseJsonc(text);
    assert.ok(result.ok);
    assert.equal(result.value.type, 'object');
    if (result.value.type !== 'object') return;
    const b = result.value.properties.get('b');
    assert.equal(b?.keyOffset, text.indexOf('"b"'));
    assert.deepEqual(b?.value.type === 'object' && b.value.properties.get('c')?.value, {
      type: 'string',
      offset: text.indexOf('"\\u'),
      value: 'A\n',
    });
  });

  it('reports errors with an offset instead of throwing', () => {
    for (const [text, offset] of [
      ['{"a": }', 6],
      ['{"a": 1', 7],
      ['{"a" 1}', 5],
      ['{"a": "x', 6],
      ['{} extra', 3],
      ['/* open', 0],
      ['{"a": tru}', 6],
    ] as const) {
      const result = parseJsonc(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) assert.equal(result.error.offset, offset, text);
    }
  });

  it('caps nesting depth', () => {
    const result = parseJsonc('['.repeat(100_000));
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.error.message, /nesting deeper/);
  });

  it('keeps __proto__ as an ordinary key', () => {
    const result = parseJsonc('{"__proto__": {"polluted": true}}');
    assert.ok(result.ok && result.value.type === 'object' && result.value.properties.has('__proto__'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('positionAt converts offsets to line/character', () => {
    assert.deepEqual(positionAt('ab\ncd\nef', 7), { line: 2, character: 1 });
  });
});

describe('parseMcpConfig', () => {
  it('reads VS Code servers (http and sse), inputs and skips stdio', () => {
    const parsed = parseMcpConfig(VSCODE_MCP_JSON, vscodeFile);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(
      parsed.servers.map((s) => [s.name, s.transport, s.url]),
      [
        ['lab', 'http', 'https://localhost:8443/mcp'],
        ['legacy', 'sse', '${workspaceFolder}/sse'],
      ],
    );
    assert.equal(VSCODE_MCP_JSON.slice(parsed.servers[0].keyOffset, parsed.servers[0].keyOffset! + 5), '"lab"');
    assert.deepEqual(parsed.inputs, [{ id: 'api-key', description: 'API key', password: true }]);
    assert.deepEqual(parsed.skipped, [{ name: 'local', reason: 'stdio server (runs a local command)' }]);
  });

  it('reads mcpServers files (.mcp.json, Cursor), including mcp-remote bridges', () => {
    const text = `{"mcpServers": {
      "remote": {"url": "https://a.test/mcp", "headers": {"X-API-Key": "k"}},
      "typed": {"type": "streamable-http", "url": "https://b.test/mcp"},
      "bridge": {"command": "npx", "args": ["-y", "mcp-remote@0.1.38", "https://c.test/mcp", "--header", "Authorization: Bearer \${TOKEN}"]}
    }}`;
    const parsed = parseMcpConfig(text, mcpJsonFile);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(
      parsed.servers.map((s) => [s.name, s.url, s.headers, s.viaMcpRemote ?? false]),
      [
        ['remote', 'https://a.test/mcp', [['X-API-Key', 'k']], false],
        ['typed', 'https://b.test/mcp', [], false],
        ['bridge', 'https://c.test/mcp', [['Authorization', 'Bearer ${TOKEN}']], true],
      ],
    );
    assert.equal(parseMcpConfig(text, vscodeFile).servers.length, 0, 'VS Code files use "servers", not "mcpServers"');
  });

  it('turns malformed input into diagnostics', () => {
    const cases: Record<string, RegExp> = {
      '{"servers": [1]}': /should be an object of servers/,
      '[]': /top level/,
      '{"servers": {"x": 3}}': /"x" should be an object/,
      '{"servers": {"x": {"type": "ws", "url": "wss://a"}}}': /unknown type "ws"/,
      '{"servers": {"x": {"type": "http"}}}': /has no "url"/,
      '{"servers": {"x": {"url": "https://a", "headers": {"A": 1}}}}': /header "A" of "x" should be a string/,
      '{"servers": {"x": {}}}': /neither "url" nor "command"/,
      '{"servers": ': /not valid JSON/,
      '{"inputs": {}, "servers": {}}': /"inputs" should be an array/,
    };
    for (const [text, expected] of Object.entries(cases)) {
      const parsed = parseMcpConfig(text, vscodeFile);
      assert.ok(
        parsed.diagnostics.some((d) => expected.test(d.message) && d.path === vscodeFile.path),
        `${text}: ${JSON.stringify(parsed.diagnostics)}`,
      );
    }
    assert.deepEqual(parseMcpConfig('', vscodeFile), { servers: [], inputs: [], skipped: [], diagnostics: [] });
    assert.match(parseMcpConfig(' '.repeat(1_000_001), vscodeFile).diagnostics[0].message, /larger than/);
  });
});

describe('resolveVariables', () => {
  const ctx = { workspaceFolder: '/home/me/proj', userHome: '/home/me', env: { HOST: 'h.test', EMPTY: '' }, inputs: { key: 'K' } };

  it('substitutes VS Code variables and leaves unknown ones literal', () => {
    const r = resolveVariables(
      '${workspaceFolder}|${workspaceFolderBasename}|${userHome}|${env:HOST}|${env:NOPE}|${input:key}|${input:other}|${HOST}|${',
      ctx,
      'vscode',
    );
    assert.equal(r.value, '/home/me/proj|proj|/home/me|h.test||K||${HOST}|${');
    assert.deepEqual(r.missingEnv, ['NOPE']);
    assert.deepEqual(r.inputs, ['key', 'other']);
    assert.deepEqual(r.missingInputs, ['other']);
    assert.deepEqual(r.unknown, ['HOST']);
  });

  it('substitutes Claude-style ${VAR} and ${VAR:-default}', () => {
    const r = resolveVariables('${HOST}/${EMPTY:-fallback}/${MISSING}/${env:HOST}', ctx, 'claude');
    assert.equal(r.value, 'h.test/fallback//h.test');
    assert.deepEqual(r.missingEnv, ['MISSING']);
  });
});

describe('parseSettingsServers', () => {
  it('reads full entries and reports bad ones', () => {
    const { servers, diagnostics } = parseSettingsServers([
      {
        name: 'prod',
        url: 'https://p.test/mcp',
        compareUrl: 'http://p.test:8080/mcp',
        caFiles: ['/ca.pem'],
        tokenSource: 'env:PROD_TOKEN',
        expectedIssuer: 'https://idp',
        expectedAudience: 'mcp',
        requiredScopes: ['read'],
      },
      { url: 'https://q.test' },
      { name: 'no url' },
      { url: 'https://r.test', tokenSource: 'keychain' },
      'nonsense',
    ]);
    assert.equal(servers.length, 2);
    assert.deepEqual(servers[0].tokenSource, { kind: 'env', name: 'PROD_TOKEN' });
    assert.deepEqual(servers[0].requiredScopes, ['read']);
    assert.equal(servers[1].name, 'server 2');
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      [
        'entry 3: needs a "url"',
        'entry 4: unknown "tokenSource" "keychain" (use "secret", "env:NAME", "header" or "none")',
        'entry 5: should be an object',
      ],
    );
    assert.equal(parseSettingsServers({}).diagnostics.length, 1);
  });
});

describe('discoverServers', () => {
  it('merges settings and files, substitutes variables, records origin and trust', () => {
    const result = discoverServers(
      [{ name: 'pinned', url: 'https://a.test/mcp', expectedAudience: 'mcp' }],
      [
        { file: vscodeFile, text: VSCODE_MCP_JSON },
        { file: mcpJsonFile, text: '{"mcpServers": {"dup": {"url": "https://a.test/mcp"}}}' },
        { file: cursorFile, text: undefined },
        { file: { kind: 'vscode-user', path: '/u/mcp.json' }, text: '{"servers": {"user": {"url": "https://u.test/mcp"}}}' },
      ],
      {
        env: { LAB_TENANT: 't1' },
        userHome: '/home/me',
        inputsFor: (path) => (path === vscodeFile.path ? { 'api-key': 'secret-123' } : {}),
      },
    );
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(
      result.servers.map((s) => [s.name, s.source.kind, s.fromWorkspace]),
      [
        ['pinned', 'settings', false],
        ['lab', 'vscode-workspace', true],
        ['legacy', 'vscode-workspace', true],
        ['user', 'vscode-user', false],
      ],
    );
    const lab = result.servers[1];
    assert.deepEqual(lab.headers, { Authorization: 'Bearer secret-123', 'X-Env': 't1' });
    assert.deepEqual(lab.tokenSource, { kind: 'header' });
    assert.equal(lab.id, 'vscode-workspace:/ws/.vscode/mcp.json#lab');
    assert.equal(result.servers[2].url, '/ws/sse');
    assert.deepEqual(
      result.inputs.get(vscodeFile.path)?.map((i) => i.id),
      ['api-key'],
    );
  });

  it('lists missing inputs and env vars as problems, not errors', () => {
    const raw = {
      name: 'x',
      transport: 'http' as const,
      url: 'https://${env:H}/mcp',
      headers: [['Authorization', 'Bearer ${input:tok}']] as [string, string][],
    };
    const server = resolveServer(raw, vscodeFile, { env: {} });
    assert.deepEqual(server.missingInputs, ['tok']);
    assert.deepEqual(server.problems, ['environment variable H is not set']);
    assert.equal(server.url, 'https:///mcp');
  });
});
