// The report view rendered by the real bundle in headless Chromium: the standalone HTML report
// and the VS Code panel page. Asserts what a developer sees, and that hostile server text stays
// text: no script runs, nothing loads from the network, and our own resources violate no CSP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type DiagnosisReport } from '../../../src/core/diagnose/report';
import { makeFinding } from '../../../src/core/findings/finding';
import { type ReportAssets, renderHtmlFlow, renderHtmlReport } from '../../../src/core/report/html';
import { discoverServers } from '../../../src/core/discovery/discover';
import { panelHtml } from '../../../src/extension/panel/html';
import { panelFixes } from '../../../src/extension/problems/panelFixes';
import { PANEL_SCHEMA_VERSION, versioned } from '../../../src/shared/panelState';
import { type PanelState } from '../../../src/shared/protocol';
import {
  hostileFlow,
  hostileReport,
  HOSTILE_CLAIM,
  HOSTILE_CN,
  HOSTILE_URL,
  labReport,
  signedInFlow,
  stoppedFlow,
  timelineRuns,
} from './fixtures';
import {
  assertRenderedInert,
  type BrowserSession,
  buildWebview,
  chromiumMissing,
  launchChromium,
  openPage,
  ORIGIN,
  violations,
} from './harness';

const skip = chromiumMissing();
if (skip) console.log(`# ${skip}`);

