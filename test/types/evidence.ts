// Type test, checked by `npm run typecheck` (tsconfig.json includes test/): makeFinding accepts
// exactly the evidence each catalog code declares. Every `@ts-expect-error` line must fail to
// compile; if one compiled, tsc would report the directive as unused and the typecheck would fail.
import { makeFinding, type FindingOf, isFindingOf, type Finding } from '../../src/core/findings/finding';

// The evidence the probes record compiles.
makeFinding('NET_CONNECTION_REFUSED', { address: '127.0.0.1', port: 8443, errorCode: 'ECONNREFUSED', during: 'TCP connect' });
makeFinding('TLS_TRUST_DIFFERS', {
  trustedBy: ['Node'],
  failing: [{ client: 'python-httpx', label: 'Python httpx', reason: 'certifi lacks the root' }],
});
makeFinding('AUTH_CHALLENGE_MISSING', { status: 401, missing: 'resource_metadata', schemes: ['Bearer'] }, { severity: 'warning' });
const refused: FindingOf<'NET_CONNECTION_REFUSED'> = makeFinding('NET_CONNECTION_REFUSED', { address: '::1', port: 1 });
export const refusedPort: number = refused.evidence.port;

// @ts-expect-error a key the code does not declare (typo of "address")
makeFinding('NET_CONNECTION_REFUSED', { adress: '127.0.0.1', port: 8443 });
// @ts-expect-error a required key is missing (port)
makeFinding('NET_CONNECTION_REFUSED', { address: '127.0.0.1' });
// @ts-expect-error a key of the wrong type (port is a number)
makeFinding('NET_CONNECTION_REFUSED', { address: '127.0.0.1', port: '8443' });
// @ts-expect-error no evidence at all
makeFinding('TLS_EXPIRED');
// @ts-expect-error a list of records with a wrong field (clients have "label", not "name")
makeFinding('TLS_TRUST_DIFFERS', { trustedBy: ['Node'], failing: [{ client: 'curl', name: 'curl' }] });
// @ts-expect-error a value outside the declared union
makeFinding('AUTH_CHALLENGE_MISSING', { status: 401, missing: 'token', schemes: [] });
// @ts-expect-error evidence of another code (TLS_OK's) for this one
makeFinding('NET_DNS_FAILED', { host: 'h', protocol: 'TLSv1.3', name: 'h', fingerprint256: 'AA', root: 'r', notAfter: 'x', daysLeft: 1 });
// @ts-expect-error not a catalog code
makeFinding('NET_DNS_FAILD', { host: 'h' });

// A code picked at run time must get evidence that suits every code it may be.
declare const either: 'NET_DNS_FAILED' | 'NET_CONNECTION_REFUSED';
// @ts-expect-error DNS evidence does not suit NET_CONNECTION_REFUSED
makeFinding(either, { host: 'h', errorCode: 'ENOTFOUND' });
makeFinding(either, { host: 'h', errorCode: 'ENOTFOUND', address: '127.0.0.1', port: 1 });

// Reading: narrowing a finding by code types its evidence.
declare const finding: Finding;
if (isFindingOf(finding, 'TLS_TRUST_DIFFERS')) {
  const labels: string[] = finding.evidence.failing.map((f) => f.label);
  void labels;
  // @ts-expect-error TLS_TRUST_DIFFERS declares no "port": it reads as unknown, not a number
  const port: number = finding.evidence.port;
  void port;
}

// The codes of this round's branches are typed the same way.
makeFinding('TLS_HANDSHAKE_REFUSED', {
  host: 'h',
  port: 443,
  errorCode: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  cause: 'tls13-refused',
  attempts: [{ offered: 'TLS 1.2', outcome: 'completed' }],
});
// @ts-expect-error a client-certificate demand is TLS_CLIENT_CERT_REQUIRED, never a refusal cause
makeFinding('TLS_HANDSHAKE_REFUSED', { host: 'h', port: 443, errorCode: 'E', cause: 'client-certificate', attempts: [] });
// @ts-expect-error a wrong prediction says what was predicted and what the real client did
makeFinding('TLS_PREDICTION_WRONG', { client: 'curl / OpenSSL', detail: 'exit 60' });
makeFinding('OAUTH_REFRESH_FAILED', { resource: 'https://h/mcp', problem: 'has aud "x" instead of "y"' });
// @ts-expect-error a refused refresh names the token endpoint and its answer, or the audience problem
makeFinding('OAUTH_REFRESH_FAILED', { resource: 'https://h/mcp' });
// @ts-expect-error the transport-rules pass names the rules it checked
makeFinding('STATELESS_RULES_OK');
// @ts-expect-error a known CA is the recognised record, not a name
makeFinding('TLS_SELF_SIGNED', { name: 'h', knownCa: 'mkcert' });
