/**
 * Browser clients (issue 16): MCP Doctor's CORS verdict for a page origin, checked against what a
 * page on that origin in the real headless Chromium can do with the same server.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { type Replica, startReplicas } from '../lab/replicas';
import { type TestServer } from '../servers/base';
import { startCorsWrapper, type CorsWrapper } from '../servers/corsWrapper';
import { startSdkStreamableServer } from '../servers/sdkStreamable';
import { requires } from '../support/requires';
import { type BrowserSession, launchChromium } from '../unit/webview/harness';

type Outcome = 'blocked' | 'no-session' | 'ok';

/** What MCP Doctor predicts a page on the origin can do. */
function predicted(report: DiagnosisReport): Outcome {
  const codes = report.findings.map((f) => f.code);
  if (codes.includes('CORS_PREFLIGHT_REFUSED') || codes.includes('CORS_HEADER_NOT_ALLOWED')) return 'blocked';
  if (report.findings.some((f) => f.code === 'CORS_HEADER_NOT_EXPOSED' && f.evidence.header === 'Mcp-Session-Id')) return 'no-session';
  assert.ok(codes.includes('CORS_OK'), codes.join(', '));
  return 'ok';
}

/** The page's script: initialize, read Mcp-Session-Id, then a ping with it (as a browser MCP client). */
const PAGE_SCRIPT = `
window.probe = async (url) => {
  const base = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2025-06-18', authorization: 'Bearer browser-test' };
  let res;
  try {
    res = await fetch(url, { method: 'POST', headers: base, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'page', version: '1' } } }) });
    await res.text();
  } catch { return 'blocked'; }
  const session = res.headers.get('mcp-session-id');
  if (!session) return 'no-session';
  try {
    const ping = await fetch(url, { method: 'POST', headers: { ...base, 'mcp-session-id': session }, body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) });
    return ping.ok ? 'ok' : 'blocked';
  } catch { return 'blocked'; }
};`;

describe('CORS verdict against a real browser (headless Chromium)', { skip: requires('chromium') }, () => {
  let page: Server;
  let pageOrigin: string;
  let browser: BrowserSession;
  before(async () => {
    page = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><script>${PAGE_SCRIPT}</script>`);
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => {
      page.closeAllConnections();
      page.close(() => resolve());
    });
  });

  async function browserOutcome(url: string): Promise<Outcome> {
    const context = await browser.browser.newContext();
    try {
      const tab = await context.newPage();
      await tab.goto(pageOrigin);
      return (await tab.evaluate(
        async (target) => (globalThis as unknown as { probe: (u: string) => Promise<string> }).probe(target),
        url,
      )) as Outcome;
    } finally {
      await context.close();
    }
  }

  async function check(url: string, expected: Outcome): Promise<void> {
    const report = await diagnose({ url, env: {}, deploy: { origin: pageOrigin } });
    assert.equal(predicted(report), expected, report.findings.map((f) => `${f.code}`).join(', '));
    assert.equal(await browserOutcome(url), expected, 'the browser disagrees with the prediction');
  }

  it('the SDK server without CORS: refused, and the page is blocked', async () => {
    const server: TestServer = await startSdkStreamableServer();
    try {
      // localhost, not 127.0.0.1: another origin than the page's.
      await check(`http://localhost:${server.port}/mcp`, 'blocked');
    } finally {
      await server.close();
    }
  });

  it('CORS allowed but Mcp-Session-Id not exposed: CORS_HEADER_NOT_EXPOSED, and the page never sees its session', async () => {
    const server = await startSdkStreamableServer();
    let wrapper: CorsWrapper | undefined;
    try {
      wrapper = await startCorsWrapper(server.port, []);
      await check(`http://localhost:${wrapper.port}/mcp`, 'no-session');
      const report = await diagnose({ url: `http://localhost:${wrapper.port}/mcp`, env: {}, deploy: { origin: pageOrigin } });
      const finding = report.findings.find((f) => f.code === 'CORS_HEADER_NOT_EXPOSED');
      assert.match(finding?.fix ?? '', /Access-Control-Expose-Headers: Mcp-Session-Id, WWW-Authenticate/);
    } finally {
      await wrapper?.close();
      await server.close();
    }
  });

  it('CORS exposing Mcp-Session-Id: CORS_OK, and the page works', async () => {
    const server = await startSdkStreamableServer();
    let wrapper: CorsWrapper | undefined;
    try {
      wrapper = await startCorsWrapper(server.port, ['Mcp-Session-Id', 'WWW-Authenticate']);
      await check(`http://localhost:${wrapper.port}/mcp`, 'ok');
    } finally {
      await wrapper?.close();
      await server.close();
    }
  });

  it(
    'the everything server (cors middleware, exposes mcp-session-id): CORS_OK, and the page works',
    { skip: requires('server-everything') },
    async () => {
      const [server] = (await startReplicas('everything', 1)) as [Replica];
      try {
        await check(`http://localhost:${server.port}/mcp`, 'ok');
      } finally {
        await server.stop();
      }
    },
  );

  it('without --origin: one info line, no error', async () => {
    const server = await startSdkStreamableServer();
    try {
      const report = await diagnose({ url: `http://localhost:${server.port}/mcp`, env: {} });
      const summary = report.findings.find((f) => f.code === 'CORS_BROWSER_SUMMARY');
      assert.equal(summary?.severity, 'info');
      assert.equal(summary?.evidence.works, false);
      assert.equal(
        report.findings.some((f) => f.code.startsWith('CORS_') && f.severity === 'error'),
        false,
      );
    } finally {
      await server.close();
    }
  });
});
