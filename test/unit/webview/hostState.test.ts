import assert from 'node:assert/strict';
import { test } from 'node:test';
import { copyText } from '../../../src/extension/panel/copy';
import { restoredState } from '../../../src/extension/panel/restore';
import { tokenInspectionReport } from '../../../src/extension/panel/tokenReport';
import { labReport } from './fixtures';

test('copy buttons copy text from the host state, by target and finding index', () => {
  const state = { report: labReport() };
  assert.equal(copyText(state, { type: 'copy', target: 'fix' }), labReport().verdict.fix);
  assert.match(copyText(state, { type: 'copy', target: 'verdict' }) ?? '', /^https:\/\/localhost:8443\/mcp: POST .*\nFix: Use https/);
  assert.match(copyText(state, { type: 'copy', target: 'markdown' }) ?? '', /^# MCP Doctor report/);
  assert.equal(copyText(state, { type: 'copyFindingFix', index: 1 }), 'export NODE_EXTRA_CA_CERTS=/path/to/lab-ca.pem');
  assert.equal(copyText(state, { type: 'copyFindingFix', index: 99 }), undefined);
  assert.equal(copyText({}, { type: 'copy', target: 'fix' }), undefined);
});

test('restored panel state keeps a plausible report and drops anything else', () => {
  const report = labReport();
  const restored = restoredState({ kind: 'diagnosis', report, context: { serverName: 'lab' }, actions: ['rerun', 'runShell'] });
  assert.equal(restored.report?.target, report.target);
  assert.deepEqual(restored.actions, ['rerun']);
  assert.equal(restored.context?.serverName, 'lab');
  for (const junk of [
    undefined,
    null,
    'x',
    [],
    { report: 'x' },
    { report: { target: 1 } },
    { report: { ...report, verdict: null } },
    { report: { ...report, findings: {} } },
  ]) {
    assert.deepEqual(restoredState(junk), {}, JSON.stringify(junk));
  }
});

test('a token inspection becomes a report the token view can show, with a verdict about the token', () => {
  const base = {
    kind: 'jws',
    header: { alg: 'RS256', kid: 'k1' },
    claims: { iss: 'https://as', exp: 1 },
    length: 300,
    fingerprint: 'abc123',
    scopesGranted: ['a'],
    scopesRequired: [],
    attempts: [],
    findings: [],
  } as const;
  const verified = tokenInspectionReport(
    { ...base, verified: { alg: 'RS256', kid: 'k1', jwksUrl: 'https://as/jwks', source: 'jwks-url' } },
    new Date('2026-05-01T00:00:00Z'),
  );
  assert.equal(verified.verdict.severity, 'ok');
  assert.match(verified.verdict.summary, /signature is valid \(key k1, RS256\)/);
  assert.equal(verified.auth?.token?.fingerprint, 'abc123');
  assert.deepEqual(verified.auth?.token?.claims, base.claims);
  const unverified = tokenInspectionReport({ ...base, verified: false }, new Date());
  assert.equal(unverified.verdict.severity, 'info');
  assert.ok(!JSON.stringify(verified).includes('eyJ'), 'no token text');
});
