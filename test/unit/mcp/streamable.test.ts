import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestServer } from '../../servers/base';
import { TOOL_NAMES } from '../../servers/mcpTools';
import { startSdkStreamableServer } from '../../servers/sdkStreamable';
import { codes, findingOf } from '../../support/findings';
import { runMcp, stateFor } from './helpers';

describe('MCP probe: session-era Streamable HTTP on the official SDK', () => {
  let healthy: TestServer;
  let jsonMode: TestServer;
  let stale400: TestServer;
  before(async () => {
    healthy = await startSdkStreamableServer();
    jsonMode = await startSdkStreamableServer({ json: true });
    stale400 = await startSdkStreamableServer({ unknownSessionStatus: 400 });
  });
  after(async () => {
    await Promise.all([healthy.close(), jsonMode.close(), stale400.close()]);
  });

  it('initialises over SSE, lists the three tools and checks the session rules', async () => {
    const state = stateFor(healthy.url('/mcp'));
    const outcome = await runMcp(state);
    const ok = findingOf(outcome, 'MCP_OK');
    assert.equal(ok.evidence.era, 'streamable');
    assert.equal(ok.evidence.protocolVersion, '2025-11-25');
    assert.equal(ok.evidence.toolCount, 3);
    assert.deepEqual(
      outcome.findings.filter((f) => f.severity === 'error' || f.severity === 'warning'),
      [],
    );
    const mcp = state.mcp;
    assert.ok(mcp);
    assert.deepEqual([...(mcp.tools ?? [])].sort(), [...TOOL_NAMES].sort());
    assert.equal(mcp.serverInfo?.name, 'test-mcp');
    assert.equal(mcp.session?.issued, true);
    assert.equal(mcp.session?.validCharacters, true);
    assert.equal(mcp.session?.unknownSessionStatus, 404);
    assert.equal(mcp.session?.initializedNotificationStatus, 202);
    assert.equal(mcp.session?.getStreamStatus, 200);
    assert.deepEqual(
      mcp.exchanges.map((e) => e.label),
      ['server/discover', 'initialize', 'notifications/initialized', 'tools/list', 'unknown session', 'GET stream', 'end session'],
    );
    assert.equal(state.redirects, undefined);
  });

  it('reads plain JSON responses as well', async () => {
    const state = stateFor(jsonMode.url('/mcp'));
    const outcome = await runMcp(state);
    assert.equal(findingOf(outcome, 'MCP_OK').evidence.toolCount, 3);
    assert.match(state.mcp?.exchanges.find((e) => e.label === 'initialize')?.contentType ?? '', /application\/json/);
  });

  it('flags a server that answers an unknown session with 400 instead of 404', async () => {
    const state = stateFor(stale400.url('/mcp'));
    const outcome = await runMcp(state);
    const wrong = findingOf(outcome, 'MCP_SESSION_STATUS_WRONG');
    assert.equal(wrong.severity, 'info', 'a protocol nit: noted, never competing with real problems');
    assert.equal(wrong.evidence.status, 400);
    assert.match(wrong.cause, /Session terminated/);
    assert.match(wrong.fix, /404/);
    assert.equal(state.mcp?.session?.unknownSessionStatus, 400);
    assert.ok(codes(outcome).includes('MCP_OK'), 'the server still works for fresh sessions');
  });
});
