// Report fixtures as `mcp-doctor diagnose --json` would print them: the lab's default incident
// (private CA not trusted, scheme-dropping redirect, a token) and a hostile one whose server-
// controlled text tries to become markup, script or a network request.
import { type DiagnosisReport } from '../../../src/core/diagnose/report';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SignInFlow, type TimelineRun } from '../../../src/shared/protocol';

const STARTED = '2026-05-01T12:00:00.000Z';
const epoch = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

const leaf = {
  subject: 'CN=localhost, O=MCP Doctor Lab',
  name: 'localhost',
  issuer: 'CN=MCP Doctor Lab Intermediate CA, O=MCP Doctor Lab',
  issuerName: 'MCP Doctor Lab Intermediate CA',
  sans: ['DNS:localhost', 'IP Address:127.0.0.1'],
  serialNumber: '4F2A',
  notBefore: '2026-04-01T00:00:00.000Z',
  notAfter: '2026-07-30T00:00:00.000Z',
  daysLeft: 89,
  keyType: 'ec',
  keyBits: 256,
  curve: 'prime256v1',
  signatureAlgorithm: 'ecdsa-with-SHA256',
  fingerprint256: 'AA:11:22:33',
  isCA: false,
  extKeyUsage: ['serverAuth'],
  selfSigned: false,
  role: 'leaf',
  from: 'sent',
};

const intermediate = {
  ...leaf,
  subject: 'CN=MCP Doctor Lab Intermediate CA, O=MCP Doctor Lab',
  name: 'MCP Doctor Lab Intermediate CA',
  issuer: 'CN=MCP Doctor Lab Root CA, O=MCP Doctor Lab',
  issuerName: 'MCP Doctor Lab Root CA',
  sans: [],
  isCA: true,
  pathLength: 0,
  keyUsage: ['keyCertSign', 'cRLSign'],
  extKeyUsage: undefined,
  fingerprint256: 'BB:44:55:66',
  notAfter: '2031-04-01T00:00:00.000Z',
  daysLeft: 1796,
  role: 'intermediate',
};

const clients = [
  {
    client: 'node',
    label: 'Node.js (bundled roots)',
    trusts: false,
    trustFrom: 'Node bundled roots',
    reason: 'MCP Doctor Lab Root CA is not among them',
    fix: 'export NODE_EXTRA_CA_CERTS=/path/to/lab-ca.pem',
  },
  {
    client: 'vscode',
    label: 'VS Code extension host',
    trusts: false,
    trustFrom: 'Node roots + OS store',
    reason: 'the root is not in the OS store',
  },
  {
    client: 'python-httpx',
    label: 'Python httpx',
    trusts: false,
    trustFrom: 'certifi',
    reason: 'certifi does not hold the root',
    fix: 'export SSL_CERT_FILE=/path/to/bundle.pem',
  },
  {
    client: 'python-requests',
    label: 'Python requests',
    trusts: false,
    trustFrom: 'certifi',
    reason: 'certifi does not hold the root',
    fix: 'export REQUESTS_CA_BUNDLE=/path/to/bundle.pem',
  },
  {
    client: 'curl',
    label: 'curl / OpenSSL',
    trusts: true,
    trustFrom: 'OS store /etc/ssl/certs',
    reason: 'the OS store holds MCP Doctor Lab Root CA',
  },
];

const finding = (
  code: string,
  severity: string,
  step: string,
  title: string,
  cause: string,
  fix: string,
  evidence: Record<string, unknown>,
) => ({ code, severity, step, title, cause, fix, evidence });

/** The lab's default scenario, the "Session terminated" incident. */
export function labReport(): DiagnosisReport {
  return labReportData() as unknown as DiagnosisReport;
}

