import { type Child, h } from '../dom';
import { humanKey, relativeTime, toMs, utcDate } from '../format';
import type { CertView } from '../model/chain';
import { asBoolean, asNumber, displayValue, field } from '../model/read';
import { keyValueTable } from './common';

/** Known certificate fields in reading order, with the names different engine versions use. */
const KNOWN: readonly (readonly [string, readonly string[]])[] = [
  ['Subject', ['subject', 'subjectName']],
  ['Issuer', ['issuer', 'issuerName']],
  ['Names (SAN)', ['subjectAltNames', 'sans', 'subjectaltname', 'altNames', 'san']],
  ['Valid from', ['validFrom', 'notBefore', 'valid_from']],
  ['Valid until', ['validTo', 'notAfter', 'valid_to', 'expires']],
  ['Days left', ['daysLeft', 'daysRemaining']],
  ['Key', ['keyType', 'keyAlgorithm', 'publicKeyAlgorithm']],
  ['Key size (bits)', ['keyBits', 'keySize', 'bits']],
  ['Curve', ['curve', 'asn1Curve']],
  ['Signature', ['signatureAlgorithm', 'sigalg']],
  ['Signature hash', ['signatureHash']],
  ['Certificate authority', ['isCA', 'ca', 'basicConstraintsCA']],
  ['Path length', ['pathLen', 'pathLength']],
  ['Key usage', ['keyUsage']],
  ['Extended key usage', ['extKeyUsage', 'eku', 'ext_key_usage']],
  ['Self-signed', ['selfSigned', 'isSelfSigned']],
  ['Serial', ['serial', 'serialNumber']],
  ['SHA-256 fingerprint', ['fingerprint256', 'fingerprint', 'sha256']],
  ['Subject key id', ['subjectKeyId', 'ski', 'subjectKeyIdentifier']],
  ['Authority key id', ['authorityKeyId', 'aki', 'authorityKeyIdentifier']],
  ['CA issuers (AIA)', ['caIssuersUrls']],
  ['Came from', ['from']],
  ['Status', ['status']],
];

const DATE_LABELS = new Set(['Valid from', 'Valid until']);
const USED = new Set(KNOWN.flatMap(([, names]) => names));
const HIDDEN = new Set(['name', 'issuerName', 'role', 'position', 'raw', 'pem', 'der', 'problems', 'errors', 'faults', 'fault', 'problem', 'error']);

/** The selected certificate's details: known fields first, then whatever else the engine reported. */
export function certDetails(cert: CertView, nowMs: number): HTMLElement {
  const rows: [string, Child][] = [];
  for (const [label, names] of KNOWN) {
    const value = field(cert.record, ...names);
    if (value === undefined || value === '') continue;
    rows.push([label, formatValue(label, value, nowMs)]);
  }
  for (const [key, value] of Object.entries(cert.record)) {
    if (USED.has(key) || HIDDEN.has(key) || value === undefined || value === null) continue;
    rows.push([humanKey(key), displayValue(value)]);
  }
  return h(
    'div',
    { class: 'cert-details', attrs: { 'data-testid': 'cert-details', 'aria-live': 'polite' } },
    h('h3', {}, `${roleName(cert)}: ${cert.label}`),
    cert.faults.length ? h('ul', { class: 'faults' }, cert.faults.map((fault) => h('li', { class: `fault-${fault.severity}` }, fault.severity === 'error' ? '✖ ' : '⚠ ', fault.text))) : null,
    keyValueTable(rows),
  );
}

function formatValue(label: string, value: unknown, nowMs: number): Child {
  if (DATE_LABELS.has(label)) {
    const ms = toMs(value);
    if (ms !== undefined) return `${utcDate(ms)} (${relativeTime(ms, nowMs)})`;
  }
  const flag = asBoolean(value);
  if (flag !== undefined) return flag ? 'yes' : 'no';
  const days = asNumber(value);
  if (label === 'Days left' && days !== undefined) return days < 0 ? `expired ${-days} day${days === -1 ? '' : 's'} ago` : String(days);
  if (label === 'Came from') return value === 'sent' ? 'sent by the server' : `your trust store (${displayValue(value)})`;
  return displayValue(value);
}

export function roleName(cert: CertView): string {
  if (cert.missing) return 'Issuer (not sent)';
  return cert.role === 'leaf' ? 'Server certificate' : cert.role === 'root' ? 'Root CA' : 'Intermediate CA';
}

