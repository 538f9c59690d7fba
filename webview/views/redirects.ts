import type { DiagnosisReport } from '../../src/shared/protocol';
import { h } from '../dom';
import { readHops } from '../model/redirects';
import { dataTable, note, section } from './common';

/** The redirect chain, one row per hop, with what changed in plain words. */
export function redirectsSection(report: DiagnosisReport): HTMLElement | null {
  const hops = readHops(report.redirects);
  if (hops.length === 0 || !hops.some((hop) => hop.location)) return null;
  const redirectFindings = (report.findings ?? []).filter((f) => f.code.startsWith('REDIRECT_'));
  return section(
    'redirects',
    `Redirects (${hops.length} hop${hops.length === 1 ? '' : 's'})`,
    dataTable(
      ['#', 'Request', 'Status', 'Location', 'What changed'],
      hops.map((hop, index) => [
        String(index + 1),
        h(
          'div',
          {},
          h('code', {}, `${hop.method} ${hop.url}`),
          hop.notes.length ? h('div', { class: 'note' }, hop.notes.join(' · ')) : null,
        ),
        hop.status === undefined ? '' : hop.status === 0 ? 'no answer' : String(hop.status),
        hop.location ? h('code', {}, hop.location) : '',
        hop.changes.length
          ? h(
              'ul',
              { class: 'changes' },
              hop.changes.map((change) => h('li', {}, change)),
            )
          : hop.location
            ? 'nothing'
            : 'final answer',
      ]),
      'grid redirects',
    ),
    redirectFindings.length ? note('See the findings above for the fix: ', redirectFindings.map((f) => f.code).join(', ')) : null,
  );
}