describe('report view in headless Chromium', { skip }, () => {
  let session: BrowserSession;
  let assets: ReportAssets;

  before(async () => {
    [session, assets] = await Promise.all([launchChromium(), buildWebview()]);
  });
  after(async () => session?.close());

  const standalone = (report: DiagnosisReport, withTimeline = false) =>
    openPage(
      session,
      {
        '/report.html': {
          body: renderHtmlReport(report, assets, withTimeline ? { serverName: 'lab', timeline: timelineRuns() } : undefined),
          type: 'text/html',
        },
      },
      '/report.html',
    );

  test('standalone report shows verdict, chain with the private CA, trust matrix, redirect, token and timeline', async () => {
    const { page, observed } = await standalone(labReport(), true);
    try {
      assert.match((await page.textContent('[data-testid=verdict-summary]')) ?? '', /redirected to http:\/\/localhost\/mcp\//);
      assert.match((await page.textContent('[data-testid=verdict-fix]')) ?? '', /https:\/\/localhost:8443\/mcp\//);
      const items = await page.locator('vscode-tree-item .cert-label').allTextContents();
      assert.deepEqual(items, ['MCP Doctor Lab Root CA', 'MCP Doctor Lab Intermediate CA', 'localhost']);
      const root = page.locator('vscode-tree-item[data-role=root]').first();
      assert.match((await root.textContent()) ?? '', /Issuer \(not sent\).*missing, not trusted/s);
      assert.equal(
        await page.textContent('[data-testid=cert-details] h3'),
        'Issuer (not sent): MCP Doctor Lab Root CA',
        'the missing root is selected first',
      );
      assert.match(
        (await page.locator('vscode-tree-item[data-role=leaf]').textContent()) ?? '',
        /⚠ warning/,
        'an expiring leaf is a warning, not an error',
      );
      assert.match((await page.locator('vscode-tree-item[data-role=intermediate] > [slot=description]').textContent()) ?? '', /at fault/);
      const matrix = await page.locator('[data-testid=trust-matrix] tbody tr').allTextContents();
      assert.equal(matrix.length, 5);
      assert.match(matrix.find((row) => row.startsWith('curl')) ?? '', /yes/);
      assert.match(matrix.find((row) => row.startsWith('Python httpx')) ?? '', /no.*SSL_CERT_FILE/);
      const redirects = (await page.textContent('#redirects')) ?? '';
      assert.match(redirects, /scheme https → http/);
      assert.match(redirects, /trailing slash added/);
      assert.match(redirects, /method POST → GET/);
      const claims = (await page.textContent('[data-testid=token-claims]')) ?? '';
      assert.match(claims, /iss.*https:\/\/localhost:9443/s);
      assert.match(claims, /2026-05-01 11:00:00 UTC \(expired 1 hour ago\)/);
      assert.match(
        (await page.textContent('[data-testid=token-verification]')) ?? '',
        /Signature verified.*lab-key-1.*RS256.*https:\/\/localhost:9443\/jwks/s,
      );
      assert.match((await page.textContent('[data-testid=token-scopes]')) ?? '', /mcp:write \(missing\)/);
      const span = await page.locator('#timeline tbody tr').first().allTextContents();
      assert.match(span[0] ?? '', /^TLS_UNTRUSTED_ROOT2026-05-01 11:20:00 UTC.*2026-05-01 11:35:00 UTC.*3$/);
      assert.match((await page.textContent('#steps')) ?? '', /TLS handshake.*failed/s);
      assert.equal(await page.locator('[data-action="Re-run"]').count(), 0, 'no host actions in a standalone page');
      assert.deepEqual(observed.stray, []);
      assert.deepEqual(observed.consoleErrors, []);
      assert.deepEqual(await violations(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('selecting a certificate in the tree shows its details', async () => {
    const { page } = await standalone(labReport());
    try {
      await page.locator('vscode-tree-item[data-role=intermediate] > .cert-label').click();
      await page.locator('[data-testid=cert-details] h3', { hasText: /^Intermediate CA/ }).waitFor({ timeout: 5000 });
      const details = (await page.textContent('[data-testid=cert-details]')) ?? '';
      assert.match(details, /Path length\s*0/);
      assert.match(details, /Valid until\s*2031-04-01 00:00:00 UTC \(in 4 years\)/);
      // Keyboard: from the selected intermediate, ArrowDown then Enter selects the leaf.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=cert-details] h3', { hasText: /^Server certificate: localhost/ }).waitFor({ timeout: 5000 });
    } finally {
      await page.context().close();
    }
  });

  test('evidence that is a list of records renders as a table, never as JSON', async () => {
    const differs = makeFinding('TLS_TRUST_DIFFERS', {
      trustedBy: ['Node', 'curl / OpenSSL'],
      failing: [
        {
          client: 'python-httpx',
          label: 'Python httpx',
          reason: 'certifi does not hold the root',
          fix: 'export SSL_CERT_FILE=/path/to/bundle.pem',
        },
      ],
    });
    const { page } = await standalone({ ...labReport(), findings: [differs] });
    try {
      const card = page.locator('[data-code=TLS_TRUST_DIFFERS] .evidence');
      assert.deepEqual(await card.locator('table.evidence-records th').allTextContents(), ['Client', 'Label', 'Reason', 'Fix']);
      assert.deepEqual(await card.locator('table.evidence-records tbody td').allTextContents(), [
        'python-httpx',
        'Python httpx',
        'certifi does not hold the root',
        'export SSL_CERT_FILE=/path/to/bundle.pem',
      ]);
      assert.deepEqual(await card.locator('ul.evidence-list li').allTextContents(), ['Node', 'curl / OpenSSL']);
      assert.doesNotMatch((await card.textContent()) ?? '', /[[{]"/);
    } finally {
      await page.context().close();
    }
  });

  test('hostile server text renders as text: no script, no request, no CSP violation', async () => {
    const { page, observed } = await standalone(hostileReport());
    try {
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate('window.__pwned'), undefined);
      // Light DOM only: the components' own shadow roots hold their icons.
      const hostile = [
        HOSTILE_CN,
        HOSTILE_CLAIM,
        HOSTILE_URL,
        '<iframe src="http://127.0.0.1:9/frame">',
        '<svg onload="window.__pwned=5">',
      ];
      await assertRenderedInert(page, observed, hostile, '#app img, #app iframe, #app svg, #app a, #app style, #app script, #app b');
    } finally {
      await page.context().close();
    }
  });

  test('a report with missing or mistyped sections still renders its verdict', async () => {
    const odd = {
      ...labReport(),
      tls: 'not an object',
      redirects: { hops: 'no' },
      mcp: [],
      auth: 5,
      steps: [],
      findings: [],
    } as unknown as DiagnosisReport;
    const { page, observed } = await standalone(odd);
    try {
      assert.match((await page.textContent('[data-testid=verdict-summary]')) ?? '', /redirected/);
      assert.equal(await page.locator('#tls, #redirects, #token').count(), 0);
      assert.deepEqual(observed.consoleErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('VS Code panel page: nonce CSP, assets from the extension, buttons post validated message types', async () => {
    const lab = labReport();
    const confirmedRows = (lab.tls?.clients ?? []).map((c, i) =>
      i === 0
        ? {
            ...c,
            confirmed: { outcome: 'untrusted' as const, program: 'curl (/usr/bin/curl)', detail: 'exit 60', agrees: true, durationMs: 40 },
          }
        : c,
    );
    const report = { ...lab, tls: { ...lab.tls!, clients: confirmedRows } };
    const state: PanelState = { report, actions: ['rerun', 'createCaBundle', 'openSettings', 'export', 'showTimeline', 'confirmClients'] };
    const html = panelHtml({
      cspSource: ORIGIN,
      scriptUri: `${ORIGIN}/dist/webview.js`,
      styleUri: `${ORIGIN}/dist/webview.css`,
      state,
      title: 'MCP Doctor',
    });
    const files = {
      '/panel.html': { body: html, type: 'text/html' },
      '/dist/webview.js': { body: assets.script, type: 'text/javascript' },
      '/dist/webview.css': { body: assets.css, type: 'text/css' },
    };
    const fakeApi = `window.__posted = []; let saved; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState: (s) => { saved = s; }, getState: () => saved });`;
    const { page, observed } = await openPage(session, files, '/panel.html', fakeApi);
    try {
      for (const label of [
        'Re-run',
        'Copy fix',
        'Create CA bundle…',
        'Open settings',
        'Export…',
        'Timeline',
        'Confirm with installed clients',
      ])
        await page.click(`[data-action="${label}"]`);
      await page.keyboard.press('Tab');
      const posted = await page.evaluate('window.__posted');
      assert.deepEqual(posted, [
        { type: 'ready' },
        { type: 'rerun' },
        { type: 'copy', target: 'fix' },
        { type: 'createCaBundle' },
        { type: 'openSettings' },
        { type: 'export' },
        { type: 'showTimeline' },
        { type: 'confirmClients' },
      ]);
      const checks = await page.locator('[data-testid=trust-check]').allTextContents();
      assert.match(checks[0] ?? '', /confirmed: curl \(\/usr\/bin\/curl\), exit 60/);
      assert.ok(
        checks.slice(1).every((c) => c === 'predicted'),
        checks.join(' | '),
      );
      await page.evaluate("window.postMessage({ type: 'progress', step: 'tls', label: 'TLS handshake', phase: 'start' }, '*')");
      await page.locator('#notice', { hasText: /^Re-running: TLS handshake…$/ }).waitFor({ timeout: 5000 });
      assert.deepEqual(observed.stray, []);
      assert.deepEqual(await violations(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('a re-run posts the new state to the open page; a state of another version asks for a re-run', async () => {
    const state: PanelState = { report: labReport(), actions: ['rerun'] };
    const html = panelHtml({
      cspSource: ORIGIN,
      scriptUri: `${ORIGIN}/dist/webview.js`,
      styleUri: `${ORIGIN}/dist/webview.css`,
      state,
      title: 'MCP Doctor',
    });
    const files = {
      '/panel.html': { body: html, type: 'text/html' },
      '/dist/webview.js': { body: assets.script, type: 'text/javascript' },
      '/dist/webview.css': { body: assets.css, type: 'text/css' },
    };
    const fakeApi = `window.__saved = []; window.acquireVsCodeApi = () => ({ postMessage: () => undefined, setState: (s) => window.__saved.push(s), getState: () => undefined });`;
    const { page, observed } = await openPage(session, files, '/panel.html', fakeApi);
    try {
      await page.evaluate("document.body.setAttribute('data-marker', 'same-page')");
      const next = versioned({ report: { ...labReport(), target: 'https://rerun.example/mcp' }, actions: ['rerun'] });
      await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'state', state: next })}, '*')`);
      await page.locator('[data-testid=target]', { hasText: 'https://rerun.example/mcp' }).waitFor({ timeout: 5000 });
      assert.equal(await page.locator('body[data-marker=same-page]').count(), 1, 'updated in place');
      const saved = (await page.evaluate('window.__saved')) as { schemaVersion?: number; report?: { target?: string } }[];
      assert.equal(saved.at(-1)?.report?.target, 'https://rerun.example/mcp', 'the new state is what a reload restores');
      assert.equal(saved.at(-1)?.schemaVersion, PANEL_SCHEMA_VERSION);
      await page.evaluate(
        `window.postMessage(${JSON.stringify({ type: 'state', state: { ...next, schemaVersion: PANEL_SCHEMA_VERSION + 1 } })}, '*')`,
      );
      assert.match((await page.locator('[data-testid=rerun-needed]').textContent({ timeout: 5000 })) ?? '', /Re-run the diagnosis/);
      assert.deepEqual(observed.consoleErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('the sign-in flow beside the diagnosis: one row per exchange, opened to its redacted headers and bodies', async () => {
    const flow = signedInFlow();
    const page0 = renderHtmlReport(labReport(), assets, { serverName: 'lab' }, flow);
    const { page, observed } = await openPage(session, { '/report.html': { body: page0, type: 'text/html' } }, '/report.html');
    try {
      const rows = page.locator('[data-testid=flow-exchange]');
      assert.equal(await rows.count(), flow.report.exchanges.length);
      assert.match(
        (await rows.first().locator('summary').textContent()) ?? '',
        /Challenge\s*POST http:\/\/127\.0\.0\.1:\d+\/mcp\/\s*401 · 401 Bearer scope="mcp:tools" with resource_metadata/,
      );
      assert.match(
        (await page.textContent('[data-testid=flow-outcome]')) ?? '',
        /Signed in to http:\/\/127\.0\.0\.1:\d+\/mcp\/ as a dynamic registration client; tools\/list returned 3 tools/,
      );
      assert.match((await page.textContent('#flow')) ?? '', /1\.9 s in all: 360 ms of exchanges, 1\.5 s waiting for the browser/);
      const token = page.locator('[data-testid=flow-exchange][data-step=token]');
      assert.equal(await token.locator('[data-testid=flow-request]').isVisible(), false, 'closed until asked');
      await token.locator('summary').click();
      assert.match(
        (await token.locator('[data-testid=flow-request] .flow-body').textContent()) ?? '',
        /code=%5Bredacted\+43\+chars.*code_verifier=%5Bredacted\+43\+chars/,
      );
      assert.match(
        (await token.locator('[data-testid=flow-response]').textContent()) ?? '',
        /cache-control\s*no-store.*"access_token":"\[redacted JWT 739 chars/s,
      );
      assert.match((await token.locator('summary').textContent()) ?? '', /JWT_VERIFIED/);
      assert.doesNotMatch((await page.textContent('#app')) ?? '', /eyJ[\w-]{8,}\.[\w-]{8,}/, 'no token anywhere on the page');
      assert.deepEqual(observed.stray, []);
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(observed.consoleErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('a sign-in that stopped is shown alone: where, why and the fix; "Sign in again" posts signIn', async () => {
    const state: PanelState = {
      kind: 'flow',
      flow: stoppedFlow(),
      context: { serverName: 'lab' },
      actions: ['signIn', 'openSettings', 'export'],
    };
    const html = panelHtml({
      cspSource: ORIGIN,
      scriptUri: `${ORIGIN}/dist/webview.js`,
      styleUri: `${ORIGIN}/dist/webview.css`,
      state,
      title: 'MCP Doctor',
    });
    const files = {
      '/panel.html': { body: html, type: 'text/html' },
      '/dist/webview.js': { body: assets.script, type: 'text/javascript' },
      '/dist/webview.css': { body: assets.css, type: 'text/css' },
    };
    const fakeApi = `window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState: () => undefined, getState: () => undefined });`;
    const { page, observed } = await openPage(session, files, '/panel.html', fakeApi);
    try {
      assert.equal(await page.textContent('#verdict-title'), '✖ Sign-in stopped at “Client registration”');
      assert.match((await page.textContent('[data-testid=verdict-summary]')) ?? '', /registration/i);
      assert.match((await page.textContent('[data-testid=verdict-fix]')) ?? '', /Pre-register a public client/);
      assert.equal(await page.locator('[data-testid=flow-exchange]').count(), 4);
      assert.equal(await page.locator('[data-testid=flow-findings] [data-code=OAUTH_NO_REGISTRATION]').count(), 1);
      for (const label of ['Sign in again…', 'Export…']) await page.click(`[data-action="${label}"]`);
      assert.deepEqual(await page.evaluate('window.__posted'), [{ type: 'ready' }, { type: 'signIn' }, { type: 'export' }]);
      assert.deepEqual(await violations(page), []);
      assert.deepEqual(observed.consoleErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('a diagnosis that needs a token offers "Sign in…" in the panel', async () => {
    const state: PanelState = { report: labReport(), actions: ['rerun', 'signIn'] };
    const html = panelHtml({
      cspSource: ORIGIN,
      scriptUri: `${ORIGIN}/dist/webview.js`,
      styleUri: `${ORIGIN}/dist/webview.css`,
      state,
      title: 'MCP Doctor',
    });
    const files = {
      '/panel.html': { body: html, type: 'text/html' },
      '/dist/webview.js': { body: assets.script, type: 'text/javascript' },
      '/dist/webview.css': { body: assets.css, type: 'text/css' },
    };
    const fakeApi = `window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState: () => undefined, getState: () => undefined });`;
    const { page } = await openPage(session, files, '/panel.html', fakeApi);
    try {
      await page.click('[data-action="Sign in…"]');
      assert.deepEqual(await page.evaluate('window.__posted'), [{ type: 'ready' }, { type: 'signIn' }]);
    } finally {
      await page.context().close();
    }
  });

  test("a report of a server from mcp.json shows the entry's Quick Fixes as fix-block buttons that post only index and kind", async () => {
    // The list is the host's own (panelFixes over problemFor), for the lab entry of a workspace mcp.json.
    const path = '/w/.vscode/mcp.json';
    const text = '{ "servers": { "lab": { "type": "http", "url": "https://localhost:8443/mcp" } } }';
    const { servers } = discoverServers([], [{ file: { kind: 'vscode-workspace', path, workspaceFolder: '/w' }, text }], { env: {} });
    const server = servers[0]!;
    const host = { server: async () => server, readText: async () => text, apply: async () => false };
    const fixes = await panelFixes(host).list(server.id, labReport());
    const state: PanelState = {
      kind: 'diagnosis',
      report: labReport(),
      context: { serverId: server.id, serverName: 'lab', source: path },
      actions: ['rerun', 'createCaBundle', 'openSettings', 'export'],
      fixes,
    };
    const html = panelHtml({
      cspSource: ORIGIN,
      scriptUri: `${ORIGIN}/dist/webview.js`,
      styleUri: `${ORIGIN}/dist/webview.css`,
      state,
      title: 'MCP Doctor',
    });
    const files = {
      '/panel.html': { body: html, type: 'text/html' },
      '/dist/webview.js': { body: assets.script, type: 'text/javascript' },
      '/dist/webview.css': { body: assets.css, type: 'text/css' },
    };
    const fakeApi = `window.__posted = []; window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState: () => undefined, getState: () => undefined });`;
    const { page, observed } = await openPage(session, files, '/panel.html', fakeApi);
    try {
      const buttons = page.locator('#verdict .fix [data-testid=fix-actions] vscode-button');
      assert.deepEqual(await buttons.allTextContents(), ['Use https://localhost:8443/mcp/', 'Create CA bundle…']);
      assert.equal(await page.locator('[data-action="Create CA bundle…"]').count(), 1, 'the toolbar does not repeat a fix-block button');
      assert.equal(await page.locator('vscode-button#rerun').count(), 1, '"Diagnose again" is the toolbar\'s Re-run');
      assert.equal(
        await page.locator('vscode-button[data-fix-kind=use-url]').getAttribute('secondary'),
        null,
        'the corrected URL is the primary fix',
      );
      await page.click('[data-fix-kind=use-url]');
      await page.click('[data-fix-kind=ca-bundle]');
      assert.deepEqual(await page.evaluate('window.__posted'), [
        { type: 'ready' },
        { type: 'runFix', index: 0, kind: 'use-url' },
        { type: 'runFix', index: 1, kind: 'ca-bundle' },
      ]);
      assert.deepEqual(observed.stray, []);
      assert.deepEqual(await violations(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('hostile text in a flow (verdicts, headers, bodies) renders as text', async () => {
    const { page, observed } = await openPage(
      session,
      { '/flow.html': { body: renderHtmlFlow(hostileFlow(), assets), type: 'text/html' } },
      '/flow.html',
    );
    try {
      await page.locator('[data-testid=flow-exchange] summary').first().click();
      await page.waitForTimeout(200);
      assert.equal(await page.evaluate('window.__pwned'), undefined);
      await assertRenderedInert(
        page,
        observed,
        [HOSTILE_CN, HOSTILE_CLAIM, '<iframe src="http://127.0.0.1:9/frame">'],
        '#app img, #app iframe, #app script',
      );
      assert.equal(await page.locator('[data-action]').count(), 0, 'no host actions in a standalone page');
    } finally {
      await page.context().close();
    }
  });
});
