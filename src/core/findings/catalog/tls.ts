import { type CatalogEntry, type Evidence } from '../types';
import { ev } from '../text';
import { BUNDLE, bundleStep, isPlaceholder, knownCaCause, placeholderFix } from './trustFixText';

/** The `ca-bundle` command that works here (with --ca ROOT when the root is not at hand), then the export line per client. */
function trustFix(e: Evidence): string {
  if (isPlaceholder(e)) return placeholderFix(e);
  return (
    `Give your clients this CA: ${bundleStep(e)}, then (and restart the client) ` +
    'Node/undici/MCP TypeScript SDK: export NODE_EXTRA_CA_CERTS=$PWD/ca-bundle.pem; ' +
    'Python httpx/MCP Python SDK: export SSL_CERT_FILE=$PWD/ca-bundle.pem; Python requests: export REQUESTS_CA_BUNDLE=$PWD/ca-bundle.pem; ' +
    'curl: export CURL_CA_BUNDLE=$PWD/ca-bundle.pem. VS Code ignores NODE_EXTRA_CA_CERTS in its fetch: add the CA to the OS store (e.g. sudo cp ca.pem /usr/local/share/ca-certificates/mcp-ca.crt && sudo update-ca-certificates) with "http.systemCertificates" on. Never set NODE_TLS_REJECT_UNAUTHORIZED to 0 (it turns verification off for every connection).'
  );
}

/** `the leaf certificate "localhost"` from role + name evidence. */
function cert(e: Evidence): string {
  return `the ${ev(e, 'certificate', '')} certificate "${ev(e, 'name')}"`.replace('the  ', 'the ');
}

