import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestServer } from '../../servers/base';
import { startLegacySseServer } from '../../servers/legacySse';
import { TOOL_NAMES } from '../../servers/mcpTools';
import { startStatelessServer } from '../../servers/stateless';
import { codes, findingOf } from '../../support/findings';
import { runMcp, stateFor } from './helpers';

describe('MCP probe: telling the transport eras apart', () => {
  const servers: TestServer[] = [];
  let legacy: TestServer;
  let stateless: TestServer;
  let statelessSse: TestServer;
  let futureOnly: TestServer;
  let noDiscover: TestServer;
  before(async () => {
    legacy = await startLegacySseServer();
    stateless = await startStatelessServer();
    statelessSse = await startStatelessServer({ sse: true });
    futureOnly = await startStatelessServer({ supportedVersions: ['2099-01-01'] });
    noDiscover = await startStatelessServer({ withoutDiscover: true });
    servers.push(legacy, stateless, statelessSse, futureOnly, noDiscover);
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('detects the 2024-11-05 HTTP+SSE transport and lists tools through it', async () => {
    const state = stateFor(legacy.url('/sse'));
    const outcome = await runMcp(state);
    const only = findingOf(outcome, 'MCP_LEGACY_SSE_ONLY');
    assert.equal(only.evidence.postStatus, 404);
    assert.equal(only.evidence.endpoint, legacy.url('/messages').href, 'endpoint event resolved, session id stripped');
    assert.equal(only.evidence.toolCount, 3);
    assert.match(only.fix, /"type": "sse"/);
    assert.equal(state.mcp?.era, 'legacy-sse');
    assert.equal(state.mcp?.protocolVersion, '2024-11-05');
    assert.deepEqual([...(state.mcp?.tools ?? [])].sort(), [...TOOL_NAMES].sort());
    assert.ok(!codes(outcome).includes('HTTP_NOT_FOUND'));
    assert.ok(!codes(outcome).includes('HTTP_NOT_MCP'), 'the HTML 404 of the POST is not the verdict');
  });

  it('speaks the stateless 2026-07-28 revision: server/discover, then tools/list, never initialize', async () => {
    const state = stateFor(stateless.url('/mcp'));
    const outcome = await runMcp(state);
    const ok = findingOf(outcome, 'MCP_OK');
    assert.equal(ok.evidence.era, 'stateless');
    assert.equal(ok.evidence.protocolVersion, '2026-07-28');
    assert.equal(ok.evidence.serverName, 'stateless-test');
    assert.equal(ok.evidence.toolCount, 3);
    assert.ok(codes(outcome).includes('MCP_STATELESS_ERA'));
    assert.deepEqual(state.mcp?.supportedVersions, ['2026-07-28']);
    assert.deepEqual(
      state.mcp?.exchanges.map((e) => e.label),
      ['server/discover', 'tools/list'],
    );
    assert.equal(stateless.requests.filter((r) => r.startsWith('POST')).length, 2);
  });

  it('reads stateless answers sent as an event stream', async () => {
    const state = stateFor(statelessSse.url('/mcp'));
    const outcome = await runMcp(state);
    assert.equal(findingOf(outcome, 'MCP_OK').evidence.toolCount, 3);
  });

  it('recognises a stateless server from its -32022 error and reports the version gap', async () => {
    const state = stateFor(futureOnly.url('/mcp'));
    const outcome = await runMcp(state);
    const gap = findingOf(outcome, 'MCP_PROTOCOL_VERSION_UNSUPPORTED');
    assert.deepEqual(gap.evidence.serverVersions, ['2099-01-01']);
    assert.equal(state.mcp?.era, 'stateless');
    assert.ok(!state.mcp?.exchanges.some((e) => e.label === 'initialize'), 'a modern error forbids falling back to initialize');
  });

  it('copes with a stateless server that lacks server/discover (404 + -32601)', async () => {
    const state = stateFor(noDiscover.url('/mcp'));
    const outcome = await runMcp(state);
    assert.ok(codes(outcome).includes('MCP_DISCOVER_MISSING'));
    assert.equal(state.mcp?.toolCount, 3);
    assert.equal(state.mcp?.era, 'stateless');
  });
});
