/**
 * nginx's configuration grammar, as its own reader (ngx_conf_read_token) sees it: words separated
 * by whitespace, `;` ends a directive, `{` `}` open and close blocks, `#` starts a comment outside
 * quotes, "double" and 'single' quotes. A backslash keeps the next character from ending the word
 * or the quote; then, in every word, \" \' \\ lose the backslash and \t \r \n become control
 * characters, while any other backslash stays (so `~^api\d+$` keeps its `\d`).
 * `${var}` braces inside a word are part of the word.
 */
export type NginxToken =
  | { readonly type: 'word'; readonly value: string; readonly line: number; readonly column: number; readonly quoted: boolean }
  | { readonly type: ';' | '{' | '}'; readonly line: number; readonly column: number };

export interface TokenizeResult {
  readonly tokens: NginxToken[];
  /** An unterminated quote, reported with where it started. */
  readonly error?: { readonly line: number; readonly column: number; readonly detail: string };
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\\': '\\', t: '\t', r: '\r', n: '\n' };

/** What nginx copies into the word for a backslash followed by `next` (ngx_conf_read_token). */
function unescape(next: string): string {
  return ESCAPES[next] ?? `\\${next}`;
}

export function tokenizeNginx(text: string): TokenizeResult {
  const tokens: NginxToken[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const column = (at: number) => at - lineStart + 1;
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      newline(i);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === ';' || c === '{' || c === '}') {
      tokens.push({ type: c, line, column: column(i) });
      i++;
    } else if (c === '"' || c === "'") {
      const startLine = line;
      const startColumn = column(i);
      let value = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          if (text[i + 1] === '\n') newline(i + 1);
          value += unescape(text[i + 1]!);
          i += 2;
          continue;
        }
        if (text[i] === '\n') newline(i);
        value += text[i];
        i++;
      }
      if (i >= text.length)
        return { tokens, error: { line: startLine, column: startColumn, detail: `unterminated ${c === '"' ? 'double' : 'single'} quote` } };
      i++;
      tokens.push({ type: 'word', value, line: startLine, column: startColumn, quoted: true });
    } else {
      const startColumn = column(i);
      let value = '';
      let braces = 0;
      while (i < text.length) {
        const ch = text[i]!;
        if (ch === '\\' && i + 1 < text.length) {
          if (text[i + 1] === '\n') newline(i + 1);
          value += unescape(text[i + 1]!);
          i += 2;
          continue;
        }
        // "${name}" keeps its braces inside the word.
        if (ch === '{' && value.endsWith('$')) braces++;
        else if (ch === '}' && braces > 0) braces--;
        else if (/[\s;{}]/.test(ch) || (ch === '#' && value === '')) break;
        else if (ch === '"' || ch === "'") break;
        value += ch;
        i++;
      }
      tokens.push({ type: 'word', value, line, column: startColumn, quoted: false });
    }
  }
  return { tokens };
}
