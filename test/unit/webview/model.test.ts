// The panel's lenient readers, run in Node: they must name the right certificate at fault, read
// the trust matrix and redirect hops as the engine writes them, and survive junk.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameOf, readChain, worstFault } from '../../../webview/model/chain';
import { describeChanges, readHops } from '../../../webview/model/redirects';
import { certChanges, failureSpans } from '../../../webview/model/timeline';
import { readToken } from '../../../webview/model/token';
import { readTrustMatrix } from '../../../webview/model/trust';
import { labReport, timelineRuns } from './fixtures';

test('the chain marks certificates by the fingerprint in finding evidence, and shows the missing root', () => {
  const report = labReport();
  const chain = readChain(report.tls, report.findings);
  assert.deepEqual(
    chain.map((cert) => [cert.label, cert.role, worstFault(cert) ?? 'none']),
    [
      ['localhost', 'leaf', 'warning'],
      ['MCP Doctor Lab Intermediate CA', 'intermediate', 'error'],
      ['MCP Doctor Lab Root CA', 'root', 'error'],
    ],
  );
  assert.equal(chain[2].missing, true);
  assert.deepEqual(chain[0].faults, [{ text: 'Certificate expires soon', severity: 'warning' }]);
});

test('a host name in evidence does not blame the leaf whose CN happens to be the same', () => {
  const report = labReport();
  const findings = [
    { ...report.findings[1], evidence: { host: 'localhost', url: 'https://localhost:1/mcp', fingerprint256: 'BB:44:55:66' } },
  ];
  const chain = readChain(report.tls, findings);
  assert.equal(worstFault(chain[0]), undefined);
});

test('names come from DNs or plain strings', () => {
  assert.equal(nameOf('CN=Lab Root, O=Lab'), 'Lab Root');
  assert.equal(nameOf('/O=Lab/CN=x'), 'x');
  assert.equal(nameOf('no cn here'), 'no cn here');
  assert.equal(nameOf(undefined), undefined);
});

test('the trust matrix reads the engine rows', () => {
  const rows = readTrustMatrix(labReport().tls);
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[2], {
    client: 'Python httpx',
    trusted: false,
    reason: 'certifi does not hold the root',
    store: 'certifi',
    fix: 'export SSL_CERT_FILE=/path/to/bundle.pem',
  });
  assert.deepEqual(readTrustMatrix(undefined), []);
});

test('redirect hops explain what changed, resolving relative Locations', () => {
  assert.deepEqual(describeChanges('https://h:8443/mcp', 'http://h/mcp/', 'POST', 307), [
    'scheme https → http (TLS and the Authorization header are lost)',
    'port 8443 → 80',
    'trailing slash added (/mcp → /mcp/)',
  ]);
  assert.deepEqual(describeChanges('https://h/mcp', '/mcp/', 'POST', 301), [
    'trailing slash added (/mcp → /mcp/)',
    'method POST → GET (a 301 makes clients drop the body)',
  ]);
  assert.deepEqual(describeChanges('https://h/a', 'https://other/a', 'GET', 302), [
    'host h → other (credentials are dropped cross-origin)',
  ]);
  assert.deepEqual(describeChanges('not a url', 'x', 'GET', 302), ['Location is not a valid URL']);
  const hops = readHops(labReport().redirects);
  assert.deepEqual(hops[0].notes, ['Authorization header sent', 'answered by nginx']);
  assert.deepEqual(hops[1].notes, ['no Authorization header', 'failed: ECONNREFUSED']);
  assert.deepEqual(readHops(undefined), []);
});

test('the token view reads verification, checks and scopes from the auth report', () => {
  const report = labReport();
  const token = readToken(report.auth, report.findings);
  assert.ok(token);
  assert.deepEqual(token.verification, {
    status: 'verified',
    kid: 'lab-key-1',
    alg: 'RS256',
    jwksUrl: 'https://localhost:9443/jwks',
    keySource: 'jwks-url',
  });
  assert.deepEqual(
    token.checks.map((check) => [check.name, check.ok]),
    [
      ['Issuer (iss)', true],
      ['Audience (aud)', true],
    ],
  );
  assert.deepEqual(token.scopes, { granted: ['mcp:read', 'mcp:tools'], required: ['mcp:read', 'mcp:write'] });
  const unverified = readToken(
    {
      urlsTried: [],
      token: { kind: 'jws', verified: false, header: { kid: 'k' }, length: 20, fingerprint: 'f', scopesGranted: [], scopesRequired: [] },
    },
    [{ ...report.findings[0], code: 'JWT_SIGNATURE_INVALID' }],
  );
  assert.equal(unverified?.verification.status, 'failed');
  assert.equal(readToken({ challenge: 'x', urlsTried: [] }, []), undefined);
});

test('the timeline turns runs into failure spans and certificate changes', () => {
  const runs = timelineRuns();
  assert.deepEqual(failureSpans(runs), [{ code: 'TLS_UNTRUSTED_ROOT', from: runs[4].at, to: runs[6].at, endedAt: runs[7].at, runs: 3 }]);
  assert.deepEqual(certChanges(runs), [{ at: runs[4].at, from: 'AA:00', to: 'AA:11:22:33' }]);
  const ongoing = failureSpans([{ at: 't1', durationMs: 1, severity: 'error', codes: ['X'] }]);
  assert.deepEqual(ongoing, [{ code: 'X', from: 't1', to: 't1', runs: 1 }]);
});