/** `cert()` at the start of a sentence. */
function Cert(e: Evidence): string {
  const text = cert(e);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fp(e: Evidence, key = 'fingerprint256'): string {
  return e[key] ? `, SHA-256 ${ev(e, key)}` : '';
}

function listText(e: Evidence, key: string, format: (item: Record<string, unknown>) => string): string {
  const items = Array.isArray(e[key]) ? (e[key] as Record<string, unknown>[]) : [];
  return items.map(format).join('; ');
}

function expiredFix(e: Evidence): string {
  if (e.certificate === 'intermediate')
    return "The server sends an expired intermediate: replace it in the server's chain file with the CA's current intermediate and reload the server.";
  if (e.certificate === 'root')
    return 'The root CA itself has expired: create a new CA (or get the current root from your CA), re-issue the server certificate from it, and redistribute the root to clients.';
  return "Renew or re-issue the server certificate, then reload/restart the server so it serves the new one (mkcert certificates last about two years; for Let's Encrypt check the renewal timer: certbot renew --dry-run).";
}

/** "Python httpx and curl do not trust this server" from the failing clients' short names. */
function trustDiffersTitle(e: Evidence): string {
  const names = Array.isArray(e.failingNames) ? [...new Set(e.failingNames.map(String))] : [];
  if (names.length === 0) return 'Clients disagree about trusting this server';
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${list} ${names.length === 1 ? 'does' : 'do'} not trust this server`;
}

/** TLS handshake, certificate and trust findings. */
export const tlsEntries = {
  TLS_OK: {
    severity: 'ok',
    step: 'tls',
    title: (e) => `TLS certificate is valid and trusted${e.client ? ` by ${ev(e, 'client')}` : ''}`,
    cause: (e) =>
      `${ev(e, 'protocol')} (${ev(e, 'cipher')}). The leaf "${ev(e, 'name')}" chains to "${ev(e, 'root')}" (${ev(e, 'rootSource')}) and matches ${ev(e, 'host')}; it is valid until ${ev(e, 'notAfter')} (${ev(e, 'daysLeft')} days).`,
    fix: () => 'Nothing to change.',
  },
  TLS_SELF_SIGNED: {
    severity: 'error',
    step: 'tls',
    title: 'Server certificate is self-signed',
    cause: (e) =>
      `The server's only certificate, "${ev(e, 'name')}" (${ev(e, 'subject')}${fp(e)}), signed itself: no CA vouches for it, so every client rejects it (Node: DEPTH_ZERO_SELF_SIGNED_CERT) unless that exact certificate is added to its trust.${knownCaCause(e)}`,
    fix: (e) =>
      isPlaceholder(e)
        ? trustFix(e)
        : `Best: serve a certificate from a local CA instead (mkcert -install && mkcert ${ev(e, 'host', 'localhost')}) and trust that CA. Or trust this exact certificate. ${trustFix({ rootAvailable: true, ...e })}`,
  },
  TLS_UNTRUSTED_ROOT: {
    severity: 'error',
    step: 'tls',
    title: (e) => `Certificate chain ends at a CA that ${ev(e, 'client', 'the client')} does not trust`,
    cause: (e) =>
      `The chain ends at the CA "${ev(e, 'root')}" (${ev(e, 'rootSubject')}${fp(e, 'rootFingerprint256')}), which ${e.rootSent ? 'the server sent' : 'the server did not send'}. It is not among ${ev(e, 'trustFrom', "Node's trusted roots")}: typical of a private, corporate (TLS inspection) or development CA.${e.foundIn ? ` It is available from: ${ev(e, 'foundIn')}.` : ''}${knownCaCause(e)}`,
    fix: (e) => trustFix(e),
  },
  TLS_INCOMPLETE_CHAIN: {
    severity: 'error',
    step: 'tls',
    title: 'Server does not send its intermediate certificate',
    cause: (e) =>
      `The server sent ${ev(e, 'sentCount')} certificate(s) but not the CA "${ev(e, 'missingIssuer')}" that issued ${cert(e)}. Browsers often fill the gap (AIA fetching, caches); Node, Python and curl do not (Node: UNABLE_TO_VERIFY_LEAF_SIGNATURE).${e.foundIn ? ` That CA certificate exists in ${ev(e, 'foundIn')}.` : ''}`,
    fix: (e) =>
      `Make the server send the full chain, leaf first then intermediates (nginx: ssl_certificate pointing to fullchain.pem, not cert.pem; Caddy/Traefik do this automatically).${e.caIssuersUrls ? ` The intermediate can be downloaded from ${ev(e, 'caIssuersUrls')}.` : ''} If "${ev(e, 'missingIssuer')}" is instead your private root, add it to the client trust: ${bundleStep({ ...e, root: e.missingIssuer })}.`,
  },
  TLS_EXPIRED: {
    severity: 'error',
    step: 'tls',
    title: 'Certificate has expired',
    cause: (e) =>
      `${Cert(e)} (${ev(e, 'subject')}) expired on ${ev(e, 'notAfter')}, ${ev(e, 'daysAgo')} day(s) ago (Node: CERT_HAS_EXPIRED).`,
    fix: expiredFix,
  },
  TLS_NOT_YET_VALID: {
    severity: 'error',
    step: 'tls',
    title: 'Certificate is not valid yet',
    cause: (e) =>
      `${Cert(e)} is valid only from ${ev(e, 'notBefore')}, but this machine's clock says ${ev(e, 'now')}. Either a clock is wrong (VM or container without NTP) or the certificate was issued with a future start date.`,
    fix: () =>
      'Check the clocks of the client and the server (date -u; timedatectl set-ntp true). If both are right, re-issue the certificate with a correct start date.',
  },
  TLS_EXPIRING_SOON: {
    severity: 'warning',
    step: 'tls',
    title: 'Certificate expires soon',
    cause: (e) =>
      `${Cert(e)} expires on ${ev(e, 'notAfter')}, in ${ev(e, 'daysLeft')} day(s) (warning threshold ${ev(e, 'thresholdDays')} days).`,
    fix: (e) =>
      e.certificate === 'leaf'
        ? 'Renew the server certificate now and reload the server; automate renewal (certbot renew, cert-manager) so it cannot lapse.'
        : "Get the CA's replacement certificate and update the server chain / client bundles before the date.",
  },
  TLS_HOSTNAME_MISMATCH: {
    severity: 'error',
    step: 'tls',
    title: 'Certificate does not match the host name',
    cause: (e) =>
      `The URL's host "${ev(e, 'host')}" is not among the names in the server certificate (${ev(e, 'names', 'no subjectAltName')}). ${e.isIp ? 'For an IP address only an IP subjectAltName counts (there is no CN fallback and no SNI).' : 'A wildcard covers exactly one label.'} Node: ERR_TLS_CERT_ALTNAME_INVALID.`,
    fix: (e) =>
      `Connect with a name the certificate has${e.suggestedHost ? ` (e.g. ${ev(e, 'suggestedHost')})` : ''}, or re-issue it with subjectAltName=${e.isIp ? 'IP' : 'DNS'}:${ev(e, 'host')} (mkcert ${ev(e, 'host')}; openssl: -addext "subjectAltName=${e.isIp ? 'IP' : 'DNS'}:${ev(e, 'host')}").`,
  },
  TLS_WEAK_KEY: {
    severity: 'warning',
    step: 'tls',
    title: 'Certificate key is too small',
    cause: (e) =>
      `${Cert(e)} has a ${ev(e, 'keyBits')}-bit ${ev(e, 'keyType').toUpperCase()} key. ${e.rejectedBy ? `Rejected by: ${ev(e, 'rejectedBy')} (OpenSSL: "key too weak"; Node reports only UNSPECIFIED).` : 'Accepted today, but Python 3.10+ (OpenSSL security level 2) and current policies need at least 2048 bits.'}`,
    fix: () =>
      'Re-issue the certificate with an RSA 2048+ or ECDSA P-256 key (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256; mkcert does this by default).',
  },
  TLS_WEAK_SIGNATURE: {
    severity: 'error',
    step: 'tls',
    title: 'Certificate is signed with a broken hash (SHA-1/MD5)',
    cause: (e) =>
      `${Cert(e)} is signed with ${ev(e, 'signatureAlgorithm')}. OpenSSL 3 (Node, Python, curl) refuses SHA-1 and MD5 signatures; Node reports it only as UNSPECIFIED ("CA signature digest algorithm too weak").`,
    fix: (e) =>
      e.certificate === 'leaf'
        ? 'Re-issue the certificate with SHA-256 (openssl x509/ca -sha256; mkcert and every current CA do this).'
        : "Replace the SHA-1 intermediate with the CA's SHA-256 one (or re-create your private CA with -sha256) and re-issue the leaf.",
  },
  TLS_NOT_A_CA: {
    severity: 'error',
    step: 'tls',
    title: 'An intermediate certificate is not a CA',
    cause: (e) =>
      `${Cert(e)} signed "${ev(e, 'issuedName')}" but is not a CA certificate (basicConstraints CA:true is missing): it is really a leaf used as an intermediate. Node: INVALID_PURPOSE/INVALID_CA; Python: "invalid CA certificate".`,
    fix: () =>
      'Re-issue the intermediate with basicConstraints=critical,CA:true and keyUsage=critical,keyCertSign,cRLSign, then re-issue the server certificate from it.',
  },
  TLS_PATH_LENGTH_EXCEEDED: {
    severity: 'error',
    step: 'tls',
    title: 'CA path length constraint exceeded',
    cause: (e) => `${Cert(e)} allows at most ${ev(e, 'pathLength')} CA(s) below it, but the chain has more (Node: PATH_LENGTH_EXCEEDED).`,
    fix: () =>
      'Issue the server certificate directly from an allowed CA, or re-create the CA hierarchy without the tight pathlen constraint.',
  },
  TLS_WRONG_PURPOSE: {
    severity: 'error',
    step: 'tls',
    title: 'Certificate is not allowed for TLS servers',
    cause: (e) => `${Cert(e)} is not valid for TLS server authentication (${ev(e, 'detail')}). Node: INVALID_PURPOSE.`,
    fix: (e) =>
      e.certificate === 'leaf'
        ? 'Re-issue the server certificate with extendedKeyUsage=serverAuth and keyUsage=digitalSignature,keyEncipherment (a client certificate cannot be used as a server certificate).'
        : 'The intermediate restricts its purposes: use an intermediate whose extendedKeyUsage includes serverAuth (or has none).',
  },
  TLS_PLAINTEXT_PORT: {
    severity: 'error',
    step: 'tls',
    title: 'The port does not speak TLS',
    cause: (e) =>
      `${ev(e, 'host')}:${ev(e, 'port')} answered our TLS hello with something that is not TLS (${ev(e, 'errorCode')}): a plain HTTP server listens there.`,
    fix: (e) =>
      `If the server is plain HTTP, use http://${ev(e, 'host')}:${ev(e, 'port')}/ (only on a trusted network); otherwise use the TLS port (often 443 or 8443) or enable TLS on the server or its proxy.`,
  },
  TLS_PROTOCOL_TOO_OLD: {
    severity: 'error',
    step: 'tls',
    title: 'Server only supports an outdated TLS version',
    cause: (e) =>
      `The server only completes a handshake with ${ev(e, 'protocol')}; Node, Python and curl require TLS 1.2 or newer (Node: ${ev(e, 'errorCode')}).`,
    fix: () =>
      'Enable TLS 1.2 and 1.3 on the server (nginx: ssl_protocols TLSv1.2 TLSv1.3;). Lowering the client minimum (minVersion TLSv1 with SECLEVEL=0) is unsafe; do it only for a throw-away test.',
  },
  TLS_CLIENT_CERT_REQUIRED: {
    severity: 'error',
    step: 'tls',
    title: 'Server requires a client certificate (mutual TLS)',
    cause: (e) =>
      `${ev(e, 'host')}:${ev(e, 'port')} demands a client certificate and ended the connection when none was sent (${ev(e, 'errorCode')}). With TLS 1.3 the handshake first looks successful; clients then see "other side closed" (undici UND_ERR_SOCKET) or a read error.${Array.isArray(e.acceptedCas) && e.acceptedCas.length > 0 ? ` It accepts certificates issued by: ${ev(e, 'acceptedCas')}.` : e.acceptedCasNote ? ` Its accepted CAs could not be read (${ev(e, 'acceptedCasNote')}).` : ''}`,
    fix: (e) =>
      `Give the client a certificate${Array.isArray(e.acceptedCas) && e.acceptedCas.length > 0 ? ` issued by ${ev(e, 'acceptedCas')}` : ''} and its key: Node/undici new Agent({ connect: { cert, key } }); Python httpx.Client(cert=("client.pem", "client.key")); curl --cert client.pem --key client.key; check it here with mcp-doctor diagnose --cert client.pem --key client.key. Ask the server owner which CA must issue it.`,
  },
  TLS_HANDSHAKE_FAILED: {
    severity: 'error',
    step: 'tls',
    title: 'TLS handshake failed',
    cause: (e) =>
      `The TLS handshake with ${ev(e, 'host')}:${ev(e, 'port')} failed (${ev(e, 'errorCode')}: ${ev(e, 'message', '')}). Usual reasons: there is no protocol or cipher in common, or the server's key is too weak for the client. (A client-certificate demand shows as a CertificateRequest and is reported as such; a refusal by alert is explained by retries.)`,
    fix: () =>
      "Check the server's TLS settings (ssl_protocols, ssl_ciphers, ssl_verify_client) and its error log for the handshake; test with: openssl s_client -connect host:port -servername host.",
  },
  TLS_VERIFY_FAILED: {
    severity: 'error',
    step: 'tls',
    title: 'Node rejected the certificate',
    cause: (e) => `Node rejected the server's chain with ${ev(e, 'errorCode')}, for a reason the certificate analysis could not pin down.`,
    fix: () =>
      'Inspect the chain with: openssl s_client -connect host:port -servername host -showcerts, and compare with the chain in this report.',
  },
  TLS_TRUST_DIFFERS: {
    severity: 'warning',
    step: 'tls',
    title: trustDiffersTitle,
    cause: (e) =>
      `${ev(e, 'trustedBy')} trust this server, but: ${listText(e, 'failing', (f) => `${String(f.label)}: ${String(f.reason)}`)}.`,
    fix: (e) =>
      (listText(e, 'failing', (f) => `${String(f.label)}: ${String(f.fix ?? 'see the TLS findings')}`) ||
        `Give every client the same CA bundle: ${BUNDLE}, then export NODE_EXTRA_CA_CERTS, SSL_CERT_FILE and REQUESTS_CA_BUNDLE to it.`) +
      (e.chosen === false
        ? ' If only one client matters to you, name it (mcp-doctor diagnose --client node|vscode|python-httpx|python-requests|curl; in VS Code the mcpDoctor.client setting): the others then only warn.'
        : ''),
  },
  TLS_CERT_CHANGED: {
    severity: 'warning',
    step: 'tls',
    title: 'Server certificate changed since the last good check',
    cause: (e) =>
      `The certificate of ${ev(e, 'endpoint')} changed since ${ev(e, 'previousSeenAt')}: it was ${ev(e, 'previousFingerprint256')} ("${ev(e, 'previousName')}", issued by "${ev(e, 'previousIssuer')}", valid ${ev(e, 'previousNotBefore')} to ${ev(e, 'previousNotAfter')}); it is now ${ev(e, 'fingerprint256')} ("${ev(e, 'name')}", issued by "${ev(e, 'issuer')}", valid ${ev(e, 'notBefore')} to ${ev(e, 'notAfter')}).${e.issuerChanged ? ' The issuing CA changed too: typical when containers are rebuilt and regenerate their CA.' : ''}`,
    fix: (e) =>
      `If you rebuilt or renewed it: ${e.issuerChanged ? `distribute the new CA to your clients (get its root as PEM, then ${BUNDLE} --ca NEW-ROOT.pem ${ev(e, 'url', '<url>')}: with --ca it works whether or not the server sends its root)` : 'nothing to do for CA-based trust'} and update any pinned fingerprint. If nobody changed it, find out who did (TLS interception, wrong server behind the name).`,
  },
  TLS_VERIFICATION_DISABLED: {
    severity: 'warning',
    step: 'tls',
    title: 'Certificate verification is switched off in the environment',
    cause: (e) =>
      `${ev(e, 'variables')} is set: clients that read it accept any certificate, including an attacker's, and hide real trust problems. This diagnosis still checks the certificate as if verification were on.`,
    fix: (e) =>
      `Unset it (${ev(e, 'unset')}) and trust the server's CA instead: ${BUNDLE}, then NODE_EXTRA_CA_CERTS / SSL_CERT_FILE / REQUESTS_CA_BUNDLE.`,
  },
} satisfies Record<string, CatalogEntry>;
