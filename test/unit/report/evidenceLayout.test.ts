import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import { makeFinding } from '../../../src/core/findings/finding';
import { evidenceRows, MAX_EVIDENCE_ROWS } from '../../../src/core/report/evidenceLayout';
import { renderMarkdownReport } from '../../../src/core/report/markdown';
import { labReport } from '../webview/fixtures';

const disagreement = makeFinding('TLS_TRUST_DIFFERS', {
  trustedBy: ['Node (bundled roots + NODE_EXTRA_CA_CERTS)', 'curl / OpenSSL'],
  failing: [
    {
      client: 'python-httpx',
      label: 'Python httpx',
      reason: 'certifi does not hold the root',
      fix: 'export SSL_CERT_FILE=/path/to/bundle.pem',
    },
    { client: 'vscode', label: 'VS Code', reason: 'the OS store does not hold the root' },
  ],
});

test('a list of records is a table with a column per field, a list of names a list, a scalar text', () => {
  const rows = evidenceRows(disagreement.evidence);
  assert.deepEqual(
    rows.map((r) => [r.label, r.value.kind]),
    [
      ['Trusted by', 'list'],
      ['Failing', 'table'],
    ],
  );
  const failing = rows[1]!.value;
  assert.ok(failing.kind === 'table');
  assert.deepEqual(
    failing.columns.map((c) => c.label),
    ['Client', 'Label', 'Reason', 'Fix'],
  );
  assert.deepEqual(failing.rows[1], ['vscode', 'VS Code', 'the OS store does not hold the root', '']);
  assert.deepEqual(evidenceRows({ port: 8443, empty: '', none: [], nested: { errorCode: 'E', at: ['a', 'b'] } }), [
    { key: 'port', label: 'Port', value: { kind: 'text', text: '8443' } },
    { key: 'nested', label: 'Nested', value: { kind: 'list', items: ['Error code: E', 'At: a, b'], more: 0 } },
  ]);
});

test('long lists are capped and say how many more there are', () => {
  const names = Array.from({ length: MAX_EVIDENCE_ROWS + 7 }, (_, i) => `DNS:h${i}.example`);
  const [row] = evidenceRows({ names });
  assert.ok(row?.value.kind === 'list');
  assert.equal(row.value.items.length, MAX_EVIDENCE_ROWS);
  assert.equal(row.value.more, 7);
});

test('the Markdown report shows a trust disagreement as a table, not a JSON array', () => {
  const md = renderMarkdownReport({ ...labReport(), findings: [disagreement] });
  assert.doesNotMatch(md, /```json/);
  assert.doesNotMatch(md, /\[\s*\{/);
  assert.match(
    md,
    /\*\*Failing\*\*\n\n\| Client \| Label \| Reason \| Fix \|\n\| --- \| --- \| --- \| --- \|\n\| `python-httpx` \| `Python httpx` \| `certifi does not hold the root` \| `export SSL_CERT_FILE=\/path\/to\/bundle\.pem` \|/,
  );
  const html = new MarkdownIt({ html: true }).render(md);
  assert.match(html, /<th>Client<\/th>/);
});
