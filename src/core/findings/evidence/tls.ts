import { type AcceptedCasEvidence, type CertificateEvidence, type ChainProblemEvidence } from './common';

/** A certificate-property problem (signature hash, CA flag, path length, purpose): one shape for all four. */
type CertificatePropertyEvidence = ChainProblemEvidence & {
  readonly signatureAlgorithm?: string;
  readonly issuedName?: string;
  readonly pathLength?: number;
  readonly detail?: string;
};

/**
 * A recognised development CA, placeholder certificate or inspection CA (tls/knownCas.ts `KnownCa`,
 * restated here: findings/ stands below tls/).
 */
type KnownCaEvidence = {
  readonly id: string;
  readonly product: string;
  readonly kind: 'development-ca' | 'placeholder' | 'inspection-ca';
  readonly matched: string;
  readonly rootLocation: string;
  readonly trustCommand?: string;
  readonly rootFile: string;
  readonly serverFix?: string;
};

/**
 * What the trust fix needs (catalog/trustFixText.ts): the known CA, and whether the chain's root is
 * at hand (sent, or in a store here), so `ca-bundle URL` works; otherwise the fix passes --ca ROOT.
 */
type TrustAdviceEvidence = { readonly knownCa?: KnownCaEvidence; readonly rootAvailable?: boolean };

/** One client that does not trust the server, with its own reason and fix. */
export type UntrustingClientEvidence = {
  readonly client: string;
  readonly label: string;
  readonly reason?: string;
  readonly fix?: string;
};

/** Evidence of each TLS finding (catalog/tls.ts). */
export type TlsEvidence = {
  TLS_OK: {
    /** The client whose trust view this is ("Node.js", or the one the user named). */
    readonly client: string;
    readonly host: string;
    readonly protocol?: string;
    readonly cipher?: string;
    readonly name: string;
    readonly fingerprint256: string;
    readonly root: string;
    readonly rootSubject?: string;
    readonly rootSource?: string;
    readonly notAfter: string;
    readonly daysLeft: number;
  };
  TLS_SELF_SIGNED: ChainProblemEvidence & TrustAdviceEvidence;
  TLS_UNTRUSTED_ROOT: ChainProblemEvidence &
    TrustAdviceEvidence & {
      readonly root?: string;
      readonly rootSubject?: string;
      readonly rootFingerprint256?: string;
      readonly rootSent: boolean;
      readonly trustFrom?: string;
      readonly foundIn?: string;
      readonly sentCount?: number;
      readonly missingIssuer?: string;
    };
  TLS_INCOMPLETE_CHAIN: ChainProblemEvidence &
    TrustAdviceEvidence & {
      readonly sentCount: number;
      readonly missingIssuer?: string;
      readonly foundIn?: string;
      readonly caIssuersUrls?: readonly string[];
    };
  TLS_EXPIRED: ChainProblemEvidence & { readonly daysAgo: number };
  TLS_NOT_YET_VALID: ChainProblemEvidence & { readonly now: string };
  TLS_EXPIRING_SOON: CertificateEvidence & { readonly daysLeft: number; readonly thresholdDays: number };
  TLS_HOSTNAME_MISMATCH: CertificateEvidence & {
    readonly host: string;
    readonly isIp: boolean;
    readonly names: readonly string[];
    readonly suggestedHost?: string;
  };
  TLS_WEAK_KEY: ChainProblemEvidence & { readonly keyType?: string; readonly keyBits?: number; readonly rejectedBy?: readonly string[] };
  TLS_WEAK_SIGNATURE: CertificatePropertyEvidence;
  TLS_NOT_A_CA: CertificatePropertyEvidence;
  TLS_PATH_LENGTH_EXCEEDED: CertificatePropertyEvidence;
  TLS_WRONG_PURPOSE: CertificatePropertyEvidence;
  TLS_PLAINTEXT_PORT: { readonly host: string; readonly address?: string; readonly port: number; readonly errorCode: string };
  TLS_PROTOCOL_TOO_OLD: { readonly host: string; readonly port?: number; readonly protocol?: string; readonly errorCode?: string };
  TLS_CLIENT_CERT_REQUIRED: AcceptedCasEvidence & {
    readonly host: string;
    readonly port: number;
    readonly errorCode: string;
    readonly protocol?: string;
    readonly address?: string;
    readonly hostname?: string;
    /** The server's CertificateRequest was seen on the wire (a retry found it after a refused handshake). */
    readonly certificateRequestSeen?: true;
  };
  TLS_HANDSHAKE_FAILED: { readonly host: string; readonly port?: number; readonly errorCode?: string; readonly message?: string };
  TLS_VERIFY_FAILED: { readonly errorCode?: string };
  TLS_TRUST_DIFFERS: {
    readonly trustedBy: readonly string[];
    readonly failing: readonly UntrustingClientEvidence[];
    /** Short names of the failing clients, for the title ("Python httpx and curl do not trust this server"); without them a generic title. */
    readonly failingNames?: readonly string[];
    /** The client the verdict speaks for, and whether the user chose it (--client) rather than the Node default. */
    readonly leadClient?: string;
    readonly chosen?: boolean;
  };
  TLS_CERT_CHANGED: {
    readonly endpoint: string;
    readonly url?: string;
    readonly previousFingerprint256: string;
    readonly previousName?: string;
    readonly previousIssuer?: string;
    readonly previousNotBefore?: string;
    readonly previousNotAfter?: string;
    readonly previousSeenAt?: string;
    readonly fingerprint256: string;
    readonly name?: string;
    readonly issuer?: string;
    readonly notBefore?: string;
    readonly notAfter?: string;
    readonly issuerChanged: boolean;
    readonly trustedNow?: boolean;
  };
  TLS_VERIFICATION_DISABLED: { readonly variables: readonly string[]; readonly unset: string };
};
