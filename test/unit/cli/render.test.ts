import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderReport } from '../../../src/cli/renderReport';
import { createStyle } from '../../../src/cli/style';
import { type DiagnosisReport } from '../../../src/core/diagnose/report';
import { makeFinding } from '../../../src/core/findings/finding';

const EVIL = 'evil\u001b]0;pwned\u0007\u001b[2J';

function report(): DiagnosisReport {
  const cert = {
    subject: `CN=${EVIL}`,
    name: EVIL,
    issuer: 'CN=x',
    issuerName: 'x',
    sans: [],
    serialNumber: '01',
    notBefore: '2026-01-01T00:00:00Z',
    notAfter: '2027-01-01T00:00:00Z',
    daysLeft: 40,
    keyType: 'ec',
    signatureAlgorithm: 'ecdsa-with-SHA256',
    fingerprint256: 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66',
    isCA: false,
    selfSigned: false,
    role: 'leaf' as const,
    from: 'sent',
  };
  return {
    tool: { name: 'mcp-doctor', version: '0' },
    target: 'https://h.test/mcp',
    startedAt: '2026-11-21T00:00:00Z',
    durationMs: 5,
    cancelled: false,
    verdict: { severity: 'error', summary: `bad ${EVIL}`, fix: 'fix it' },
    steps: [{ name: 'tls', status: 'failed', durationMs: 3 }],
    findings: [makeFinding('TLS_SELF_SIGNED', { name: EVIL })],
    tls: {
      trusted: false,
      protocol: 'TLSv1.3',
      chain: [cert],
      clients: [{ client: 'node', label: 'Node.js', trusts: false, trustFrom: 'bundled', reason: `no anchor for ${EVIL}` }],
    },
    redirects: [
      {
        url: 'https://h.test/mcp',
        method: 'POST',
        status: 307,
        location: `http://h.test/${EVIL}`,
        changed: ['scheme'],
        authorizationSent: true,
        durationMs: 1,
      },
    ],
    mcp: {
      configuredUrl: 'https://h.test/mcp',
      endpoint: 'https://h.test/mcp/',
      reached: true,
      era: 'streamable',
      protocolVersion: '2025-11-25',
      tools: ['a', EVIL],
      toolCount: 2,
      exchanges: [],
    },
    auth: {
      urlsTried: [],
      token: {
        kind: 'jws',
        length: 100,
        fingerprint: 'sha256:ab',
        claims: { iss: 'https://as.test', aud: 'https://h.test/mcp' },
        verified: { alg: 'RS256', kid: 'k1', jwksUrl: 'https://as.test/jwks', source: 'jwks-url' },
        issuerMatch: true,
        audienceMatch: false,
        scopesGranted: ['mcp:tools'],
        scopesRequired: ['mcp:tools', 'x'],
        expiresAt: '2026-11-21T03:00:00Z',
      },
    },
  } as DiagnosisReport;
}

test('server-provided text cannot drive the terminal', () => {
  const out = renderReport(report(), createStyle(false), Date.parse('2026-11-21T00:00:00Z'));
  assert.ok(!out.includes('\u001b'), 'no raw escape characters');
  assert.ok(!out.includes('\u0007'));
  assert.match(out, /evil\\u001b\]0;pwned\\u0007/);
});

test('the human report shows the chain, the client matrix, the redirects, MCP and the token', () => {
  const out = renderReport(report(), createStyle(false), Date.parse('2026-11-21T00:00:00Z'));
  assert.match(out, /TLS TLSv1\.3 \(not trusted by this client\)/);
  assert.match(out, /leaf; 40 days left/);
  assert.match(out, /✗ Node\.js: no anchor/);
  assert.match(out, /POST https:\/\/h\.test\/mcp 307 → http:\/\/h\.test\//);
  assert.match(out, /streamable 2025-11-25/);
  assert.match(out, /2 tools: a, /);
  assert.match(out, /signature verified \(RS256, kid k1, https:\/\/as\.test\/jwks\)/);
  assert.match(out, /aud https:\/\/h\.test\/mcp \(does not match\)/);
  assert.match(out, /required: mcp:tools x/);
  assert.match(out, /expires 2026-11-21T03:00:00Z \(in 3 hours\)/);
});
