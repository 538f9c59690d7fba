/** Markdown escaping for text that comes from servers: it must stay text wherever it is rendered. */

/**
 * Inline prose: the characters that start emphasis, code, links, images, HTML or table cells are
 * escaped (`(`, `!` and the like are harmless once `[` and `<` cannot open anything).
 */
export function mdText(text: string): string {
  return String(text)
    .replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`)
    .replace(/\r?\n/g, ' ');
}

/** A table cell: escaped prose on one line. */
export function mdCell(text: string): string {
  return mdText(text);
}

/** An inline code span with a fence longer than any backtick run inside (code spans render literally). */
export function code(text: string): string {
  const flat = String(text).replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A fenced block whose fence cannot be closed by the content. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(2, ...(String(text).match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}

/** An inline code span inside a GFM table cell, where a bare `|` would split the cell. */
export function codeCell(text: string): string {
  return code(text).replace(/\|/g, '\\|');
}
