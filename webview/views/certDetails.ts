import { type Child, h } from '../dom';
import { relativeTime, toMs, utcDate } from '../format';
import type { CertView } from '../model/chain';
import type { CertificateInfo, ChainLink } from '../../src/shared/protocol';
import { keyValueTable } from './common';

type Cert = CertificateInfo | ChainLink;
type Row = readonly [string, (cert: Cert, nowMs: number) => Child];

const list = (values: readonly string[] | undefined) => (values?.length ? values.join(', ') : undefined);
const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/** The certificate's fields in reading order; a field the engine left out is not shown. */
const ROWS: readonly Row[] = [
  ['Subject', (c) => c.subject],
  ['Issuer', (c) => c.issuer],
  ['Names (SAN)', (c) => list(c.sans)],
  ['Valid from', (c, now) => date(c.notBefore, now)],
  ['Valid until', (c, now) => date(c.notAfter, now)],
  ['Days left', (c) => (c.daysLeft < 0 ? `expired ${-c.daysLeft} day${c.daysLeft === -1 ? '' : 's'} ago` : String(c.daysLeft))],
  ['Key', (c) => c.keyType],
  ['Key size (bits)', (c) => (c.keyBits === undefined ? undefined : String(c.keyBits))],
  ['Curve', (c) => c.curve],
  ['Signature', (c) => c.signatureAlgorithm],
  ['Signature hash', (c) => c.signatureHash],
  ['Certificate authority', (c) => yesNo(c.isCA)],
  ['Path length', (c) => (c.pathLength === undefined ? undefined : String(c.pathLength))],
  ['Key usage', (c) => list(c.keyUsage)],
  ['Extended key usage', (c) => list(c.extKeyUsage)],
  ['Self-signed', (c) => yesNo(c.selfSigned)],
  ['Serial', (c) => c.serialNumber],
  ['SHA-256 fingerprint', (c) => c.fingerprint256],
  ['Subject key id', (c) => c.subjectKeyId],
  ['Authority key id', (c) => c.authorityKeyId],
  ['CA issuers (AIA)', (c) => list(c.caIssuersUrls)],
  ['Came from', (c) => ('from' in c ? (c.from === 'sent' ? 'sent by the server' : `your trust store (${c.from})`) : undefined)],
];

/** The selected certificate's details; for an issuer the server did not send, what is known of it. */
export function certDetails(view: CertView, nowMs: number): HTMLElement {
  const cert = view.cert;
  const rows: [string, Child][] = cert
    ? ROWS.map(([label, value]) => [label, value(cert, nowMs)] as [string, Child]).filter(
        ([, value]) => value !== undefined && value !== '',
      )
    : [['Subject', view.subject ?? view.label], ...(view.status ? [['Status', view.status] as [string, Child]] : [])];
  return h(
    'div',
    { class: 'cert-details', attrs: { 'data-testid': 'cert-details', 'aria-live': 'polite' } },
    h('h3', {}, `${roleName(view)}: ${view.label}`),
    view.faults.length
      ? h(
          'ul',
          { class: 'faults' },
          view.faults.map((fault) => h('li', { class: `fault-${fault.severity}` }, fault.severity === 'error' ? '✖ ' : '⚠ ', fault.text)),
        )
      : null,
    keyValueTable(rows),
  );
}

function date(value: string, nowMs: number): string {
  const ms = toMs(value);
  return ms === undefined ? value : `${utcDate(ms)} (${relativeTime(ms, nowMs)})`;
}

export function roleName(cert: CertView): string {
  if (cert.missing) return 'Issuer (not sent)';
  return cert.role === 'leaf' ? 'Server certificate' : cert.role === 'root' ? 'Root CA' : 'Intermediate CA';
}
