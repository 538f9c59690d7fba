import type { CertificateInfo, ChainLink, Finding, TlsReport } from '../../src/shared/protocol';

export type CertRole = 'leaf' | 'intermediate' | 'root';

/** Why a certificate is at fault: an error (blocks clients) or a warning (expiring soon, weak). */
export interface CertFault {
  readonly text: string;
  readonly severity: 'error' | 'warning';
}

/** One certificate as the panel shows it. */
export interface CertView {
  readonly label: string;
  readonly role: CertRole;
  /** The certificate as the engine reported it; absent for the issuer the server did not send. */
  readonly cert?: CertificateInfo | ChainLink;
  /** For the issuer the server did not send: its subject, and why it is shown. */
  readonly subject?: string;
  readonly status?: string;
  readonly faults: readonly CertFault[];
  /** True for the issuer the server did not send (shown so the user sees what is missing). */
  readonly missing?: boolean;
}

/** The certificate chain, leaf first, with the at-fault ones marked and a missing issuer shown. */
export function readChain(tls: TlsReport | undefined, findings: readonly Finding[]): CertView[] {
  const certs: readonly (CertificateInfo | ChainLink)[] = tls?.chain?.length ? tls.chain : (tls?.sent ?? []);
  const tlsFindings = findings.filter((f) => f.step === 'tls' && (f.severity === 'error' || f.severity === 'warning'));
  const views: CertView[] = certs.map((cert, index) => ({
    label: cert.name || nameOf(cert.subject) || '(no subject)',
    role: roleOf(cert, index, certs.length),
    cert,
    faults: unique(findingFaults(cert, tlsFindings)),
  }));
  const last = certs[certs.length - 1];
  if (last && !last.selfSigned) {
    const issuer = last.issuerName || nameOf(last.issuer);
    if (issuer) views.push(missingIssuer(issuer, last.issuer, tlsFindings));
  }
  return views;
}

function missingIssuer(name: string, subject: string | undefined, findings: readonly Finding[]): CertView {
  const names = [name, subject].filter((s): s is string => Boolean(s));
  const faults = findings
    .filter((f) =>
      [f.evidence.root, f.evidence.rootSubject, f.evidence.missingIssuer].some((n) => typeof n === 'string' && names.includes(n)),
    )
    .map(faultOf);
  return {
    label: name,
    role: 'root',
    subject: subject ?? name,
    status: 'not sent by the server and not found in the trust stores this run used',
    faults: unique(faults),
    missing: true,
  };
}

/** Findings whose evidence names this certificate by fingerprint (the engine's certEvidence; exact: fingerprints are unique). */
function findingFaults(cert: CertificateInfo, findings: readonly Finding[]): CertFault[] {
  return findings
    .filter((f) => f.evidence.fingerprint256 === cert.fingerprint256 || f.evidence.rootFingerprint256 === cert.fingerprint256)
    .map(faultOf);
}

function faultOf(finding: Finding): CertFault {
  return { text: finding.title, severity: finding.severity === 'error' ? 'error' : 'warning' };
}

function unique(faults: readonly CertFault[]): CertFault[] {
  const seen = new Set<string>();
  return faults.filter((fault) => !seen.has(fault.text) && Boolean(seen.add(fault.text)));
}

/** The built chain names each role; certificates only as sent are placed by position. */
function roleOf(cert: CertificateInfo | ChainLink, index: number, count: number): CertRole {
  if ('role' in cert) return cert.role;
  if (index === 0) return 'leaf';
  return index === count - 1 && cert.selfSigned ? 'root' : 'intermediate';
}

/** "CN=Lab Root CA, O=Lab" or "/O=Lab/CN=x" → the common name; a DN without one as it is. */
export function nameOf(dn: string | undefined): string | undefined {
  if (!dn) return undefined;
  const cn = /(?:^|[,/\n]\s*)CN\s*=\s*([^,/\n]+)/.exec(dn);
  return (cn ? cn[1] : dn).trim();
}

/** The worst fault of a certificate, for its mark in the tree. */
export function worstFault(cert: CertView): 'error' | 'warning' | undefined {
  if (cert.faults.some((fault) => fault.severity === 'error')) return 'error';
  return cert.faults.length ? 'warning' : undefined;
}
