import { makeFinding, type Finding } from '../findings/finding';
import { type JsonStore } from '../store/jsonStore';
import { type CertificateInfo } from './types';

/** What we remember about the last certificate an endpoint served while it was trusted. */
export interface RememberedCertificate {
  readonly fingerprint256: string;
  readonly name: string;
  readonly issuer: string;
  readonly issuerFingerprint256?: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly seenAt: string;
}

export function certMemoryKey(host: string, port: number): string {
  return `tls-last-good/${host.toLowerCase()}:${port}`;
}

export interface CertChangeInput {
  readonly store: JsonStore;
  readonly host: string;
  readonly port: number;
  readonly leaf: CertificateInfo;
  /** Fingerprint of the certificate that issued the leaf, when known. */
  readonly issuerFingerprint256?: string;
  readonly trusted: boolean;
  readonly now: number;
  readonly url?: string;
}

/**
 * Compares the leaf with the last trusted one seen at this endpoint, and remembers it when it is
 * trusted now. A change to an untrusted certificate is a warning (the "containers were rebuilt and
 * regenerated their certificates" incident); a change to another trusted one is routine renewal.
 * Store failures never fail the diagnosis.
 */
export async function checkCertificateChange(input: CertChangeInput): Promise<Finding | undefined> {
  const key = certMemoryKey(input.host, input.port);
  const previous = await input.store.get<RememberedCertificate>(key).catch(() => undefined);
  const finding = previous && previous.fingerprint256 !== input.leaf.fingerprint256 ? changedFinding(previous, input) : undefined;
  if (input.trusted) {
    const remembered: RememberedCertificate = {
      fingerprint256: input.leaf.fingerprint256,
      name: input.leaf.name,
      issuer: input.leaf.issuerName,
      issuerFingerprint256: input.issuerFingerprint256,
      notBefore: input.leaf.notBefore,
      notAfter: input.leaf.notAfter,
      seenAt: new Date(input.now).toISOString(),
    };
    await input.store.set(key, remembered).catch(() => undefined);
  }
  return finding;
}

function changedFinding(previous: RememberedCertificate, input: CertChangeInput): Finding {
  const issuerChanged =
    previous.issuer !== input.leaf.issuerName ||
    (previous.issuerFingerprint256 !== undefined &&
      input.issuerFingerprint256 !== undefined &&
      previous.issuerFingerprint256 !== input.issuerFingerprint256);
  return makeFinding(
    'TLS_CERT_CHANGED',
    {
      endpoint: `${input.host}:${input.port}`,
      url: input.url,
      previousFingerprint256: previous.fingerprint256,
      previousName: previous.name,
      previousIssuer: previous.issuer,
      previousNotBefore: previous.notBefore,
      previousNotAfter: previous.notAfter,
      previousSeenAt: previous.seenAt,
      fingerprint256: input.leaf.fingerprint256,
      name: input.leaf.name,
      issuer: input.leaf.issuerName,
      notBefore: input.leaf.notBefore,
      notAfter: input.leaf.notAfter,
      issuerChanged,
      trustedNow: input.trusted,
    },
    { severity: input.trusted ? 'info' : 'warning' },
  );
}
