import '@vscode-elements/elements/dist/vscode-tree/index.js';
import '@vscode-elements/elements/dist/vscode-tree-item/index.js';
import type { DiagnosisReport, TlsReport, TrustSourceReport } from '../../src/shared/protocol';
import { h } from '../dom';
import { relativeTime, toMs } from '../format';
import { type CertView, readChain, worstFault } from '../model/chain';
import { readTrustMatrix, type TrustRow, trustSummary } from '../model/trust';
import { dataTable, keyValueTable, note, section, toneMark } from './common';
import { certDetails, roleName } from './certDetails';

/** Certificate chain as a tree (root at the top), details of the selected one, and the trust matrix. */
export function tlsSection(report: DiagnosisReport, nowMs: number): HTMLElement | null {
  const tls = report.tls;
  if (!tls) return null;
  const chain = readChain(tls, report.findings ?? []);
  const matrix = readTrustMatrix(tls);
  return section(
    'tls',
    'Certificate chain and trust',
    connectionFacts(tls),
    chain.length ? chainView(chain, nowMs) : note('The server sent no certificate chain (or the report does not include it).'),
    trustView(matrix, tls.trusted),
    sourcesView(tls.sources ?? []),
  );
}

function sourcesView(rows: readonly TrustSourceReport[]): HTMLElement | null {
  if (rows.length === 0) return null;
  return h(
    'details',
    { class: 'sources' },
    h('summary', {}, `Trust sources checked (${rows.length})`),
    dataTable(
      ['Source', 'Where', 'Certificates', 'Holds the anchor?', 'Why'],
      rows.map((row) => [
        row.label || row.id,
        h('code', {}, row.origin ?? ''),
        String(row.certificateCount),
        row.unavailable ? toneMark('skipped', 'unavailable') : row.trusts ? toneMark('ok', 'yes') : toneMark('error', 'no'),
        row.unavailable ?? row.reason,
      ]),
    ),
  );
}

function connectionFacts(tls: TlsReport): HTMLElement {
  const rows: [string, string][] = [];
  const add = (label: string, value: string | undefined): void => {
    if (value) rows.push([label, value]);
  };
  add('Protocol', tls.protocol);
  add('Cipher', tls.cipher);
  add('ALPN', tls.alpn);
  if (tls.clientCertRequired !== undefined) add('Client certificate required', tls.clientCertRequired ? 'yes' : 'no');
  add('Trusted by this run (Node.js + your CA files)', tls.trusted ? 'yes' : 'no');
  add('Node.js verification error', tls.authorizationError);
  add('Leaf SHA-256 fingerprint', tls.leafFingerprint256);
  return keyValueTable(rows);
}

function chainView(chain: readonly CertView[], nowMs: number): HTMLElement {
  const byItem = new Map<Element, CertView>();
  // A missing issuer that breaks trust is the first thing to see; then the first certificate at fault.
  const initial =
    chain.find((cert) => cert.missing && worstFault(cert) === 'error') ??
    chain.find((cert) => worstFault(cert) === 'error') ??
    chain.find((cert) => worstFault(cert)) ??
    chain[0];
  const detailsSlot = h('div', { class: 'cert-pane' }, certDetails(initial, nowMs));
  let parent: HTMLElement = h('vscode-tree', {
    attrs: { 'aria-label': 'Certificate chain', 'indent-guides': 'always', 'expand-mode': 'doubleClick' },
  });
  const tree = parent;
  for (const cert of [...chain].reverse()) {
    const item = treeItem(cert, cert === initial, nowMs);
    byItem.set(item, cert);
    parent.appendChild(item);
    parent = item;
  }
  tree.addEventListener('vsc-tree-select', (event) => {
    // 2.5.1 sends the items as the detail itself; its typings say { selectedItems }: accept both.
    const detail = (event as CustomEvent<unknown>).detail as Element[] | { selectedItems?: Element[] } | undefined;
    const selected = Array.isArray(detail) ? detail[0] : detail?.selectedItems?.[0];
    const cert = selected ? byItem.get(selected) : undefined;
    if (cert) detailsSlot.replaceChildren(certDetails(cert, nowMs));
  });
  return h(
    'div',
    { class: 'chain', attrs: { 'data-testid': 'cert-chain' } },
    h('div', { class: 'chain-tree' }, tree, note('Root at the top; select a certificate for its details.')),
    detailsSlot,
  );
}

function treeItem(cert: CertView, selected: boolean, nowMs: number): HTMLElement {
  const worst = worstFault(cert);
  const state =
    worst === 'error'
      ? toneMark('error', cert.missing ? 'missing, not trusted' : 'at fault')
      : worst === 'warning'
        ? toneMark('warning', 'warning')
        : toneMark(cert.missing ? 'warning' : 'ok', cert.missing ? 'not sent' : 'ok');
  const expiry = toMs(cert.cert?.notAfter);
  const description = [roleName(cert), expiry === undefined ? '' : `expires ${relativeTime(expiry, nowMs)}`].filter(Boolean).join(' · ');
  return h(
    'vscode-tree-item',
    { class: worst ? `cert-${worst}` : undefined, attrs: { open: true, branch: cert.role !== 'leaf', selected, 'data-role': cert.role } },
    h('span', { class: 'cert-label' }, cert.label),
    h('span', { attrs: { slot: 'description' } }, description, ' ', state),
  );
}

function trustView(rows: readonly TrustRow[], trusted: boolean): HTMLElement {
  if (rows.length === 0) {
    return note(`Client trust matrix not available; Node.js with your settings ${trusted ? 'trusts' : 'does not trust'} this server.`);
  }
  const confirming = rows.some((row) => row.check);
  return h(
    'div',
    { class: 'trust', attrs: { 'data-testid': 'trust-matrix' } },
    h('h3', {}, `Which clients trust it: ${trustSummary(rows)}`),
    dataTable(
      ['Client', 'Trusts the server?', 'Why', 'Reads trust from', 'Fix'],
      rows.map((row) => [
        row.client,
        h(
          'div',
          {},
          row.trusted === undefined ? toneMark('info', 'unknown') : row.trusted ? toneMark('ok', 'yes') : toneMark('error', 'no'),
          confirming
            ? h(
                'div',
                { class: 'note', attrs: { 'data-testid': 'trust-check' } },
                row.check ? toneMark(row.check.tone, row.check.text) : 'predicted',
              )
            : null,
        ),
        row.reason ?? '',
        row.store ?? '',
        row.fix ? h('code', {}, row.fix) : '',
      ]),
    ),
  );
}
