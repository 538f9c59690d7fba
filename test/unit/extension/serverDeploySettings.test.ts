import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deployOptionsFor } from '../../../src/extension/commands/run';
import { discoverServers } from '../../../src/core/discovery/discover';
import { parseSettingsServers } from '../../../src/core/discovery/settings';

describe('mcpDoctor.servers: origin, streamTool, streamArgs', () => {
  it('reads them, normalising origin to what a browser sends', () => {
    const { servers, diagnostics } = parseSettingsServers([
      {
        name: 'a',
        url: 'https://mcp.example/mcp',
        origin: 'https://app.example.com/chat?x=1',
        streamTool: ' slow-report ',
        streamArgs: { seconds: 5 },
      },
      { name: 'b', url: 'https://mcp.example/mcp' },
    ]);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(servers[0]?.deploy, { origin: 'https://app.example.com', streamTool: 'slow-report', streamArgs: { seconds: 5 } });
    assert.equal(servers[1]?.deploy, undefined);
  });

  it('reports and skips an entry whose origin or arguments cannot be used', () => {
    const { servers, diagnostics } = parseSettingsServers([
      { name: 'a', url: 'https://mcp.example/mcp', origin: 'app.example.com' },
      { name: 'b', url: 'https://mcp.example/mcp', origin: 'ftp://app.example.com' },
      { name: 'c', url: 'https://mcp.example/mcp', streamTool: 't', streamArgs: [1] },
      { name: 'd', url: 'https://mcp.example/mcp', streamArgs: { a: 1 } },
    ]);
    assert.equal(servers.length, 0);
    assert.deepEqual(
      diagnostics.map((d) => d.message),
      [
        'entry 1: "origin" "app.example.com" is not a URL (e.g. https://app.example.com)',
        'entry 2: "origin" must be an http(s) origin',
        'entry 3: "streamArgs" should be an object of the tool\'s arguments',
        'entry 4: "streamArgs" needs a "streamTool"',
      ],
    );
  });

  it('reach the diagnosis options: settings alone, or under what Check Streams chose (its tool, or none, wins; the origin stays)', () => {
    const result = discoverServers(
      [{ name: 'a', url: 'https://mcp.example/mcp', origin: 'https://app.example.com', streamTool: 't', streamArgs: { n: 1 } }],
      [],
      { env: {} },
    );
    const server = result.servers[0];
    assert.ok(server);
    assert.deepEqual(deployOptionsFor(server, undefined), { origin: 'https://app.example.com', streamTool: 't', streamArgs: { n: 1 } });
    assert.deepEqual(deployOptionsFor(server, { holdSeconds: 75 }), { holdSeconds: 75, origin: 'https://app.example.com' });
    assert.deepEqual(deployOptionsFor(server, { holdSeconds: 75, streamTool: 'u', streamArgs: {} }), {
      holdSeconds: 75,
      streamTool: 'u',
      streamArgs: {},
      origin: 'https://app.example.com',
    });
  });
});
