import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { diagnoseCommand } from '../../../src/extension/commands/diagnose';
import { inputKey, tokenKey } from '../../../src/extension/host/secrets';
import { backgroundCheck } from '../../../src/extension/commands/run';
import { inspectClipboardCommand } from '../../../src/extension/commands/token';
import { everythingWritten, harness, pickBy, TokenPresenter } from './fakes';

const TOKEN = 'sk-test-0123456789abcdef-TOPSECRET';
const INPUT_TOKEN = 'input-token-ABCDEFGHIJ-0123456789';

describe('Diagnose MCP Server (real engine, loopback server)', () => {
  let server: Server;
  let base: string;
  const seen: { url: string; authorization?: string }[] = [];

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="lab"', 'content-type': 'application/json' });
      res.end('{"error":"unauthorized"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('picks a settings server, sends its stored token, reports each step, records and presents redacted', async () => {
    const h = harness({ settings: { servers: [{ name: 'lab', url: `${base}/mcp` }], timeoutMs: 3000 } });
    await h.secrets.store(tokenKey('settings:#lab'), TOKEN);
    h.ui.pickAnswers.push(pickBy('lab'));
    seen.length = 0;
    const report = await diagnoseCommand(h.s);
    assert.ok(report, 'a report');
    assert.ok(
      seen.some((r) => r.authorization === `Bearer ${TOKEN}`),
      'the token was sent as the client would send it',
    );
    assert.match(h.ui.calls[0], /^pick:MCP Doctor: Diagnose MCP Server:lab\|Enter URL…$/);
    assert.ok(h.ui.progress.length >= 3 && h.ui.progress.every((p) => p.endsWith('…')), `progress: ${h.ui.progress}`);
    assert.equal(h.presenter.shown.length, 1);
    assert.equal(h.presenter.shown[0].context.serverName, 'lab');
    assert.equal(h.presenter.shown[0].context.timeline?.length, 1);
    // The presenter (the open panel, on a re-run) hears each step start and end, for this server.
    assert.ok(h.presenter.steps.includes(`start config (settings:#lab) ${base}/mcp`), `steps: ${h.presenter.steps}`);
    assert.equal(
      h.presenter.steps.filter((s) => s.startsWith('start ')).length,
      h.presenter.steps.filter((s) => s.startsWith('end ')).length,
    );
    assert.deepEqual(h.health.events, ['checking lab', `finished lab ${report.verdict.severity}`]);
    assert.equal((await h.s.timeline.runs('settings:#lab')).length, 1);
    assert.match(h.sink.lines.join('\n'), /diagnosis of "lab"/);
    assert.ok(!everythingWritten(h).includes(TOKEN), 'the token appears nowhere');
  });

  it('asks for an ${input:ID} once, keeps it in SecretStorage, and uses it as the header value', async () => {
    const mcpJson = `{ "inputs": [{ "type": "promptString", "id": "api-key", "password": true }],
      "servers": { "labfile": { "type": "http", "url": "${base}/mcp", "headers": { "Authorization": "Bearer \${input:api-key}" } } } }`;
    const h = harness({ files: { '/ws/.vscode/mcp.json': mcpJson }, settings: { timeoutMs: 3000 } });
    h.ui.inputAnswers.push(INPUT_TOKEN);
    seen.length = 0;
    await diagnoseCommand(h.s, 'vscode-workspace:/ws/.vscode/mcp.json#labfile');
    assert.equal(h.ui.lastInput?.password, true);
    assert.equal(await h.secrets.get(inputKey('/ws/.vscode/mcp.json', 'api-key')), INPUT_TOKEN);
    assert.ok(seen.some((r) => r.authorization === `Bearer ${INPUT_TOKEN}`));
    const asked = h.ui.calls.filter((c) => c.startsWith('input:')).length;
    h.s.registry.invalidate();
    await diagnoseCommand(h.s, 'vscode-workspace:/ws/.vscode/mcp.json#labfile');
    assert.equal(h.ui.calls.filter((c) => c.startsWith('input:')).length, asked, 'not asked again');
    assert.ok(!everythingWritten(h).includes(INPUT_TOKEN));
  });

  it('"Enter URL…" validates the URL and diagnoses it; a dismissed picker does nothing', async () => {
    const h = harness({ settings: { timeoutMs: 3000 } });
    h.ui.inputAnswers.push(`${base}/typed`);
    const report = await diagnoseCommand(h.s);
    assert.equal(report?.target, `${base}/typed`);
    assert.equal(h.ui.lastInput?.validate?.('ftp://x'), 'Not usable: unsupported scheme ftp:');
    assert.equal(h.ui.lastInput?.validate?.(`${base}/ok`), undefined);
    h.ui.pickAnswers.push(() => undefined);
    assert.equal(await diagnoseCommand(h.s), undefined);
    assert.equal(h.presenter.shown.length, 1);
  });

  it('Inspect JWT: a chosen server without a JWKS is diagnosed first; the token still reaches the panel, marked unverified', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const jwt = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ iss: 'https://as.test', aud: `${base}/mcp`, exp: Math.floor(Date.now() / 1000) + 600 })}.c2lnbmF0dXJl`;
    const presenter = new TokenPresenter();
    const h = harness({ settings: { servers: [{ name: 'lab', url: `${base}/mcp` }], timeoutMs: 3000 }, presenter });
    h.ui.clipboard = jwt;
    h.ui.pickAnswers.push(pickBy('lab'));
    const view = await inspectClipboardCommand(h.s);
    assert.equal(view?.status, 'no-keys');
    assert.ok(h.ui.calls.some((c) => c.startsWith('progress:MCP Doctor: discovering the keys of lab')));
    assert.match(h.ui.messages.find((m) => m.kind === 'warn')?.text ?? '', /did not advertise a JWKS/);
    assert.equal(presenter.tokens.length, 1);
    assert.equal(presenter.tokens[0].inspection.verified, false);
    assert.equal(presenter.tokens[0].inspection.claims?.iss, 'https://as.test');
    assert.ok(presenter.tokens[0].inspection.findings.some((f) => f.code === 'JWT_UNVERIFIED'));
    assert.ok(!everythingWritten(h).includes(jwt));
  });

  it("passes the server's expectations to the engine; background checks send no auth probes", async () => {
    const h = harness({
      settings: {
        servers: [{ name: 'lab', url: `${base}/mcp`, expectedAudience: 'https://aud.test', requiredScopes: ['a:b'] }],
        timeoutMs: 3000,
      },
    });
    const report = await diagnoseCommand(h.s, 'settings:#lab');
    const expected = report?.auth?.expected;
    assert.deepEqual(
      [expected?.audience, expected?.audienceSource, expected?.scopes, expected?.scopesSource],
      ['https://aud.test', 'option', ['a:b'], 'option'],
    );
    assert.ok(report?.auth?.probes?.length, 'a command run probes auth enforcement');
    await backgroundCheck(h.s, (await h.s.registry.discover()).servers[0], new AbortController().signal);
    assert.equal(h.s.session.latest()?.report.auth?.probes, undefined, 'a light check does not');
  });

  it('reports an unreachable server as a finding, not an exception', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const h = harness({ settings: { timeoutMs: 3000 } });
    const report = await diagnoseCommand(h.s, { url: `http://127.0.0.1:${port}/mcp` });
    assert.equal(report?.verdict.code, 'NET_CONNECTION_REFUSED');
    assert.equal(h.presenter.shown[0].report.verdict.code, 'NET_CONNECTION_REFUSED');
  });
});
