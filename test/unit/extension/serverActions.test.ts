// The MCP Servers view's model and its actions (Diagnose All, Open Report, Open Definition) over the
// fakes harness with the real engine: servers on refused loopback ports answer fast and for real.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DiscoveredServer } from '../../../src/core/discovery/types';
import {
  DIAGNOSE_ALL_CONCURRENCY,
  diagnoseAllCommand,
  openServerDefinitionCommand,
  openServerReportCommand,
} from '../../../src/extension/commands/serverActions';
import { age, groupServers, serverRow } from '../../../src/extension/servers/serverTree';
import { closedPort } from '../../support/net';
import { harness } from './fakes';

async function workspace(count: number): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Array.from({ length: count }, async (_, i) => `"s${i}": { "url": "http://127.0.0.1:${await closedPort()}/mcp" }`),
  );
  return {
    '/ws/.vscode/mcp.json': `{\n  "servers": {\n    ${entries.join(',\n    ')}\n  }\n}`,
    '/ws/.mcp.json': `{ "mcpServers": { "needs-input": { "url": "http://127.0.0.1:${await closedPort()}/mcp", "headers": { "Authorization": "Bearer \${input:tok}" } } } }`,
  };
}

describe('Diagnose All', () => {
  it('diagnoses every server, never more than the limit at once, one progress notification, no prompt', async () => {
    const h = harness({ files: await workspace(6) });
    const diagnosed = await diagnoseAllCommand(h.s);
    assert.equal(diagnosed, 7);
    assert.deepEqual(
      h.ui.calls.filter((c) => c.startsWith('progress:')),
      ['progress:MCP Doctor: diagnosing 7 servers'],
    );
    assert.ok(!h.ui.calls.some((c) => c.startsWith('input:') || c.startsWith('pick:')), h.ui.calls.join());
    assert.equal(h.ui.progress.length, 7);
    assert.match(h.ui.progress.at(-1) ?? '', /^7\/7 done/);
    let inFlight = 0;
    let most = 0;
    for (const e of h.health.events) {
      inFlight += e.startsWith('checking') ? 1 : -1;
      most = Math.max(most, inFlight);
    }
    assert.equal(h.health.events.filter((e) => e.startsWith('finished') && e.endsWith(' error')).length, 7, h.health.events.join());
    assert.ok(most <= DIAGNOSE_ALL_CONCURRENCY && most > 1, `at most ${DIAGNOSE_ALL_CONCURRENCY} at once, and more than one: ${most}`);
    assert.equal(h.s.session.all().length, 7, 'every report is kept for Open Report');
  });

  it('no servers: says so, diagnoses nothing', async () => {
    const h = harness();
    assert.equal(await diagnoseAllCommand(h.s), 0);
    assert.match(h.ui.messages[0]?.text ?? '', /no MCP servers found/);
  });
});

describe('Open Report and Open Definition', () => {
  it('Open Report shows the last report of that server; before any run it diagnoses first', async () => {
    const h = harness({ files: await workspace(2) });
    const [first] = (await h.s.registry.discover()).servers;
    await openServerReportCommand(h.s, { serverId: first!.id });
    assert.deepEqual(h.commands, ['mcpDoctor.diagnose'], 'not diagnosed yet: runs Diagnose');
    await diagnoseAllCommand(h.s);
    await openServerReportCommand(h.s, { serverId: first!.id });
    assert.equal(h.presenter.shown.length, 1);
    assert.equal(h.presenter.shown[0]?.context.serverId, first!.id);
    assert.match(h.presenter.shown[0]?.report.target ?? '', /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('Open Definition reveals the server key in its file', async () => {
    const h = harness({ files: await workspace(2) });
    const revealed: [string, number][] = [];
    Object.assign(h.ui, { revealInFile: async (path: string, offset: number) => void revealed.push([path, offset]) });
    const server = (await h.s.registry.discover()).servers[1]!;
    await openServerDefinitionCommand(h.s, { serverId: server.id });
    const text = h.files.get('/ws/.vscode/mcp.json')!;
    assert.deepEqual(revealed, [['/ws/.vscode/mcp.json', text.indexOf('"s1"')]]);
  });
});

describe('the MCP Servers tree model', () => {
  const server = (name: string, path?: string): DiscoveredServer =>
    ({
      id: `x:${path}#${name}`,
      name,
      url: `https://${name}.example/mcp`,
      source: { kind: path ? 'vscode-workspace' : 'settings', path },
      problems: [],
    }) as unknown as DiscoveredServer;

  it('groups by file (relative to the workspace folder), settings on their own', () => {
    const groups = groupServers(
      [server('a', '/ws/.vscode/mcp.json'), server('b'), server('c', '/ws/.vscode/mcp.json'), server('d', '/home/u/.cursor/mcp.json')],
      ['/ws'],
    );
    assert.deepEqual(
      groups.map((g) => [g.label, g.servers.map((s) => s.name)]),
      [
        ['.vscode/mcp.json', ['a', 'c']],
        ['Settings (mcpDoctor.servers)', ['b']],
        ['/home/u/.cursor/mcp.json', ['d']],
      ],
    );
    assert.equal(
      groupServers([server('a', '/ws/.vscode/mcp.json')], ['/ws', '/other'])[0]?.label,
      'ws/.vscode/mcp.json',
      'several folders: the folder name leads',
    );
  });

  it('rows: icon per health, verdict and age, checking spinner, not checked yet', () => {
    const s = server('a', '/ws/.vscode/mcp.json');
    const now = 10 * 3600_000;
    const result = (level: 'healthy' | 'warning' | 'failing') => ({
      level,
      verdict: `verdict ${level}`,
      at: now - 5 * 60_000,
      report: {} as never,
    });
    assert.deepEqual(
      (['healthy', 'warning', 'failing'] as const).map((l) => [
        serverRow(s, result(l), false, now).icon,
        serverRow(s, result(l), false, now).description,
      ]),
      [
        ['pass', 'verdict healthy · 5 min ago'],
        ['warning', 'verdict warning · 5 min ago'],
        ['error', 'verdict failing · 5 min ago'],
      ],
    );
    assert.equal(serverRow(s, result('failing'), true, now).icon, 'loading~spin');
    assert.equal(serverRow(s, result('failing'), false, now).contextValue, 'mcpServer.withReport');
    const fresh = serverRow(s, undefined, false, now);
    assert.deepEqual([fresh.icon, fresh.description, fresh.contextValue], ['circle-outline', 'not checked yet', 'mcpServer']);
    assert.deepEqual([0, 59_000, 60_000, 3 * 3600_000, 72 * 3600_000].map(age), [
      'just now',
      'just now',
      '1 min ago',
      '3 h ago',
      '3 d ago',
    ]);
  });
});
