import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type DiagnosisReport } from '../../../src/core/diagnose/report';
import { embedJson, inlineScript } from '../../../src/core/report/embed';
import { loadReportAssets, renderHtmlReport } from '../../../src/core/report/html';
import { labReport } from '../webview/fixtures';

const assets = { script: 'document.body.dataset.ok = "1"; const s = "</script><script>alert(1)</script>";', css: 'body { color: red; }' };

function between(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  return html.slice(start + open.length, html.indexOf(close, start));
}

test('the standalone page allows exactly its inlined script and stylesheet, by hash, and nothing from the network', () => {
  const html = renderHtmlReport(labReport(), assets);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const script = between(html, '<script>', '</script>\n</body>');
  const style = between(html, '<style>', '</style>');
  const hash = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
  assert.equal(
    csp,
    `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; img-src 'none'; base-uri 'none'; form-action 'none'`,
  );
  assert.ok(!/\s(src|href)=/.test(html), 'no external resource');
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'the inlined script cannot close its element early');
});

test('report text that tries to close the JSON block stays inside it and round-trips', () => {
  const report = { ...labReport(), target: 'https://h/</script><script>alert(1)</script><!--' } as DiagnosisReport;
  const html = renderHtmlReport(report, assets, { serverName: 'a&b' });
  const json = between(html, '<script type="application/json" id="mcp-doctor-state">', '</script>');
  assert.ok(!json.includes('<') && !json.includes('>'));
  const state = JSON.parse(json) as { report: DiagnosisReport; context: { serverName: string }; actions: unknown[] };
  assert.equal(state.report.target, report.target);
  assert.equal(state.context.serverName, 'a&b');
  assert.deepEqual(state.actions, []);
  assert.match(html, /<title>MCP Doctor: https:\/\/h\/&lt;\/script&gt;&lt;script&gt;/);
});

test('embedding helpers refuse or neutralise what could break out', () => {
  assert.equal(embedJson({ a: '</script>\u2028&' }), '{"a":"\\u003c/script\\u003e\\u2028\\u0026"}');
  assert.equal(inlineScript('x("</SCRIPT>")'), 'x("<\\/SCRIPT>")');
  assert.throws(() => inlineScript('a = "<!--"'), /cannot be inlined/);
});

test('loadReportAssets reads the built view, and says how to build it when missing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mcp-doctor-assets-'));
  try {
    await assert.rejects(loadReportAssets(dir), /not built .*npm run build/);
    writeFileSync(join(dir, 'webview.js'), 'js');
    writeFileSync(join(dir, 'webview.css'), 'css');
    assert.deepEqual(await loadReportAssets(dir), { script: 'js', css: 'css' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
