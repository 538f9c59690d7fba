import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildVerdict, orderForAttention } from '../../../src/core/diagnose/verdict';
import { makeFinding } from '../../../src/core/findings/finding';
import { dnsEvidence, downgradeHop, internalEvidence, refusedEvidence, tlsOkEvidence } from './sampleEvidence';

test('redirect problems lead the verdict even though TLS findings come first', () => {
  const findings = [
    makeFinding('NET_CONNECTION_REFUSED', refusedEvidence),
    makeFinding('REDIRECT_SCHEME_DOWNGRADE', downgradeHop('https://h/mcp', 'http://h/mcp/')),
  ];
  const verdict = buildVerdict(findings, false);
  assert.equal(verdict.code, 'REDIRECT_SCHEME_DOWNGRADE');
  assert.match(verdict.summary, /\(\+1 more problem below\)$/);
  assert.equal(verdict.fix, findings[1]?.fix);
});

test('a warning leads when there is no error; a clean run is ok and names the proxy path', () => {
  assert.equal(
    buildVerdict([makeFinding('TLS_OK', tlsOkEvidence), makeFinding('INTERNAL_ERROR', internalEvidence)], false).severity,
    'warning',
  );
  const direct = buildVerdict([makeFinding('TLS_OK', tlsOkEvidence)], false);
  assert.equal(direct.severity, 'ok');
  assert.doesNotMatch(direct.summary, /proxy/);
  assert.match(
    buildVerdict([], false, 'http://proxy.test:3128').summary,
    /reachable through proxy http:\/\/proxy\.test:3128 and answers MCP/,
  );
});

test('a cancelled run says so instead of judging', () => {
  assert.match(buildVerdict([makeFinding('NET_DNS_FAILED', dnsEvidence)], true).summary, /cancelled/);
});

test("a problem of the user's own client (or of every client) leads over other clients disagreeing", () => {
  const differs = makeFinding(
    'TLS_TRUST_DIFFERS',
    {
      trustedBy: ['Node.js'],
      failing: [{ client: 'vscode', label: 'VS Code', reason: 'r' }],
      failingNames: ['VS Code'],
      leadClient: 'Node.js',
      chosen: false,
    },
    { severity: 'error' },
  );
  const mcpFailure = makeFinding('MCP_REQUEST_REJECTED', { url: 'https://h/mcp', status: 404 });
  const verdict = buildVerdict([differs, mcpFailure], false);
  assert.equal(verdict.code, 'MCP_REQUEST_REJECTED');
  assert.equal(verdict.severity, 'error');
  assert.match(verdict.summary, /\(\+1 more problem below\)$/);
  assert.equal(buildVerdict([differs], false).code, 'TLS_TRUST_DIFFERS', "alone, the other clients' failure is the headline");
});

test('the session-status nit is info: never the headline, a clean run stays ok', () => {
  const nit = makeFinding('MCP_SESSION_STATUS_WRONG', { status: 400, url: 'https://h/mcp' });
  assert.equal(nit.severity, 'info');
  assert.equal(buildVerdict([makeFinding('TLS_OK', tlsOkEvidence), nit], false).severity, 'ok');
  const weak = makeFinding('TLS_EXPIRING_SOON', { certificate: 'leaf', name: 'h', notAfter: 'x', daysLeft: 3, thresholdDays: 30 });
  assert.equal(buildVerdict([nit, weak], false).code, 'TLS_EXPIRING_SOON');
});

test('a named client is in the verdict, healthy or not', () => {
  const ok = buildVerdict([makeFinding('TLS_OK', tlsOkEvidence)], false, undefined, 'python-httpx');
  assert.equal(ok.client, 'Python httpx');
  assert.match(ok.summary, /No problems found for Python httpx/);
  assert.equal(buildVerdict([makeFinding('TLS_OK', tlsOkEvidence)], false).client, undefined);
});

test("the report reads in the verdict's order: within a severity, other clients' disagreement comes last", () => {
  const differs = makeFinding(
    'TLS_TRUST_DIFFERS',
    {
      trustedBy: ['Node.js'],
      failing: [{ client: 'curl', label: 'curl / OpenSSL', reason: 'the OpenSSL store does not hold the root' }],
      failingNames: ['curl'],
      leadClient: 'Node.js',
      chosen: false,
    },
    { severity: 'error' },
  );
  const mtls = makeFinding('TLS_CLIENT_CERT_REQUIRED', { host: 'h', port: 1, errorCode: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
  const info = makeFinding('AUTH_NO_TOKEN', { url: 'https://h/mcp' });
  assert.deepEqual(
    orderForAttention([info, differs, mtls]).map((f) => f.code),
    ['TLS_CLIENT_CERT_REQUIRED', 'TLS_TRUST_DIFFERS', 'AUTH_NO_TOKEN'],
  );
});

test('the named client failing for real, against the prediction, leads over everything but a scheme-dropping redirect', () => {
  const auth = makeFinding('AUTH_AS_METADATA_MISSING', {
    issuer: 'https://as.h',
    tried: ['https://as.h/.well-known/oauth-authorization-server'],
  });
  const wrong = makeFinding(
    'TLS_PREDICTION_WRONG',
    {
      client: 'curl / OpenSSL',
      predicted: 'trusts the server',
      predictedReason: 'OpenSSL default store',
      actual: 'rejected the certificate',
      program: 'curl',
      detail: 'exit 60',
      lead: true,
    },
    { severity: 'error' },
  );
  assert.equal(buildVerdict([auth, wrong], false, undefined, 'curl').code, 'TLS_PREDICTION_WRONG');
  const other = makeFinding(
    'TLS_PREDICTION_WRONG',
    {
      client: 'Python requests',
      predicted: 'trusts the server',
      predictedReason: 'certifi',
      actual: 'rejected the certificate',
      program: '/usr/bin/python3 requests',
      detail: 'x',
    },
    { severity: 'error' },
  );
  assert.equal(buildVerdict([auth, other], false).code, 'AUTH_AS_METADATA_MISSING');
});
