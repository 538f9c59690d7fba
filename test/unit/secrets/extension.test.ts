/**
 * The extension host with the token and the client secret in every input channel at once:
 * environment variables, settings headers, SecretStorage, mcp.json headers (`${env:}` and
 * `${input:}`), and the clipboard. Every command runs against a server that echoes what it gets;
 * nothing the extension writes (log, notifications, documents, exports, timeline store, panel
 * state, clipboard writes, error messages) may contain either.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnoseCommand } from '../../../src/extension/commands/diagnose';
import { exportCommand } from '../../../src/extension/commands/export';
import { guarded } from '../../../src/extension/commands/guard';
import { showTimelineCommand } from '../../../src/extension/commands/history';
import { setTokenCommand } from '../../../src/extension/commands/setToken';
import { inspectClipboardCommand } from '../../../src/extension/commands/token';
import { type HostileServer } from '../../hostile/servers';
import { everythingWritten, harness, pickBy, TokenPresenter } from '../extension/fakes';
import { echoServer } from './echoServer';
import { CLIENT_SECRET, leaks, TOKEN } from './secrets';

describe('extension: secrets from every input channel never reach an output', () => {
  let server: HostileServer;
  before(async () => {
    server = await echoServer();
  });
  after(() => server.close());

  it('settings, env, SecretStorage, mcp.json headers and the clipboard; diagnose, inspect, export, timeline, errors', async () => {
    const url = server.url('/mcp').href;
    const mcpJson = `{
      "inputs": [{ "type": "promptString", "id": "client-secret", "password": true }],
      "servers": { "from-file": { "type": "http", "url": "${url}?client=file", "headers": { "Authorization": "Bearer \${env:LEAK_TOKEN}", "X-Client-Secret": "\${input:client-secret}" } } } }`;
    const presenter = new TokenPresenter();
    const h = harness({
      presenter,
      env: { LEAK_TOKEN: TOKEN, LEAK_CLIENT_SECRET: CLIENT_SECRET },
      files: { '/ws/.vscode/mcp.json': mcpJson },
      settings: {
        timeoutMs: 2000,
        servers: [
          { name: 'from-settings', url, headers: { 'X-Client-Secret': CLIENT_SECRET } },
          { name: 'from-env', url, tokenSource: 'env:LEAK_TOKEN' },
        ],
      },
    });
    h.ui.inputAnswers.push(`Bearer ${TOKEN}`, CLIENT_SECRET);
    assert.equal(await setTokenCommand(h.s, 'settings:#from-settings'), 'stored');
    for (const id of ['settings:#from-settings', 'settings:#from-env', 'vscode-workspace:/ws/.vscode/mcp.json#from-file']) {
      assert.ok(await diagnoseCommand(h.s, id), `diagnosed ${id}: ${JSON.stringify(h.ui.messages)}`);
    }
    assert.ok(server.requests.length >= 6, 'the server was asked');
    h.ui.clipboard = `Authorization: Bearer ${TOKEN}`;
    h.ui.pickAnswers.push(pickBy('from-settings'));
    await inspectClipboardCommand(h.s);
    h.ui.clipboard = '';
    for (const file of ['/out/r.md', '/out/r.json', '/out/r.html']) {
      h.ui.savePath = file;
      h.ui.pickAnswers.push(pickBy('from-file'));
      assert.equal(await exportCommand(h.s), file);
    }
    await showTimelineCommand(h.s, { serverId: 'settings:#from-settings' });
    await guarded(h.s, 'Leaky Command', async () => {
      throw new Error(`upstream said: token ${TOKEN} / secret ${CLIENT_SECRET}`);
    })();

    const written = [everythingWritten(h), JSON.stringify(presenter.tokens), h.ui.clipboard].join('\n');
    assert.ok(written.includes('[redacted'), 'something was redacted, so secrets did reach the outputs');
    assert.deepEqual(leaks(written), []);
    assert.equal(h.ui.files.size, 3);
    assert.ok(h.ui.messages.some((m) => m.kind === 'error' && /Leaky Command failed/.test(m.text)));
  });
});
