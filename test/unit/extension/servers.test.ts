import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configKindOf, lensTargets } from '../../../src/extension/servers/configPaths';
import { configFiles, inputIds, ServerRegistry } from '../../../src/extension/servers/registry';
import { bearerFromHeaders, prepareTarget } from '../../../src/extension/servers/target';
import { KnownSecrets } from '../../../src/extension/host/secrets';
import { harness, MemorySecrets } from './fakes';

describe('server sources', () => {
  it('lists the workspace and user files of every client', () => {
    assert.deepEqual(
      configFiles(['/a'], { vscodeUserDir: '/home/me/.config/Code/User', home: '/home/me' }).map((f) => `${f.kind} ${f.path}`),
      [
        'vscode-workspace /a/.vscode/mcp.json',
        'mcp-json /a/.mcp.json',
        'cursor-workspace /a/.cursor/mcp.json',
        'vscode-user /home/me/.config/Code/User/mcp.json',
        'cursor-user /home/me/.cursor/mcp.json',
      ],
    );
  });

  it('finds ${input:…} ids and classifies config paths', () => {
    assert.deepEqual(inputIds('{"a":"${input:one}","b":"x ${input:two} ${input:one}", "c": "${input:'), ['one', 'two']);
    assert.equal(configKindOf('/w/.vscode/mcp.json'), 'vscode-workspace');
    assert.equal(configKindOf('C:\\w\\.cursor\\mcp.json'), 'cursor-workspace');
    assert.equal(configKindOf('/w/.mcp.json'), 'mcp-json');
    assert.equal(configKindOf('/u/mcp.json', '/u/mcp.json'), 'vscode-user');
    assert.equal(configKindOf('/w/other.json'), undefined);
  });

  it('places a Diagnose lens on each http/sse server, keyed like the registry', async () => {
    const text = '{\n  "servers": {\n    "lab": { "type": "http", "url": "https://l/mcp" },\n    "local": { "command": "node" }\n  }\n}';
    const lenses = lensTargets(text, '/ws/.vscode/mcp.json', 'vscode-workspace');
    assert.deepEqual(lenses, [{ serverId: 'vscode-workspace:/ws/.vscode/mcp.json#lab', name: 'lab', offset: text.indexOf('"lab"') }]);
    const h = harness({ files: { '/ws/.vscode/mcp.json': text } });
    assert.ok(await h.s.registry.find(lenses[0].serverId), 'the registry knows the lens target');
  });

  it('caches discovery until invalidated and never throws on unreadable files', async () => {
    let reads = 0;
    let now = 0;
    const registry = new ServerRegistry(
      {
        settingsServers: () => [{ url: 'https://s.test/mcp' }],
        discoveryEnabled: () => true,
        files: () => [{ kind: 'mcp-json', path: '/x/.mcp.json', workspaceFolder: '/x' }],
        readFile: async () => {
          reads++;
          throw new Error('EACCES');
        },
        secrets: new MemorySecrets(),
        knownSecrets: new KnownSecrets(),
        env: {},
      },
      () => now,
    );
    assert.equal((await registry.discover()).servers.length, 1);
    await registry.discover();
    assert.equal(reads, 1);
    now = 31_000;
    await registry.discover();
    registry.invalidate();
    await registry.discover();
    assert.equal(reads, 3);
  });
});

describe('prepareTarget', () => {
  it('takes the token from the source the server names, without prompting in the background', async () => {
    const h = harness({
      env: { LAB_TOKEN: 'env-token-0123456789' },
      settings: {
        servers: [
          { name: 'env', url: 'https://e.test', tokenSource: 'env:LAB_TOKEN' },
          { name: 'none', url: 'https://n.test', tokenSource: 'none', headers: { Authorization: 'Bearer hdr-token-0123456789' } },
        ],
      },
      files: {
        '/ws/.mcp.json':
          '{"mcpServers": {"hdr": {"url": "https://h.test", "headers": {"Authorization": "Bearer ${TOKEN}", "X-Tenant": "t"}}, "asks": {"url": "https://a.test", "headers": {"X-Key": "${input:k}"}}}}',
      },
    });
    const servers = (await h.s.registry.discover()).servers;
    const get = (name: string) => servers.find((s) => s.name === name)!;
    const deps = { ...h.s, ui: undefined, rediscover: () => h.s.registry.discover() };
    assert.equal((await prepareTarget(get('env'), deps))?.token, 'env-token-0123456789');
    assert.equal((await prepareTarget(get('none'), deps))?.token, undefined);
    const hdr = await prepareTarget(get('hdr'), deps);
    assert.equal(hdr?.token, undefined, '"Bearer " with an unset variable sends no token');
    assert.ok(hdr?.notes.some((n) => /TOKEN is not set/.test(n)));
    assert.deepEqual(hdr?.headers, { 'X-Tenant': 't' }, 'other configured headers are sent as the client would');
    const asks = await prepareTarget(get('asks'), deps);
    assert.ok(asks?.notes.some((n) => /no value yet for \$\{input:k\}/.test(n)));
    assert.deepEqual(h.ui.calls, [], 'background preparation never asks');
  });

  it('treats credential header values from config files as secrets, and only those', async () => {
    const h = harness({
      files: {
        '/ws/.mcp.json':
          '{"mcpServers": {"a": {"url": "https://a.test", "headers": {"X-Api-Key": "key-0123456789", "Accept": "application/json", "Authorization": "Bearer tok-0123456789"}}}}',
      },
    });
    await h.s.registry.discover();
    assert.deepEqual(h.s.knownSecrets.list().sort(), ['Bearer tok-0123456789', 'key-0123456789', 'tok-0123456789']);
  });

  it('reads the bearer value of an Authorization header', () => {
    assert.equal(bearerFromHeaders({ authorization: 'Bearer abc.def' }), 'abc.def');
    assert.equal(bearerFromHeaders({ Authorization: 'Basic Zm9v' }), undefined);
    assert.equal(bearerFromHeaders({ 'X-Api-Key': 'k' }), undefined);
  });
});
