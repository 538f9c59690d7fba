import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkStreamsCommand } from '../../../src/extension/commands/checkStreams';
import { diagnoseCommand } from '../../../src/extension/commands/diagnose';
import { backgroundCheck } from '../../../src/extension/commands/run';
import { type TestServer } from '../../servers/base';
import { startHandmadeServer } from '../../servers/handmade';
import { TOOL_NAMES } from '../../servers/mcpTools';
import { harness, pickBy } from './fakes';

describe('Check Streams and Timeouts (real engine, loopback server)', () => {
  let server: TestServer;
  before(async () => {
    server = await startHandmadeServer();
  });
  after(async () => {
    await server.close();
  });

  it('offers the tools the last diagnosis listed, calls only the one picked, and holds the GET stream', async () => {
    const h = harness({ settings: { servers: [{ name: 'lab', url: server.url('/mcp').href }], timeoutMs: 3000 } });
    h.ui.pickAnswers.push(pickBy('lab'));
    await diagnoseCommand(h.s);
    const picked = TOOL_NAMES[0] as string;
    h.ui.pickAnswers.push(pickBy('lab'), pickBy(picked));
    h.ui.inputAnswers.push('{"steps": 2}');
    server.requests.length = 0;
    const report = await checkStreamsCommand(h.s);
    assert.ok(
      h.ui.calls.some(
        (c) => c.startsWith('pick:MCP Doctor: tool whose stream to time:No tool call|') && TOOL_NAMES.every((t) => c.includes(t)),
      ),
      h.ui.calls.join('\n'),
    );
    assert.equal(h.ui.lastInput?.value, '{}', 'no arguments configured for this tool');
    assert.equal(h.ui.lastInput?.validate?.('[1]'), 'The arguments must be a JSON object');
    assert.equal(report?.deploy?.stream?.tool, picked);
    assert.equal(report?.deploy?.hold?.heldSeconds, 75);
    // The handmade server answers GET with 405: nothing to hold, said so.
    assert.equal(report?.deploy?.hold?.outcome, 'no-stream');
  });

  it('with no diagnosis yet, lists the tools first (a diagnosis that calls none), then offers them', async () => {
    const h = harness({ settings: { servers: [{ name: 'lab', url: server.url('/mcp').href }], timeoutMs: 3000 } });
    h.ui.pickAnswers.push(pickBy('lab'), pickBy('No tool call'));
    const report = await checkStreamsCommand(h.s);
    assert.ok(
      h.ui.calls.some(
        (c) => c.startsWith('pick:MCP Doctor: tool whose stream to time:No tool call|') && TOOL_NAMES.every((t) => c.includes(t)),
      ),
      h.ui.calls.join('\n'),
    );
    assert.equal(report?.deploy?.stream, undefined, 'no tool picked, none called');
    assert.equal(report?.deploy?.hold?.heldSeconds, 75);
    assert.equal(h.ui.calls.filter((c) => c.startsWith('input:')).length, 0);
  });

  it('the per-server settings: the configured streamTool leads the list with its streamArgs, and origin turns on the CORS check', async () => {
    const configured = TOOL_NAMES[1] as string;
    const entry = {
      name: 'lab',
      url: server.url('/mcp').href,
      origin: 'https://app.example.com/page',
      streamTool: configured,
      streamArgs: { steps: 3 },
    };
    const h = harness({ settings: { servers: [entry], timeoutMs: 3000 } });
    h.ui.pickAnswers.push(pickBy('lab'));
    const diagnosed = await diagnoseCommand(h.s);
    // A plain diagnosis uses the settings as the CLI uses --origin and --stream-tool.
    assert.equal(diagnosed?.deploy?.cors?.origin, 'https://app.example.com');
    assert.equal(diagnosed?.deploy?.stream?.tool, configured);
    assert.equal(diagnosed?.deploy?.hold, undefined, 'no hold outside Check Streams');
    h.ui.pickAnswers.push(pickBy('lab'), pickBy('from settings'));
    h.ui.inputAnswers.push('{"steps": 3}');
    const report = await checkStreamsCommand(h.s);
    assert.ok(
      h.ui.calls.some((c) => c.startsWith(`pick:MCP Doctor: tool whose stream to time:${configured}|No tool call|`)),
      h.ui.calls.join('\n'),
    );
    assert.equal(h.ui.lastInput?.value, '{"steps":3}');
    assert.equal(report?.deploy?.stream?.tool, configured);
    assert.equal(report?.deploy?.cors?.origin, 'https://app.example.com');
  });

  it("the status-bar check runs none of the deployment series, whatever the server's settings ask", async () => {
    const entry = { name: 'lab', url: server.url('/mcp').href, origin: 'https://app.example.com', streamTool: TOOL_NAMES[0] };
    const h = harness({ settings: { servers: [entry], timeoutMs: 3000 } });
    const [discovered] = (await h.s.registry.discover()).servers;
    assert.ok(discovered);
    server.requests.length = 0;
    await backgroundCheck(h.s, discovered, new AbortController().signal);
    const report = h.s.session.forServer(discovered.id)?.report;
    assert.equal(report?.steps.find((st) => st.name === 'deploy')?.status, 'skipped');
    assert.equal(report?.deploy, undefined);
    assert.equal(server.requests.filter((r) => r.startsWith('OPTIONS')).length, 0, 'no CORS preflight');
  });
});
