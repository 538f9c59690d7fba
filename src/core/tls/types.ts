import { type ClientConfirmation } from './confirmation';

/** Where a certificate sits in the chain. The root is the self-signed trust anchor. */
export type CertRole = 'leaf' | 'intermediate' | 'root';

/** Everything a developer needs to know about one certificate. JSON-serialisable. */
export interface CertificateInfo {
  /** One-line distinguished name, e.g. "CN=localhost, O=Acme"; "" for a subject-less certificate. */
  readonly subject: string;
  /** Short display name: the CN, else the O, else the DN. */
  readonly name: string;
  readonly issuer: string;
  readonly issuerName: string;
  /** Subject alternative names as "DNS:x" / "IP Address:y", as Node prints them. */
  readonly sans: readonly string[];
  readonly serialNumber: string;
  /** ISO 8601. */
  readonly notBefore: string;
  readonly notAfter: string;
  /** Whole days until notAfter (negative once expired), by the diagnosis clock. */
  readonly daysLeft: number;
  /** "rsa", "ec", "ed25519", ... */
  readonly keyType: string;
  /** RSA modulus bits, or the EC curve's bits. */
  readonly keyBits?: number;
  readonly curve?: string;
  /** e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA256", or the OID when unknown. */
  readonly signatureAlgorithm: string;
  /** The signature's hash ("sha1", "sha256", ...) when the algorithm implies one. */
  readonly signatureHash?: string;
  readonly fingerprint256: string;
  /** basicConstraints CA flag (false when the extension is absent). */
  readonly isCA: boolean;
  readonly pathLength?: number;
  /** keyUsage bits by name, e.g. ["digitalSignature","keyCertSign"]; absent = extension absent. */
  readonly keyUsage?: readonly string[];
  /** Extended key usage by name ("serverAuth") or OID; absent = extension absent (any purpose). */
  readonly extKeyUsage?: readonly string[];
  readonly selfSigned: boolean;
  /** Subject / authority key identifiers, hex "AB:CD:...". */
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: string;
  /** AIA "CA Issuers" URLs, where a browser would fetch a missing intermediate. */
  readonly caIssuersUrls?: readonly string[];
}

/** A certificate plus where it came from in the built chain. */
export interface ChainLink extends CertificateInfo {
  readonly role: CertRole;
  /** "sent" by the server, or the id of the trust source that supplied it. */
  readonly from: 'sent' | string;
}

/** Why one certificate path is not acceptable. The certificate at fault is named by its index. */
export type ChainProblemKind =
  | 'self-signed'
  | 'untrusted-root'
  | 'issuer-unknown'
  | 'expired'
  | 'not-yet-valid'
  | 'hostname-mismatch'
  | 'weak-key'
  | 'weak-signature'
  | 'not-a-ca'
  | 'path-length'
  | 'wrong-purpose'
  /** A CA certificate whose keyUsage lacks keyCertSign: OpenSSL accepts it, Chromium's verifier (VS Code) does not. */
  | 'ca-without-key-cert-sign';

export interface ChainProblem {
  readonly kind: ChainProblemKind;
  /** Index into the built path (0 = leaf); -1 when no certificate applies. */
  readonly at: number;
  readonly detail?: string;
}

/** The trust verdict of one store (or combination of stores) on the server's chain. */
export interface TrustVerdict {
  readonly trusted: boolean;
  /** Leaf first; ends at the anchor when one was found. */
  readonly path: readonly ChainLink[];
  readonly problems: readonly ChainProblem[];
}

/** Identifiers of the places trust can come from. */
export type TrustSourceId =
  | 'node-bundled'
  | 'os'
  | 'node-extra'
  | 'ssl-cert-file'
  | 'ssl-cert-dir'
  | 'requests-ca-bundle'
  | 'curl-ca-bundle'
  | 'certifi'
  | 'mkcert'
  | 'user-ca';

/** One trust source, evaluated on its own (plus Node's bundled roots it never replaces). */
export interface TrustSourceReport {
  readonly id: TrustSourceId;
  readonly label: string;
  /** File, directory, env variable or command the certificates came from. */
  readonly origin?: string;
  readonly certificateCount: number;
  /** Whether this source alone holds the anchor for the server's chain. */
  readonly trusts: boolean;
  /** Why not, or which anchor it supplied. */
  readonly reason: string;
  /** Set when the source could not be read (missing file, command failed). */
  readonly unavailable?: string;
}

/** Client families in the trust matrix. */
export type ClientId =
  | 'node'
  | 'node-extra-ca'
  | 'node-configured'
  | 'vscode'
  | 'python-httpx'
  | 'python-requests'
  | 'curl'
  /** Python's ssl module with its default context (urllib, aiohttp's default): OpenSSL's default paths. */
  | 'python-ssl';

/** "Will this client trust the server, and why not?" for one client family. */
export interface ClientTrustReport {
  readonly client: ClientId;
  readonly label: string;
  readonly trusts: boolean;
  /** Which stores this client reads with the diagnosed environment, e.g. "certifi (/path/cacert.pem)". */
  readonly trustFrom: string;
  readonly reason: string;
  /** The concrete change that makes this client trust the server, when it does not. */
  readonly fix?: string;
  /** Set when the real client was run against the server (`--confirm-clients`); absent: predicted only. */
  readonly confirmed?: ClientConfirmation;
}

/** What the TLS step learned. Owned by the TLS module; the `--json` report embeds it. */
export interface TlsReport {
  /** Negotiated protocol, e.g. "TLSv1.3". */
  readonly protocol?: string;
  readonly cipher?: string;
  /** Negotiated ALPN protocol, when any. */
  readonly alpn?: string;
  /**
   * True when the server demanded a client certificate (TLS 1.3 certificate_required alert).
   * An optional request (server asks but accepts none) is not observable from Node.
   */
  readonly clientCertRequired?: boolean;
  /** SHA-256 fingerprint of the leaf, "AA:BB:..." as Node prints it. */
  readonly leafFingerprint256?: string;
  /** Whether the client trust the user runs with (Node defaults + extra CAs) accepts the server. */
  readonly trusted: boolean;
  /** Node's own verdict with that trust (OpenSSL code), when it rejected the server. */
  readonly authorizationError?: string;
  /** What the server sent, in the order sent (leaf first on a well-configured server). */
  readonly sent?: readonly CertificateInfo[];
  /** The chain as built against the effective client trust, leaf to anchor. */
  readonly chain?: readonly ChainLink[];
  readonly sources?: readonly TrustSourceReport[];
  readonly clients?: readonly ClientTrustReport[];
  /**
   * Set in a background check when the chain was read from the HTTP client's verified connection
   * rather than a handshake of the TLS step's own: one kept from an earlier check, or opened now.
   */
  readonly httpConnection?: 'kept' | 'opened';
}

/** Trust material the user configured (a CA file and its certificates), loaded once by the config step. */
export interface LoadedCa {
  readonly path: string;
  readonly pems: readonly string[];
}

/** TLS options presenting the certificate (hold the private key: never serialise). */
export interface ClientCertTls {
  readonly cert?: string;
  readonly key?: string;
  readonly pfx?: Buffer;
  readonly passphrase?: string;
}
