import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebviewMessage } from '../../../src/extension/panel/messages';

test('known webview messages pass validation unchanged', () => {
  for (const message of [
    { type: 'ready' },
    { type: 'rerun' },
    { type: 'export' },
    { type: 'confirmClients' },
    { type: 'signIn' },
    { type: 'copy', target: 'fix' },
    { type: 'copyFindingFix', index: 2 },
    { type: 'runFix', index: 0, kind: 'use-url' },
    { type: 'runFix', index: 3, kind: 'ca-bundle-env' },
  ]) {
    assert.deepEqual(parseWebviewMessage(message), message);
  }
});

test('extra fields are dropped, so nothing unvalidated reaches a handler', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'rerun', url: 'https://evil.example' }), { type: 'rerun' });
  assert.deepEqual(parseWebviewMessage({ type: 'copy', target: 'verdict', text: 'rm -rf /' }), { type: 'copy', target: 'verdict' });
  // A fix names its index and kind only: a URL or title the page sends along never reaches the host's handler.
  assert.deepEqual(parseWebviewMessage({ type: 'runFix', index: 0, kind: 'use-url', url: 'https://evil.example/mcp', title: 'x' }), {
    type: 'runFix',
    index: 0,
    kind: 'use-url',
  });
});

test('unknown types, free text and malformed fields are rejected', () => {
  const bad: unknown[] = [
    null,
    'rerun',
    [],
    { type: 'runCommand', command: 'workbench.action.terminal.sendSequence' },
    { type: 'copy', target: 'anything' },
    { type: 'copy' },
    { type: 'copyFindingFix', index: -1 },
    { type: 'copyFindingFix', index: 1.5 },
    { type: 'copyFindingFix', index: '1' },
    { type: 'copyFindingFix', index: 1e9 },
    { type: 'runFix', index: 0 },
    { type: 'runFix', kind: 'use-url' },
    { type: 'runFix', index: -1, kind: 'use-url' },
    { type: 'runFix', index: 0.5, kind: 'diagnose' },
    { type: 'runFix', index: 99, kind: 'diagnose' },
    { type: 'runFix', index: 0, kind: 'workbench.action.terminal.sendSequence' },
    { type: 'runFix', index: 0, kind: 'toString' },
    { type: '__proto__' },
    { type: 'constructor' },
    JSON.parse('{"__proto__": {"type": "rerun"}}'),
  ];
  for (const message of bad) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
});
