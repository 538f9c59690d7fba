import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { makeFinding } from '../../../src/core/findings/finding';
import { createCaBundleCommand } from '../../../src/extension/commands/caBundle';
import { exportCommand } from '../../../src/extension/commands/export';
import { guarded } from '../../../src/extension/commands/guard';
import { clearHistoryCommand, showTimelineCommand } from '../../../src/extension/commands/history';
import { setTokenCommand } from '../../../src/extension/commands/setToken';
import { statusMenuCommand } from '../../../src/extension/commands/statusMenu';
import { inspectClipboardCommand, verifyAtCursorCommand } from '../../../src/extension/commands/token';
import { tokenKey } from '../../../src/extension/host/secrets';
import { type DiscoveredServer } from '../../../src/core/discovery/types';
import { reportWith } from '../status/reports';
import { everythingWritten, harness, pickBy } from './fakes';
import { labReport, signedInFlow, stoppedFlow } from '../webview/fixtures';

const SECRET = 'opaque-secret-token-ABCDEFGHIJKLMNOP';

function labServer(): DiscoveredServer {
  return {
    id: 'settings:#lab',
    name: 'lab',
    url: 'https://lab.test/mcp',
    transport: 'http',
    headers: {},
    source: { kind: 'settings' },
    fromWorkspace: false,
    caFiles: [],
    tokenSource: { kind: 'secret' },
    inputs: [],
    missingInputs: [],
    problems: [],
  };
}

