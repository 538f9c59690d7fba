import { X509Certificate } from 'node:crypto';
import { authorityKeyId, basicConstraints, extKeyUsageOids, keyUsage, parseCertificateDer, subjectKeyId } from './der';
import { type CertificateInfo } from './types';

const DAY_MS = 86_400_000;

const SIGNATURES: Record<string, { name: string; hash?: string }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-SHA1', hash: 'sha1' },
  '1.3.101.112': { name: 'Ed25519' },
  '1.3.101.113': { name: 'Ed448' },
};

const EKU_NAMES: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp256k1: 256, secp384r1: 384, secp521r1: 521, secp224r1: 224 };

/** Parses one PEM or DER certificate; undefined when it is not a certificate. */
export function parseCertificate(data: string | Uint8Array): X509Certificate | undefined {
  try {
    return new X509Certificate(data);
  } catch {
    return undefined;
  }
}

/** "C=US\nO=Acme\nCN=x" (Node's form) as "C=US, O=Acme, CN=x". */
export function oneLineDn(dn: string | undefined): string {
  return (dn ?? '').split('\n').filter(Boolean).join(', ');
}

/** The CN, else the O, else the whole DN: how people name a certificate. */
export function displayName(dn: string | undefined): string {
  const lines = (dn ?? '').split('\n');
  const pick = (key: string) => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1);
  return pick('CN') ?? pick('O') ?? (oneLineDn(dn) || '(no subject)');
}

/**
 * Self-issued and self-signed. `checkIssued(self)` is not enough: it is false for a self-signed
 * leaf without keyCertSign, so verify the signature with the certificate's own key.
 */
export function isSelfSigned(x: X509Certificate): boolean {
  return x.subject === x.issuer && verifiesWith(x, x);
}

/** Whether `issuer` signed `cert` (name match plus a valid signature). */
export function isIssuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  return cert.issuer === issuer.subject && verifiesWith(cert, issuer);
}

/**
 * Signature checks, remembered per certificate pair: the same sent certificate is checked against
 * the same anchors once per trust source and per client, and cached anchors across runs.
 */
const verified = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();

function verifiesWith(cert: X509Certificate, issuer: X509Certificate): boolean {
  let byIssuer = verified.get(cert);
  const known = byIssuer?.get(issuer);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    ok = cert.verify(issuer.publicKey);
  } catch {
    ok = false;
  }
  if (!byIssuer) verified.set(cert, (byIssuer = new WeakMap()));
  byIssuer.set(issuer, ok);
  return ok;
}

export function validFrom(x: X509Certificate): Date {
  return new Date(x.validFrom);
}

export function validTo(x: X509Certificate): Date {
  return new Date(x.validTo);
}

/** Name of an extended key usage OID, or the OID itself. */
export function ekuName(oid: string): string {
  return EKU_NAMES[oid] ?? oid;
}

/** Describes a certificate for reports and findings, using `now` for days left. */
export function describeCertificate(x: X509Certificate, now: number): CertificateInfo {
  const der = parseCertificateDer(x.raw);
  const signature = der.signatureOid ? SIGNATURES[der.signatureOid] : undefined;
  const constraints = basicConstraints(der);
  const key = keyFacts(x);
  return {
    subject: oneLineDn(x.subject),
    name: displayName(x.subject),
    issuer: oneLineDn(x.issuer),
    issuerName: displayName(x.issuer),
    sans: splitSans(x.subjectAltName),
    serialNumber: x.serialNumber,
    notBefore: validFrom(x).toISOString(),
    notAfter: validTo(x).toISOString(),
    daysLeft: Math.floor((validTo(x).getTime() - now) / DAY_MS),
    ...key,
    signatureAlgorithm: signature?.name ?? der.signatureOid ?? 'unknown',
    signatureHash: signature?.hash,
    fingerprint256: x.fingerprint256,
    isCA: constraints.ca,
    pathLength: constraints.pathLength,
    keyUsage: keyUsage(der),
    extKeyUsage: extKeyUsageOids(der)?.map(ekuName),
    selfSigned: isSelfSigned(x),
    subjectKeyId: subjectKeyId(der),
    authorityKeyId: authorityKeyId(der),
    caIssuersUrls: caIssuers(x.infoAccess),
  };
}

function keyFacts(x: X509Certificate): { keyType: string; keyBits?: number; curve?: string } {
  try {
    const key = x.publicKey;
    const details = key.asymmetricKeyDetails ?? {};
    const curve = details.namedCurve;
    return {
      keyType: key.asymmetricKeyType ?? 'unknown',
      keyBits: details.modulusLength ?? (curve ? CURVE_BITS[curve] : undefined),
      curve,
    };
  } catch {
    return { keyType: 'unknown' };
  }
}

function splitSans(value: string | undefined): string[] {
  return value ? value.split(', ').filter(Boolean) : [];
}

function caIssuers(infoAccess: string | undefined): string[] | undefined {
  const urls = (infoAccess ?? '')
    .split('\n')
    .filter((l) => l.startsWith('CA Issuers - URI:'))
    .map((l) => l.slice('CA Issuers - URI:'.length));
  return urls.length ? urls : undefined;
}
