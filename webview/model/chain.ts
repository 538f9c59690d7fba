import type { Finding } from '../../src/shared/protocol';
import { asArray, asBoolean, asNumber, asRecord, asString, field, type Rec, stringField } from './read';

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
  readonly record: Rec;
  readonly faults: readonly CertFault[];
  /** True for the issuer the server did not send (shown so the user sees what is missing). */
  readonly missing?: boolean;
}

/** The chain as built (leaf to anchor), else as sent. */
const CHAIN_FIELDS = ['chain', 'sent', 'certificates'];
/** Evidence keys that name the certificate a TLS finding is about (the engine's certEvidence). */
const FINGERPRINT_KEYS = ['fingerprint256', 'rootFingerprint256'];
/** Evidence keys that name a CA the server did not send. */
const MISSING_NAME_KEYS = ['root', 'rootSubject', 'missingIssuer'];

/** The certificate chain, leaf first, with the at-fault ones marked and a missing issuer shown. */
export function readChain(tls: unknown, findings: readonly Finding[]): CertView[] {
  const record = asRecord(tls);
  const raw = CHAIN_FIELDS.map((name) => asArray(field(record, name))).find((list) => list.length > 0) ?? [];
  const certs = raw.map(asRecord).filter((cert): cert is Rec => cert !== undefined);
  const tlsFindings = findings.filter((f) => f.step === 'tls' && (f.severity === 'error' || f.severity === 'warning'));
  const problems = chainProblems(record);
  const views = certs.map((cert, index) => toView(cert, roleOf(cert, index, certs.length), [...(problems.get(index) ?? []), ...ownFaults(cert), ...findingFaults(cert, tlsFindings)]));
  const last = certs[certs.length - 1];
  if (last && !isSelfSigned(last)) {
    const issuer = stringField(last, 'issuerName') ?? nameOf(field(last, 'issuer'));
    if (issuer) views.push(missingIssuer(issuer, stringField(last, 'issuer'), tlsFindings, problems.get(certs.length) ?? []));
  }
  return views;
}

function toView(cert: Rec, role: CertRole, faults: readonly CertFault[]): CertView {
  const label = stringField(cert, 'name') || nameOf(field(cert, 'subject', 'subjectName')) || '(no subject)';
  return { label, role, record: cert, faults: unique(faults) };
}

function missingIssuer(name: string, subject: string | undefined, findings: readonly Finding[], problems: readonly CertFault[]): CertView {
  const record: Rec = { subject: subject ?? name, status: 'not sent by the server and not found in the trust stores this run used' };
  const names = [name, subject].filter((s): s is string => Boolean(s));
  const faults = findings.filter((f) => MISSING_NAME_KEYS.some((key) => names.includes(asString(field(asRecord(f.evidence), key)) ?? ''))).map(faultOf);
  return { label: name, role: 'root', record, faults: unique([...problems, ...faults]), missing: true };
}

/** Findings whose evidence names this certificate by fingerprint (exact: fingerprints are unique). */
function findingFaults(cert: Rec, findings: readonly Finding[]): CertFault[] {
  const fingerprint = stringField(cert, 'fingerprint256', 'fingerprint', 'sha256');
  if (!fingerprint) return [];
  return findings.filter((f) => FINGERPRINT_KEYS.some((key) => asString(field(asRecord(f.evidence), key)) === fingerprint)).map(faultOf);
}

function faultOf(finding: Finding): CertFault {
  return { text: finding.title, severity: finding.severity === 'error' ? 'error' : 'warning' };
}

function ownFaults(cert: Rec): CertFault[] {
  const texts = [...asArray(field(cert, 'problems', 'errors', 'faults')), field(cert, 'fault', 'problem', 'error')].map(asString);
  return texts.filter((text): text is string => Boolean(text)).map((text) => ({ text, severity: 'error' }));
}

/** Chain problems ({kind, at, detail}) keyed by the index of the certificate at fault. */
function chainProblems(tls: Rec | undefined): Map<number, CertFault[]> {
  const list = [...asArray(field(tls, 'problems')), ...asArray(field(asRecord(field(tls, 'verdict')), 'problems'))];
  const byIndex = new Map<number, CertFault[]>();
  for (const item of list.map(asRecord)) {
    const at = asNumber(field(item, 'at'));
    const kind = stringField(item, 'kind');
    if (at === undefined || at < 0 || !kind) continue;
    const detail = stringField(item, 'detail');
    const text = `${kind.replace(/-/g, ' ')}${detail ? `: ${detail}` : ''}`;
    byIndex.set(at, [...(byIndex.get(at) ?? []), { text, severity: 'error' }]);
  }
  return byIndex;
}

function unique(faults: readonly CertFault[]): CertFault[] {
  const seen = new Set<string>();
  return faults.filter((fault) => !seen.has(fault.text) && Boolean(seen.add(fault.text)));
}

function roleOf(cert: Rec, index: number, count: number): CertRole {
  const declared = stringField(cert, 'role', 'position');
  if (declared === 'leaf' || declared === 'intermediate' || declared === 'root') return declared;
  if (index === 0) return 'leaf';
  return index === count - 1 && isSelfSigned(cert) ? 'root' : 'intermediate';
}

function isSelfSigned(cert: Rec): boolean {
  const flag = asBoolean(field(cert, 'selfSigned', 'isSelfSigned'));
  if (flag !== undefined) return flag;
  const subject = nameOf(field(cert, 'subject'));
  return subject !== undefined && subject === nameOf(field(cert, 'issuer'));
}

/** "CN=Lab Root CA, O=Lab" / {CN: "Lab Root CA"} → "Lab Root CA". */
export function nameOf(value: unknown): string | undefined {
  const record = asRecord(value);
  if (record) return asString(field(record, 'CN', 'commonName', 'cn', 'O')) ?? asString(field(record, 'text', 'dn'));
  const text = asString(value);
  if (!text) return undefined;
  const cn = /(?:^|[,/\n]\s*)CN\s*=\s*([^,/\n]+)/.exec(text);
  return (cn ? cn[1] : text).trim();
}

/** The worst fault of a certificate, for its mark in the tree. */
export function worstFault(cert: CertView): 'error' | 'warning' | undefined {
  if (cert.faults.some((fault) => fault.severity === 'error')) return 'error';
  return cert.faults.length ? 'warning' : undefined;
}
