/**
 * End to end: a REAL report from diagnose() against a hostile HTTPS server (certificate CN, headers,
 * server info, tool names and token claims full of markup, script and javascript: URLs), rendered
 * by the real report bundle in headless Chromium. It complements the hand-built fixture in
 * test/unit/webview/render.test.ts: here the strings travel through the engine first.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { type ReportAssets, renderHtmlReport } from '../../src/core/report/html';
import { issueCertificate } from '../lab/pki';
import { sendJson, startServer, type TestServer } from '../servers/base';
import { assertRenderedInert, type BrowserSession, buildWebview, chromiumMissing, launchChromium, openPage } from '../unit/webview/harness';
import { diagnoseHostile } from './harness';

const CN = '<img src=x onerror=window.__pwned=1>';
const SCRIPT = '<script>window.__pwned=2</script>';
const JS_URL = 'javascript:window.__pwned=3';
const SVG = '<svg onload=window.__pwned=4>';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const TOKEN = `${b64({ alg: 'RS256', kid: SCRIPT, jku: JS_URL })}.${b64({ iss: JS_URL, sub: SCRIPT, aud: SVG, name: CN, exp: 4102444800, scope: SCRIPT })}.c2ln`;

/** Refuses requests without a token (hostile challenge); with one, answers MCP with hostile names. */
function hostileMcp(req: IncomingMessage, res: ServerResponse, body: string): void {
  res.setHeader('server', SCRIPT);
  res.setHeader('x-powered-by', JS_URL);
  if (!req.headers.authorization) {
    return sendJson(
      res,
      401,
      { error: SCRIPT },
      { 'www-authenticate': `Bearer realm="${SCRIPT}", error_description="${JS_URL}", resource_metadata="${JS_URL}"` },
    );
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: CN });
  const rpc = JSON.parse(body || '{}') as { id?: number; method?: string };
  if (rpc.method === 'initialize')
    return sendJson(res, 200, {
      jsonrpc: '2.0',
      id: rpc.id,
      result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: SCRIPT, version: SVG } },
    });
  if (rpc.method === 'tools/list')
    return sendJson(res, 200, { jsonrpc: '2.0', id: rpc.id, result: { tools: [{ name: CN }, { name: SCRIPT }, { name: JS_URL }] } });
  if (rpc.id === undefined) return void res.writeHead(202).end();
  sendJson(res, 200, { jsonrpc: '2.0', id: rpc.id, error: { code: -32601, message: SVG } });
}

const skip = chromiumMissing();
if (skip) console.log(`# ${skip}`);

describe('the report panel cannot be turned against the user (real engine output)', { skip }, () => {
  let dir: string;
  let server: TestServer;
  let session: BrowserSession;
  let assets: ReportAssets;
  let report: DiagnosisReport;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mcpdoctor-hostile-panel-'));
    const cert = await issueCertificate(dir, {
      name: 'xss',
      subject: `/O=${SCRIPT}/CN=${CN}`,
      sans: ['DNS:localhost', 'IP:127.0.0.1'],
      ca: false,
      extKeyUsage: ['serverAuth'],
    });
    server = await startServer(hostileMcp, { tls: { key: cert.keyPem, cert: cert.certPem } });
    [session, assets, { report }] = await Promise.all([
      launchChromium(),
      buildWebview(),
      diagnoseHostile({ url: server.url('/mcp').href, token: TOKEN, timeoutMs: 3000 }),
    ]);
  });
  after(async () => {
    await session?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the engine carried the hostile strings into the report as data', () => {
    const json = JSON.stringify(report);
    for (const hostile of ['onerror=window.__pwned=1', SCRIPT, JS_URL])
      assert.ok(json.includes(JSON.stringify(hostile).slice(1, -1)), hostile);
    assert.equal(report.mcp?.serverInfo?.name, SCRIPT);
    assert.equal(report.auth?.token?.claims?.iss, JS_URL);
  });

  it('renders them as text: no script runs, nothing loads, no CSP violation, no dialog', async () => {
    const { page, observed } = await openPage(
      session,
      { '/report.html': { body: renderHtmlReport(report, assets, { serverName: SCRIPT }), type: 'text/html' } },
      '/report.html',
    );
    try {
      // Open every certificate's details, so their subjects render too.
      for (const label of await page.locator('vscode-tree-item .cert-label').all()) await label.click();
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate('window.__pwned'), undefined, 'a hostile script ran');
      await assertRenderedInert(
        page,
        observed,
        ['onerror=window.__pwned=1', SCRIPT, JS_URL],
        '#app img, #app iframe, #app svg, #app a[href^=javascript], #app script, #app style',
      );
    } finally {
      await page.context().close();
    }
  });
});
