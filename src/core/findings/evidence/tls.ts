import { type AcceptedCasEvidence, type CertificateEvidence, type ChainProblemEvidence } from './common';

/** A certificate-property problem (signature hash, CA flag, path length, purpose): one shape for all four. */
type CertificatePropertyEvidence = ChainProblemEvidence & {
  readonly signatureAlgorithm?: string;
  readonly issuedName?: string;
  readonly pathLength?: number;
  readonly detail?: string;
};

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
    readonly host: string; readonly protocol?: string; readonly cipher?: string; readonly name: string; readonly fingerprint256: string;
    readonly root: string; readonly rootSubject?: string; readonly rootSource?: string; readonly notAfter: string; readonly daysLeft: number;
  };
  TLS_SELF_SIGNED: ChainProblemEvidence;
  TLS_UNTRUSTED_ROOT: ChainProblemEvidence & {
    readonly root?: string; readonly rootSubject?: string; readonly rootFingerprint256?: string; readonly rootSent: boolean;
    readonly trustFrom?: string; readonly foundIn?: string; readonly sentCount?: number; readonly missingIssuer?: string;
  };
  TLS_INCOMPLETE_CHAIN: ChainProblemEvidence & {
    readonly sentCount: number; readonly missingIssuer?: string; readonly foundIn?: string; readonly caIssuersUrls?: readonly string[];
  };
  TLS_EXPIRED: ChainProblemEvidence & { readonly daysAgo: number };
  TLS_NOT_YET_VALID: ChainProblemEvidence & { readonly now: string };
  TLS_EXPIRING_SOON: CertificateEvidence & { readonly daysLeft: number; readonly thresholdDays: number };
  TLS_HOSTNAME_MISMATCH: CertificateEvidence & { readonly host: string; readonly isIp: boolean; readonly names: readonly string[]; readonly suggestedHost?: string };
  TLS_WEAK_KEY: ChainProblemEvidence & { readonly keyType?: string; readonly keyBits?: number; readonly rejectedBy?: readonly string[] };
  TLS_WEAK_SIGNATURE: CertificatePropertyEvidence;
  TLS_NOT_A_CA: CertificatePropertyEvidence;
  TLS_PATH_LENGTH_EXCEEDED: CertificatePropertyEvidence;
  TLS_WRONG_PURPOSE: CertificatePropertyEvidence;
  TLS_PLAINTEXT_PORT: { readonly host: string; readonly address?: string; readonly port: number; readonly errorCode: string };
  TLS_PROTOCOL_TOO_OLD: { readonly host: string; readonly port?: number; readonly protocol?: string; readonly errorCode?: string };
  TLS_CLIENT_CERT_REQUIRED: AcceptedCasEvidence & {
    readonly host: string; readonly port: number; readonly errorCode: string; readonly protocol?: string;
    readonly address?: string; readonly hostname?: string;
  };
  TLS_HANDSHAKE_FAILED: { readonly host: string; readonly port?: number; readonly errorCode?: string; readonly message?: string };
  TLS_VERIFY_FAILED: { readonly errorCode?: string };
  TLS_TRUST_DIFFERS: { readonly trustedBy: readonly string[]; readonly failing: readonly UntrustingClientEvidence[] };
  TLS_CERT_CHANGED: {
    readonly endpoint: string; readonly url?: string;
    readonly previousFingerprint256: string; readonly previousName?: string; readonly previousIssuer?: string;
    readonly previousNotBefore?: string; readonly previousNotAfter?: string; readonly previousSeenAt?: string;
    readonly fingerprint256: string; readonly name?: string; readonly issuer?: string; readonly notBefore?: string; readonly notAfter?: string;
    readonly issuerChanged: boolean; readonly trustedNow?: boolean;
  };
  TLS_VERIFICATION_DISABLED: { readonly variables: readonly string[]; readonly unset: string };
};
