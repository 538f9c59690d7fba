import '@vscode-elements/elements/dist/vscode-badge/index.js';
import { type Child, h } from '../dom';
import { evidenceRows, type EvidenceValue } from '../../src/shared/evidence';

export type Tone = 'error' | 'warning' | 'info' | 'ok' | 'skipped';

const TONE_LABEL: Record<Tone, string> = { error: 'Error', warning: 'Warning', info: 'Info', ok: 'OK', skipped: 'Skipped' };
const TONE_GLYPH: Record<Tone, string> = { error: '✖', warning: '⚠', info: 'ℹ', ok: '✔', skipped: '–' };

/** Maps severities and step statuses onto the panel's five tones. */
export function toneOf(value: string | undefined): Tone {
  switch (value) {
    case 'error':
    case 'failed':
      return 'error';
    case 'warning':
      return 'warning';
    case 'ok':
      return 'ok';
    case 'skipped':
    case 'cancelled':
      return 'skipped';
    default:
      return 'info';
  }
}

/** A glyph plus a word, so colour is never the only signal (high contrast, screen readers). */
export function toneMark(tone: Tone, label = TONE_LABEL[tone]): HTMLSpanElement {
  return h(
    'span',
    { class: `tone tone-${tone}` },
    h('span', { class: 'glyph', attrs: { 'aria-hidden': 'true' } }, TONE_GLYPH[tone]),
    ' ',
    label,
  );
}

/** A page section with a heading and an anchor id. */
export function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'section', attrs: { id, 'aria-labelledby': `${id}-title` } },
    h('h2', { attrs: { id: `${id}-title` } }, title),
    ...children,
  );
}

/** A two-column key/value table; values are text, never markup. */
export function keyValueTable(rows: readonly (readonly [string, Child])[], caption?: string): HTMLTableElement {
  return h(
    'table',
    { class: 'kv' },
    caption ? h('caption', {}, caption) : null,
    h(
      'tbody',
      {},
      rows.map(([key, value]) => h('tr', {}, h('th', { attrs: { scope: 'row' } }, key), h('td', {}, value))),
    ),
  );
}

/** Evidence as a table with humanised keys: lists as lists, lists of records as nested tables, never JSON. */
export function evidenceTable(evidence: Readonly<Record<string, unknown>>): HTMLTableElement | null {
  const rows = evidenceRows(evidence).map((row) => [row.label, evidenceValue(row.value)] as const);
  return rows.length ? keyValueTable(rows) : null;
}

function evidenceValue(value: EvidenceValue): HTMLElement {
  const more = (count: number) => (count > 0 ? h('p', { class: 'note' }, `and ${count} more`) : null);
  switch (value.kind) {
    case 'text':
      return h('code', {}, value.text);
    case 'list':
      return h(
        'div',
        {},
        h(
          'ul',
          { class: 'evidence-list' },
          value.items.map((item) => h('li', {}, h('code', {}, item))),
        ),
        more(value.more),
      );
    case 'table':
      return h(
        'div',
        {},
        dataTable(
          value.columns.map((c) => c.label),
          value.rows.map((cells) => cells.map((cell) => h('code', {}, cell))),
          'grid evidence-records',
        ),
        more(value.more),
      );
  }
}

/** A data table with a header row. */
export function dataTable(headers: readonly string[], rows: readonly (readonly Child[])[], className = 'grid'): HTMLTableElement {
  return h(
    'table',
    { class: className },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        headers.map((header) => h('th', { attrs: { scope: 'col' } }, header)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((cells) =>
        h(
          'tr',
          {},
          cells.map((cell) => h('td', {}, cell)),
        ),
      ),
    ),
  );
}

/** A vscode-badge with text content. */
export function badge(label: string, className?: string): HTMLElement {
  return h('vscode-badge', { class: className }, label);
}

/** A muted explanatory line. */
export function note(...children: Child[]): HTMLParagraphElement {
  return h('p', { class: 'note' }, ...children);
}