function labReportData() {
  return {
    tool: { name: 'mcp-doctor', version: '0.1.0' },
    target: 'https://localhost:8443/mcp',
    startedAt: STARTED,
    durationMs: 412,
    cancelled: false,
    verdict: {
      severity: 'error',
      code: 'REDIRECT_SCHEME_DOWNGRADE',
      summary: 'POST https://localhost:8443/mcp is redirected to http://localhost/mcp/ (scheme and port lost). (+1 more problem below)',
      fix: 'Use https://localhost:8443/mcp/ as the server URL, or fix the nginx redirect: absolute_redirect off;',
    },
    steps: [
      { name: 'config', status: 'ok', durationMs: 1 },
      { name: 'dns', status: 'ok', durationMs: 2 },
      { name: 'tcp', status: 'ok', durationMs: 1 },
      { name: 'tls', status: 'failed', durationMs: 35 },
      { name: 'mcp', status: 'failed', durationMs: 120 },
      { name: 'auth', status: 'ok', durationMs: 250 },
    ],
    findings: [
      finding(
        'REDIRECT_SCHEME_DOWNGRADE',
        'error',
        'mcp',
        'Redirect drops HTTPS',
        'POST https://localhost:8443/mcp is redirected to http://localhost/mcp/ (scheme and port lost).',
        'Use https://localhost:8443/mcp/ as the server URL.',
        { from: 'https://localhost:8443/mcp', to: 'http://localhost/mcp/' },
      ),
      finding(
        'TLS_UNTRUSTED_ROOT',
        'error',
        'tls',
        'Certificate issued by a CA your client does not trust',
        'The chain ends at MCP Doctor Lab Root CA, which Node.js does not trust.',
        'export NODE_EXTRA_CA_CERTS=/path/to/lab-ca.pem',
        {
          certificate: 'intermediate',
          name: 'MCP Doctor Lab Intermediate CA',
          fingerprint256: 'BB:44:55:66',
          root: 'MCP Doctor Lab Root CA',
          rootSubject: 'CN=MCP Doctor Lab Root CA, O=MCP Doctor Lab',
          rootSent: false,
          host: 'localhost',
        },
      ),
      finding(
        'TLS_EXPIRING_SOON',
        'warning',
        'tls',
        'Certificate expires soon',
        'The leaf certificate "localhost" expires in 89 days.',
        'Renew it.',
        { certificate: 'leaf', name: 'localhost', fingerprint256: 'AA:11:22:33', daysLeft: 89 },
      ),
      finding('MCP_TOOLS_LISTED', 'ok', 'mcp', 'Tools listed', 'The corrected URL lists 3 tools.', '', { count: 3 }),
    ],
    tls: {
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      alpn: 'http/1.1',
      leafFingerprint256: 'AA:11:22:33',
      trusted: false,
      authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      chain: [leaf, intermediate],
      clients,
      sources: [{ id: 'node-bundled', label: 'Node.js bundled roots', certificateCount: 146, trusts: false, reason: 'no matching root' }],
    },
    redirects: [
      {
        url: 'https://localhost:8443/mcp',
        method: 'POST',
        status: 301,
        location: 'http://localhost/mcp/',
        nextUrl: 'http://localhost/mcp/',
        nextMethod: 'GET',
        changed: ['scheme', 'port', 'trailing-slash', 'method'],
        authorizationSent: true,
        server: 'nginx',
        durationMs: 5,
      },
      { url: 'http://localhost/mcp/', method: 'GET', status: 0, errorCode: 'ECONNREFUSED', authorizationSent: false, durationMs: 1 },
    ],
    mcp: {
      configuredUrl: 'https://localhost:8443/mcp',
      endpoint: 'https://localhost:8443/mcp/',
      correctedUrl: 'https://localhost:8443/mcp/',
      correctedWorks: true,
      reached: true,
      era: 'streamable',
      protocolVersion: '2025-06-18',
      serverInfo: { name: 'lab-mcp', version: '1.0.0' },
      tools: ['get_customer_info', 'create_support_ticket', 'calculate_account_value'],
      toolCount: 3,
      exchanges: [
        {
          label: 'initialize',
          method: 'POST',
          url: 'https://localhost:8443/mcp/',
          status: 200,
          contentType: 'text/event-stream',
          durationMs: 14,
        },
      ],
    },
    auth: {
      challenge: 'Bearer resource_metadata="https://localhost:8443/.well-known/oauth-protected-resource/mcp/"',
      unauthenticatedStatus: 401,
      urlsTried: [
        {
          url: 'https://localhost:8443/.well-known/oauth-protected-resource/mcp/',
          purpose: 'protected resource metadata',
          status: 200,
          outcome: 'ok',
        },
      ],
      jwks: {
        url: 'https://localhost:9443/jwks',
        keyCount: 1,
        keys: [{ kid: 'lab-key-1', kty: 'RSA', alg: 'RS256', use: 'sig', bits: 2048, problems: [] }],
      },
      token: {
        kind: 'jws',
        length: 812,
        fingerprint: '3f9a0c1d2e4b',
        header: { alg: 'RS256', kid: 'lab-key-1', typ: 'at+jwt' },
        claims: {
          iss: 'https://localhost:9443',
          sub: 'lab-client',
          aud: 'https://localhost:8443/mcp/',
          exp: epoch('2026-05-01T11:00:00Z'),
          iat: epoch('2026-05-01T10:00:00Z'),
          scope: 'mcp:read mcp:tools',
        },
        verified: { alg: 'RS256', kid: 'lab-key-1', jwksUrl: 'https://localhost:9443/jwks', source: 'jwks-url' },
        issuerMatch: true,
        audienceMatch: true,
        scopesGranted: ['mcp:read', 'mcp:tools'],
        scopesRequired: ['mcp:read', 'mcp:write'],
        expiresAt: '2026-05-01T11:00:00.000Z',
      },
      expected: {
        issuer: 'https://localhost:9443',
        audience: 'https://localhost:8443/mcp/',
        audienceSource: 'canonical-url',
        scopes: ['mcp:read', 'mcp:write'],
        scopesSource: 'challenge',
      },
      probes: [{ name: 'no-token', status: 401, outcome: 'refused' }],
    },
  };
}

