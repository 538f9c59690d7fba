// Evidence as the probes record it, for tests that need a finding of some code but do not care
// about its details. makeFinding checks evidence against each code's type, so `{}` no longer does.
import { type EvidenceOf } from '../../../src/core/findings/evidence/index';

export const refusedEvidence: EvidenceOf<'NET_CONNECTION_REFUSED'> = {
  address: '127.0.0.1',
  port: 1,
  errorCode: 'ECONNREFUSED',
  during: 'TCP connect',
};
export const dnsEvidence: EvidenceOf<'NET_DNS_FAILED'> = { host: 'nowhere.invalid', errorCode: 'ENOTFOUND' };
export const internalEvidence: EvidenceOf<'INTERNAL_ERROR'> = { step: 'tls', errorCode: 'ERR_TEST', message: 'test' };
export const mcpOkEvidence: EvidenceOf<'MCP_OK'> = {
  endpoint: 'https://localhost:8443/mcp',
  era: 'streamable',
  protocolVersion: '2025-06-18',
  toolCount: 1,
  tools: ['echo'],
};
export const tlsOkEvidence: EvidenceOf<'TLS_OK'> = {
  client: 'Node.js',
  host: 'localhost',
  protocol: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  name: 'localhost',
  fingerprint256: 'AA:BB',
  root: 'Lab Root',
  rootSource: 'Node bundled roots',
  notAfter: '2027-01-01T00:00:00.000Z',
  daysLeft: 300,
};
export const authRequiredEvidence: EvidenceOf<'HTTP_AUTH_REQUIRED'> = { method: 'POST', url: 'https://localhost:8443/mcp', status: 401 };
export const legacySseEvidence: EvidenceOf<'MCP_LEGACY_SSE_ONLY'> = {
  url: 'https://localhost:8443/sse',
  postStatus: 405,
  endpoint: 'https://localhost:8443/messages',
};
export const compareEvidence: EvidenceOf<'HTTP_COMPARE_BOTH_WORK'> = {
  primaryUrl: 'https://localhost:8443/mcp',
  primarySummary: 'MCP streamable',
  alternateUrl: 'http://127.0.0.1:3000/mcp',
  alternateSummary: 'MCP streamable',
  layer: 'TLS/proxy',
};

/** A POST https://h/mcp answered 301 to http://h/mcp/ (scheme downgrade plus trailing slash). */
export function downgradeHop(from = 'https://h/mcp', to = 'http://h/mcp/'): EvidenceOf<'REDIRECT_SCHEME_DOWNGRADE'> {
  const a = new URL(from);
  const b = new URL(to);
  return {
    hop: 1,
    method: 'POST',
    from,
    status: 301,
    location: to,
    to,
    toMethod: 'GET',
    changed: ['scheme', 'port', 'trailing-slash'],
    lost: ['scheme', 'port'],
    fromPath: a.pathname,
    toPath: b.pathname,
    slashAdded: b.pathname === `${a.pathname}/`,
    fromHost: a.hostname,
    toHost: b.hostname,
    fromPort: 443,
    toPort: 80,
    toPortExplicit: false,
  };
}