describe('Inspect JWT from Clipboard / Verify JWT at Cursor', () => {
  it('an empty clipboard or one without a token gets a clear info message, not an error', async () => {
    const h = harness();
    h.ui.clipboard = '   ';
    assert.equal(await inspectClipboardCommand(h.s), undefined);
    h.ui.clipboard = 'hello, this is not a token';
    assert.equal(await inspectClipboardCommand(h.s), undefined);
    assert.deepEqual(
      h.ui.messages.map((m) => m.kind),
      ['info', 'info'],
    );
    assert.match(h.ui.messages[0].text, /clipboard is empty/);
    assert.match(h.ui.messages[1].text, /no token found on the clipboard/);
  });

  it("decodes a pasted Authorization line and verifies it against the chosen server's cached keys", async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
    const token = await new SignJWT({ scope: 'read' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer('https://as.test')
      .setAudience('https://lab.test/mcp')
      .setExpirationTime('1h')
      .sign(privateKey);
    const h = harness({ settings: { servers: [{ name: 'lab', url: 'https://lab.test/mcp' }] } });
    h.s.jwks.set({
      serverId: 'settings:#lab',
      serverName: 'lab',
      jwksUrl: 'https://as.test/jwks',
      issuer: 'https://as.test',
      audience: 'https://lab.test/mcp',
      jwks: { keys: [jwk] },
      fetchedAt: Date.now(),
    });
    h.ui.clipboard = `Authorization: Bearer ${token}\n`;
    h.ui.pickAnswers.push(pickBy('lab'));
    const view = await inspectClipboardCommand(h.s);
    assert.equal(view?.status, 'verified');
    assert.match(h.ui.calls[0], /^pick:MCP Doctor: verify the token against which server's keys\?:lab\|Decode only$/);
    assert.match(h.ui.documents[0].content, /✅ verified with key `k1` from the JWKS of lab/);
    assert.ok(!everythingWritten(h).includes(token.split('.')[2]), 'the signature is never written');
  });

  it('decodes without asking when no server is configured; "Verify at Cursor" uses the editor text', async () => {
    const token = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from('{"sub":"bob","exp":1}').toString('base64url')}.c2ln`;
    const h = harness();
    const view = await verifyAtCursorCommand({ ...h.s, cursorText: () => ({ text: `TOKEN=${token}`, offset: 10 }) });
    assert.equal(view?.status, 'skipped');
    assert.match(h.ui.documents[0].content, /\| sub \| bob \|/);
    const none = harness();
    await verifyAtCursorCommand({ ...none.s, cursorText: () => ({ text: 'no token here', offset: 3 }) });
    assert.match(none.ui.messages[0].text, /no token at the cursor/);
  });
});

describe('Export Diagnosis Report', () => {
  it('saves Markdown or JSON by the chosen name, redacted', async () => {
    const h = harness();
    h.s.knownSecrets.add(SECRET);
    const report = reportWith([
      makeFinding('HTTP_AUTH_REQUIRED', { method: 'POST', url: 'https://h/mcp', status: 401, wwwAuthenticate: `sent Bearer ${SECRET}` }),
    ]);
    h.s.session.remember({ report, context: { serverName: 'lab', source: '/ws/.vscode/mcp.json' }, server: labServer(), finishedAt: 1 });
    h.ui.savePath = '/tmp/out/report.md';
    assert.equal(await exportCommand(h.s), '/tmp/out/report.md');
    const md = h.ui.files.get('/tmp/out/report.md') ?? '';
    assert.match(md, /^# MCP Doctor report: lab\n/);
    assert.match(md, /## Verdict/);
    h.ui.savePath = '/tmp/out/report.json';
    await exportCommand(h.s);
    const json = JSON.parse(h.ui.files.get('/tmp/out/report.json') ?? '{}');
    assert.equal(json.target, report.target);
    assert.match(h.ui.calls.find((c) => c.startsWith('save:')) ?? '', /^save:mcp-doctor-lab.test-2025-01-01.md$/);
    assert.ok(!everythingWritten(h).includes(SECRET));
  });

  it("saves a self-contained HTML page for the panel's report and context, redacted", async () => {
    const h = harness();
    h.s.knownSecrets.add(SECRET);
    const report = reportWith([
      makeFinding('HTTP_AUTH_REQUIRED', { method: 'POST', url: 'https://h/mcp', status: 401, wwwAuthenticate: `sent Bearer ${SECRET}` }),
    ]);
    h.ui.savePath = '/tmp/out/report.html';
    assert.equal(await exportCommand(h.s, { report, context: { serverName: 'from-panel' } }), '/tmp/out/report.html');
    const html = h.ui.files.get('/tmp/out/report.html') ?? '';
    assert.match(html, /Content-Security-Policy/);
    assert.match(html, /from-panel/);
    assert.ok(!html.includes(SECRET));
  });

  it("exports the panel's sign-in: beside its diagnosis, or alone when it stopped, in every format", async () => {
    const h = harness();
    const flow = signedInFlow();
    h.ui.savePath = '/tmp/out/report.md';
    await exportCommand(h.s, { report: labReport(), flow, context: { serverName: 'lab' } });
    assert.match(h.ui.files.get('/tmp/out/report.md') ?? '', /## Sign-in flow[\s\S]*\| ✓ \| token \| POST/);
    h.ui.savePath = '/tmp/out/report.json';
    await exportCommand(h.s, { report: labReport(), flow, context: {} });
    const json = JSON.parse(h.ui.files.get('/tmp/out/report.json') ?? '{}') as {
      target?: string;
      signIn?: { report: { exchanges: unknown[] } };
    };
    assert.equal(json.target, labReport().target);
    assert.equal(json.signIn?.report.exchanges.length, flow.report.exchanges.length);
    h.ui.savePath = '/tmp/out/signin.html';
    await exportCommand(h.s, { flow: stoppedFlow(), context: { serverName: 'lab' } });
    const html = h.ui.files.get('/tmp/out/signin.html') ?? '';
    assert.match(html, /<title>MCP Doctor: sign-in to http:\/\/127\.0\.0\.1:\d+\/mcp\/<\/title>/);
    assert.match(html, /"kind":"flow"/);
    h.ui.savePath = '/tmp/out/signin.md';
    await exportCommand(h.s, { flow: stoppedFlow(), context: {} });
    assert.match(h.ui.files.get('/tmp/out/signin.md') ?? '', /^# Sign-in to http[\s\S]*Stopped at step "registration"/);
    assert.equal(
      await exportCommand(h.s, { flow: { report: 'junk', findings: [] }, context: {} }),
      undefined,
      'a malformed flow from the webview is not exported',
    );
  });

  it('offers to diagnose when there is nothing to export', async () => {
    const h = harness();
    h.ui.messageAnswer = 'Diagnose MCP Server';
    assert.equal(await exportCommand(h.s), undefined);
    assert.deepEqual(h.commands, ['mcpDoctor.diagnose']);
  });
});

describe('Set Token, timeline, history, CA bundle, guard', () => {
  it('stores a token in SecretStorage only, and removes it with an empty value', async () => {
    const h = harness({ settings: { servers: [{ name: 'lab', url: 'https://lab.test/mcp' }] } });
    h.ui.inputAnswers.push(`Bearer ${SECRET}`);
    assert.equal(await setTokenCommand(h.s, 'settings:#lab'), 'stored');
    assert.equal(h.ui.lastInput?.password, true);
    assert.equal(await h.secrets.get(tokenKey('settings:#lab')), SECRET);
    assert.ok(!everythingWritten(h).includes(SECRET));
    h.ui.inputAnswers.push('');
    assert.equal(await setTokenCommand(h.s, 'settings:#lab'), 'removed');
    assert.equal(h.secrets.data.size, 0);
  });

  it('shows the timeline of a server and clears history after confirmation', async () => {
    const h = harness({ settings: { servers: [{ name: 'lab', url: 'https://lab.test/mcp' }] } });
    assert.equal(await showTimelineCommand(h.s), undefined);
    assert.match(h.ui.messages[0].text, /no connection history yet/);
    await h.s.timeline.record('settings:#lab', {
      at: '2025-01-01T10:00:00.000Z',
      durationMs: 5,
      severity: 'error',
      codes: ['NET_DNS_FAILED'],
    });
    const text = await showTimelineCommand(h.s);
    assert.match(text ?? '', /# Connection timeline: lab\n\nhttps:\/\/lab.test\/mcp/);
    assert.match(text ?? '', /\*\*NET_DNS_FAILED\*\* since 2025-01-01 10:00:00Z/);
    await h.s.timeline.record('url:https://other.test/mcp', { at: '2025-01-01T11:00:00.000Z', durationMs: 5, severity: 'ok', codes: [] });
    assert.match((await showTimelineCommand(h.s, { serverId: 'settings:#lab' })) ?? '', /timeline: lab/, 'the panel passes { serverId }');
    assert.match((await showTimelineCommand(h.s, { url: 'https://other.test/mcp' })) ?? '', /timeline: https:\/\/other\.test\/mcp/);
    h.ui.messageAnswer = undefined;
    assert.equal(await clearHistoryCommand(h.s), false, 'not without confirmation');
    h.ui.messageAnswer = 'Clear History';
    assert.equal(await clearHistoryCommand(h.s), true);
    assert.deepEqual(await h.s.timeline.servers(), []);
  });

  it('Create CA Bundle explains that plain http needs no bundle', async () => {
    const h = harness();
    assert.equal(await createCaBundleCommand(h.s, { url: 'http://127.0.0.1:9/mcp' }), undefined);
    assert.match(h.ui.messages[0].text, /not an https URL/);
  });

  it('guarded handlers report failures (redacted) instead of rejecting', async () => {
    const h = harness();
    h.s.knownSecrets.add(SECRET);
    const handler = guarded(h.s, 'Test Command', async () => {
      throw new Error(`server said no to ${SECRET}`);
    });
    assert.equal(await handler(), undefined);
    assert.equal(h.ui.messages[0].kind, 'error');
    assert.match(h.ui.messages[0].text, /^MCP Doctor: Test Command failed: server said no to \[redacted \d+ chars sha256:[0-9a-f]{8}\]$/);
    assert.ok(!everythingWritten(h).includes(SECRET));
  });
});

describe('Server Status and Sign-In (status bar menu)', () => {
  it('offers sign-in first for servers that need it, with why, and runs the chosen command for that server', async () => {
    const h = harness();
    const executed: unknown[][] = [];
    const s = { ...h.s, executeCommand: async (id: string, ...args: unknown[]) => void executed.push([id, ...args]) };
    Object.assign(h.health, {
      snapshot: () => [
        {
          serverId: 'a',
          name: 'lab',
          url: 'https://lab.test/mcp',
          level: 'failing',
          checking: false,
          signIn: 'the token expired at 2025-01-01T11:00:00.000Z: sign in again',
        },
        { serverId: 'b', name: 'open', url: 'https://open.test/mcp', level: 'healthy', checking: false },
      ],
    });
    let offered: string[] = [];
    h.ui.pickAnswers.push((items) => {
      offered = items.map((i) => `${i.label}${i.detail ? ` | ${i.detail}` : ''}`);
      return items[0]?.value;
    });
    assert.equal(await statusMenuCommand(s), 'mcpDoctor.signIn');
    assert.deepEqual(offered, [
      '$(key) Sign in to lab | the token expired at 2025-01-01T11:00:00.000Z: sign in again',
      '$(pulse) Diagnose lab',
      '$(pulse) Diagnose open',
      '$(search) Diagnose another server or URL…',
    ]);
    assert.deepEqual(executed, [['mcpDoctor.signIn', { serverId: 'a' }]]);
  });
});
