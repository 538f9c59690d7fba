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
  ]) {
    assert.deepEqual(parseWebviewMessage(message), message);
  }
});

test('extra fields are dropped, so nothing unvalidated reaches a handler', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'rerun', url: 'https://evil.example' }), { type: 'rerun' });
  assert.deepEqual(parseWebviewMessage({ type: 'copy', target: 'verdict', text: 'rm -rf /' }), { type: 'copy', target: 'verdict' });
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
    { type: '__proto__' },
    { type: 'constructor' },
    JSON.parse('{"__proto__": {"type": "rerun"}}'),
  ];
  for (const message of bad) assert.equal(parseWebviewMessage(message), undefined, JSON.stringify(message));
});
