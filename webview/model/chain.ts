import type { Finding } from '../../src/shared/protocol';
import { asArray, asBoolean, asNumber, asRecord, asString, field, type Rec, stringField } from './read';

export type CertRole = 'leaf' | 'intermediate' | 'root';

/** One certificate as the panel shows it. */
export interface CertView {
  readonly label: string;
  readonly role: CertRole;
  readonly record: Rec;
  /** Why this certificate is at fault (finding titles and the certificate's own problems). */
  readonly faults: readonly string[];
  /** True for the issuer the server did not send (shown so the user sees what is missing). */
  readonly missing?: boolean;
}

/** The chain as built (leaf to anchor), else as sent. */
const CHAIN_FIELDS = ['chain', 'sent', 'certificates'];

/** The certificate chain, leaf first, with the at-fault ones marked and a missing issuer shown. */
export function readChain(tls: unknown, findings: readonly Finding[]): CertView[] {
  const record = asRecord(tls);
  const raw = CHAIN_FIELDS.map((name) => asArray(field(record, name))).find((list) => list.length > 0) ?? [];
  const certs = raw.map(asRecord).filter((cert): cert is Rec => cert !== undefined);
  const problems = chainProblems(record);
  const views = certs.map((cert, index) => toView(cert, roleOf(cert, index, certs.length), [...(problems.get(index) ?? []), ...faultsOf(cert, findings)]));
  const last = certs[certs.length - 1];
  if (last && !isSelfSigned(last)) {
    const issuer = stringField(last, 'issuerName') ?? nameOf(field(last, 'issuer'));
    if (issuer) views.push(missingIssuer(issuer, findings, problems.get(certs.length) ?? []));
  }
  return views;
}

function toView(cert: Rec, role: CertRole, faults: readonly string[]): CertView {
  const label = stringField(cert, 'name') || nameOf(field(cert, 'subject', 'subjectName')) || '(no subject)';
  return { label, role, record: cert, faults: [...new Set(faults)] };
}

/** Chain problems ({kind, at, detail}) keyed by the index of the certificate at fault. */
function chainProblems(tls: Rec | undefined): Map<number, string[]> {
  const list = [...asArray(field(tls, 'problems')), ...asArray(field(asRecord(field(tls, 'verdict')), 'problems'))];
  const byIndex = new Map<number, string[]>();
  for (const item of list.map(asRecord)) {
    const at = asNumber(field(item, 'at'));
    const kind = stringField(item, 'kind');
    if (at === undefined || at < 0 || !kind) continue;
    const detail = stringField(item, 'detail');
    byIndex.set(at, [...(byIndex.get(at) ?? []), detail ? `${kind.replace(/-/g, ' ')}: ${detail}` : kind.replace(/-/g, ' ')]);
  }
  return byIndex;
}

function missingIssuer(issuer: string, findings: readonly Finding[], problems: readonly string[]): CertView {
  const record: Rec = { subject: issuer, status: 'not sent by the server and not found in the trust stores this run used' };
  const faults = findings.filter((f) => f.step === 'tls' && f.severity === 'error' && mentions(f.evidence, [issuer])).map((f) => f.title);
  return { label: issuer, role: 'root', record, faults: [...new Set([...problems, ...faults])], missing: true };
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

function faultsOf(cert: Rec, findings: readonly Finding[]): string[] {
  const own = [...asArray(field(cert, 'problems', 'errors', 'faults'))].map(asString).filter((s): s is string => Boolean(s));
  const ownFault = asString(field(cert, 'fault', 'problem', 'error'));
  if (ownFault) own.push(ownFault);
  const keys = [asString(field(cert, 'fingerprint256', 'fingerprint', 'sha256')), nameOf(field(cert, 'subject'))].filter((s): s is string => Boolean(s));
  const fromFindings = findings.filter((f) => f.step === 'tls' && f.severity !== 'ok' && f.severity !== 'info' && mentions(f.evidence, keys)).map((f) => f.title);
  return [...new Set([...own, ...fromFindings])];
}

/** True when any string in the evidence (one level of nesting) equals, or names as CN, one of the keys. */
function mentions(evidence: unknown, keys: readonly string[]): boolean {
  if (keys.length === 0) return false;
  const values = Object.values(asRecord(evidence) ?? {}).flatMap((value) => {
    const nested = asRecord(value);
    return nested ? Object.values(nested) : Array.isArray(value) ? value : [value];
  });
  return values.some((value) => {
    const text = asString(value);
    return text !== undefined && (keys.includes(text) || keys.includes(nameOf(text) ?? ''));
  });
}
