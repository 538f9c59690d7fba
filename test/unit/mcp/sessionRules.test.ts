import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { type TestServer } from '../../servers/base';
import { startHandmadeServer, type HandmadeOptions } from '../../servers/handmade';
import { codes, findingOf } from '../../support/findings';
import { runMcp, stateFor } from './helpers';

describe('MCP probe: session-era rules a server can get wrong', () => {
  const servers: TestServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  async function probe(options: HandmadeOptions) {
    const server = await startHandmadeServer(options);
    servers.push(server);
    const state = stateFor(server.url('/mcp'));
    return { outcome: await runMcp(state), state };
  }

  it('a server that fails on server/discover with 500 is still probed with initialize', async () => {
    const { outcome, state } = await probe({ discoverStatus: 500 });
    assert.ok(!codes(outcome).includes('HTTP_SERVER_ERROR'), codes(outcome).join());
    assert.equal(findingOf(outcome, 'MCP_OK').evidence.protocolVersion, '2025-06-18');
    assert.equal(state.mcp?.session?.getStreamStatus, 405, '405 on GET is fine');
  });

  it('flags a session id with characters outside visible ASCII', async () => {
    const { outcome } = await probe({ sessionId: 'bad session id' });
    const invalid = findingOf(outcome, 'MCP_SESSION_ID_INVALID');
    assert.equal(invalid.evidence.badCharacter, 'U+0020');
    assert.equal(invalid.evidence.length, 14);
  });

  it('flags notifications/initialized not answered with 202', async () => {
    const { outcome } = await probe({ notificationStatus: 200 });
    assert.equal(findingOf(outcome, 'MCP_NOTIFICATION_STATUS_WRONG').evidence.status, 200);
  });

  it('flags a GET that is neither an event stream nor 405', async () => {
    const { outcome } = await probe({ get: { status: 200, contentType: 'text/html' } });
    const unexpected = findingOf(outcome, 'MCP_GET_STREAM_UNEXPECTED');
    assert.equal(unexpected.evidence.status, 200);
    assert.equal(unexpected.evidence.contentType, 'text/html');
  });

  it('flags a negotiated protocol version the client does not know', async () => {
    const { outcome } = await probe({ protocolVersion: '1999-01-01' });
    assert.deepEqual(findingOf(outcome, 'MCP_PROTOCOL_VERSION_UNSUPPORTED').evidence.serverVersions, ['1999-01-01']);
  });
});