export const HOSTILE_CN = '<img src=x onerror="window.__pwned=1">';
export const HOSTILE_CLAIM = '<script>window.__pwned=2</script>';
export const HOSTILE_URL = 'javascript:window.__pwned=3';

/** Every server-controlled string holds markup, script or a URL that would load or run something. */
export function hostileReport(): DiagnosisReport {
  const base = labReportData();
  const evil = {
    ...leaf,
    subject: `CN=${HOSTILE_CN}`,
    name: HOSTILE_CN,
    sans: [`DNS:${HOSTILE_CLAIM}`],
    issuer: `CN=${HOSTILE_CLAIM}`,
    issuerName: HOSTILE_CLAIM,
  };
  const hostile = {
    ...base,
    target: 'https://localhost:8443/mcp?<img src=x onerror=window.__pwned=4>',
    verdict: { ...base.verdict, summary: `Server said ${HOSTILE_CLAIM}`, fix: `${HOSTILE_URL} <a href="${HOSTILE_URL}">fix</a>` },
    findings: [
      {
        ...base.findings[1],
        cause: HOSTILE_CN,
        fix: HOSTILE_URL,
        evidence: { header: HOSTILE_CLAIM, url: HOSTILE_URL, nested: { html: HOSTILE_CN } },
      },
    ],
    tls: { ...base.tls, chain: [evil], protocol: '<b>TLSv1.3</b>', clients: [{ ...clients[0], reason: HOSTILE_CN }] },
    redirects: [{ ...base.redirects[0], location: HOSTILE_URL, nextUrl: HOSTILE_URL, server: '<iframe src="http://127.0.0.1:9/frame">' }],
    mcp: { ...base.mcp, tools: [HOSTILE_CN, '<style>@import url(http://127.0.0.1:9/x.css)</style>'] },
    auth: {
      ...base.auth,
      challenge: `Bearer realm="${HOSTILE_CLAIM}"`,
      token: {
        ...base.auth.token,
        header: { alg: 'RS256', kid: HOSTILE_CLAIM, jku: 'http://127.0.0.1:9/jwks' },
        claims: {
          iss: HOSTILE_URL,
          sub: HOSTILE_CLAIM,
          name: '<svg onload="window.__pwned=5">',
          '<img src=x onerror=window.__pwned=6>': 'key',
          exp: 'not a number',
        },
      },
    },
  };
  return hostile as unknown as DiagnosisReport;
}

/** Ten runs: healthy, then broken by a certificate change, then healthy again. */
export function timelineRuns(): TimelineRun[] {
  const at = (minutes: number): string => new Date(Date.parse(STARTED) - (60 - minutes) * 60_000).toISOString();
  return Array.from({ length: 10 }, (_, i) => {
    const broken = i >= 4 && i < 7;
    return {
      at: at(i * 5),
      durationMs: 100 + i,
      severity: broken ? 'error' : 'ok',
      codes: broken ? ['TLS_UNTRUSTED_ROOT'] : [],
      certFingerprint: i < 4 ? 'AA:00' : 'AA:11:22:33',
    };
  });
}

/**
 * Sign-in flows as the engine produced them against the flow lab (saved from real runs, already
 * redacted): a completed sign-in (DCR, browser, token, tools/list, refresh) and one stopped at
 * registration (an AS without DCR).
 */
export function signedInFlow(): SignInFlow {
  return JSON.parse(readFileSync(join(__dirname, 'flows', 'signed-in.json'), 'utf8')) as SignInFlow;
}

export function stoppedFlow(): SignInFlow {
  return JSON.parse(readFileSync(join(__dirname, 'flows', 'no-registration.json'), 'utf8')) as SignInFlow;
}

/** A flow whose server-controlled text (verdicts, headers, bodies) tries to become markup. */
export function hostileFlow(): SignInFlow {
  const flow = stoppedFlow();
  const [first, ...rest] = flow.report.exchanges;
  const hostile = {
    ...first!,
    verdict: `401 ${HOSTILE_CN}`,
    responseHeaders: { 'www-authenticate': HOSTILE_CLAIM },
    responseBody: '<iframe src="http://127.0.0.1:9/frame">',
  };
  return { ...flow, report: { ...flow.report, exchanges: [hostile, ...rest] } };
}
