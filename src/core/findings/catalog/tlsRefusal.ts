import { type CatalogEntry, type Evidence } from '../types';
import { ev } from '../text';

/** The cause the retries found, in one sentence; `unknown` says what was ruled out. */
function refusalCause(e: Evidence): string {
  const key = `${ev(e, 'keyBits')}-bit ${ev(e, 'keyType', 'RSA').toUpperCase()} key`;
  switch (e.cause) {
    case 'key-cannot-sign':
      return `Its certificate${e.certificateName ? ` "${ev(e, 'certificateName')}"` : ''} has a ${key}: too small to make the RSA-PSS signature TLS 1.3 requires (at least 528 bits), so the server gives up as soon as a client offers TLS 1.3, and every current client does. With TLS 1.2 only, the handshake completes (${ev(e, 'cipher')}), but Node, Python and curl then reject a key that small (OpenSSL security level 1 needs 1024 bits, level 2 needs 2048).`;
    case 'tls13-refused':
      return `It completes a handshake only when the client offers at most TLS 1.2 (${ev(e, 'cipher')}): its TLS 1.3 setup is broken (e.g. a key or certificate type its TLS library cannot use with TLS 1.3, or no TLS 1.3 cipher suite enabled).`;
    case 'old-protocol':
      return `The server only speaks ${ev(e, 'protocol')}: it completed a handshake only when offered TLS 1.0/1.1 with legacy settings (${ev(e, 'cipher')}). Node, Python and curl require TLS 1.2 or newer.`;
    case 'no-common-cipher':
      return `There is no cipher suite in common: it completed a handshake only when offered every suite OpenSSL has, and chose ${ev(e, 'cipher')} (${ev(e, 'protocol')}), which Node, Python and curl do not offer by default.`;
    case 'legacy-signature':
      return `It completed a handshake only when SHA-1 signatures were allowed (${ev(e, 'protocol')}, ${ev(e, 'cipher')}): its key or certificate cannot sign with the algorithms OpenSSL 3 clients accept.`;
    default:
      return 'Every variant was refused (other protocol versions, every cipher suite, legacy signature algorithms), and it never asked for a client certificate: the cause is on the server (its key or certificate may not load, or it rejects this server name).';
  }
}

function refusalFix(e: Evidence): string {
  switch (e.cause) {
    case 'key-cannot-sign':
      return 'On the server: replace the key and certificate with an RSA 2048+ or ECDSA P-256 key (openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 ..., or mkcert; nginx: ssl_certificate and ssl_certificate_key pointing to the new files) and reload it. Nothing on the client side helps: capping clients at TLS 1.2 only trades this for "key too weak".';
    case 'tls13-refused':
      return "On the server: fix TLS 1.3 (an RSA 2048+ or ECDSA P-256 certificate; nginx: ssl_protocols TLSv1.2 TLSv1.3; a current OpenSSL). Until then a client can cap itself at TLS 1.2: curl --tls-max 1.2; Node/undici connect: { maxVersion: 'TLSv1.2' }; Python: ctx.maximum_version = ssl.TLSVersion.TLSv1_2.";
    case 'old-protocol':
      return "On the server: enable TLS 1.2 and 1.3 (nginx: ssl_protocols TLSv1.2 TLSv1.3; Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3) with current cipher suites. Lowering a client's minimum (TLS 1.0 at OpenSSL security level 0) is unsafe; do it only for a throw-away test.";
    case 'no-common-cipher':
      return `On the server: enable current cipher suites (nginx: ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384; and for TLS 1.3 keep the default suites, or ssl_conf_command Ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256;). A client could add ${ev(e, 'cipher')} to its own list (curl --ciphers / --tls13-ciphers; Node ciphers option), but fixing the server fixes every client.`;
    case 'legacy-signature':
      return 'On the server: re-issue the certificate with a SHA-256 signature and an RSA 2048+ or ECDSA P-256 key, and reload it. Clients cannot safely allow SHA-1 signatures.';
    default:
      return "Read the server's TLS error log for this handshake (nginx error_log at level info; openssl s_server prints the reason), and check that its certificate and key load and match (openssl x509 -noout -modulus vs openssl rsa -noout -modulus) and that it serves this host name (SNI). Compare with: openssl s_client -connect host:port -servername host.";
  }
}

/** The cause in a few words, for the first sentence (the verdict's headline). */
function shortCause(e: Evidence): string {
  switch (e.cause) {
    case 'key-cannot-sign':
      return `its ${ev(e, 'keyBits')}-bit ${ev(e, 'keyType', 'RSA').toUpperCase()} key cannot sign a TLS 1.3 handshake and is below every client's minimum`;
    case 'tls13-refused':
      return 'it completes TLS 1.2 but fails TLS 1.3';
    case 'old-protocol':
      return `it only speaks ${ev(e, 'protocol')}`;
    case 'no-common-cipher':
      return `no cipher suite in common (it accepts only ${ev(e, 'cipher')})`;
    case 'legacy-signature':
      return 'it can only sign with SHA-1';
    default:
      return 'no retry found a setting it accepts';
  }
}

/** A server that refused the handshake before sending a certificate, and what the retries showed. */
export const tlsRefusalEntries = {
  TLS_HANDSHAKE_REFUSED: {
    severity: 'error',
    step: 'tls',
    title: 'Server refuses the TLS handshake',
    cause: (e) =>
      `${ev(e, 'host')}:${ev(e, 'port')} refuses the TLS handshake: ${shortCause(e)}. It answered the client's hello with ${e.alert ? `a ${ev(e, 'alert')} alert` : `an error (${ev(e, 'errorCode')})`} before sending any certificate and never asked for a client certificate, so this is not mutual TLS; every client with default settings fails the same way. ${refusalCause(e)}${Array.isArray(e.attempts) && e.attempts.length ? ` Retries: ${(e.attempts as { offered?: unknown; outcome?: unknown }[]).map((a) => `${String(a.offered)} → ${String(a.outcome)}`).join('; ')}.` : ''}`,
    fix: refusalFix,
  },
} satisfies Record<string, CatalogEntry>;
