import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildVerdict } from '../../../src/core/diagnose/verdict';
import { makeFinding } from '../../../src/core/findings/finding';
import { dnsEvidence, downgradeHop, internalEvidence, refusedEvidence, tlsOkEvidence } from './sampleEvidence';

test('redirect problems lead the verdict even though TLS findings come first', () => {
  const findings = [makeFinding('NET_CONNECTION_REFUSED', refusedEvidence), makeFinding('REDIRECT_SCHEME_DOWNGRADE', downgradeHop('https://h/mcp', 'http://h/mcp/'))];
  const verdict = buildVerdict(findings, false);
  assert.equal(verdict.code, 'REDIRECT_SCHEME_DOWNGRADE');
  assert.match(verdict.summary, /\(\+1 more problem below\)$/);
  assert.equal(verdict.fix, findings[1]?.fix);
});

test('a warning leads when there is no error; a clean run is ok and names the proxy path', () => {
  assert.equal(buildVerdict([makeFinding('TLS_OK', tlsOkEvidence), makeFinding('INTERNAL_ERROR', internalEvidence)], false).severity, 'warning');
  const direct = buildVerdict([makeFinding('TLS_OK', tlsOkEvidence)], false);
  assert.equal(direct.severity, 'ok');
  assert.doesNotMatch(direct.summary, /proxy/);
  assert.match(buildVerdict([], false, 'http://proxy.test:3128').summary, /reachable through proxy http:\/\/proxy\.test:3128 and answers MCP/);
});

test('a cancelled run says so instead of judging', () => {
  assert.match(buildVerdict([makeFinding('NET_DNS_FAILED', dnsEvidence)], true).summary, /cancelled/);
});
