/**
 * Quick Fixes for proxy-config problems in nginx files, as plain text edits (no `vscode` here).
 * Only the edits that are right whatever else the block holds: a directive added right after the
 * block's `{`, or `$host` replaced by `$http_host` in the one directive that names it.
 */
export interface TextEdit {
  readonly title: string;
  /** [start, end) offsets in the file text; start === end inserts. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const INSERTS: Readonly<Record<string, { title: string; text: string }>> = {
  NGINX_PROXY_BUFFERING: { title: 'Add `proxy_buffering off;`', text: 'proxy_buffering off;' },
  STREAM_BUFFERED: { title: 'Add `proxy_buffering off;`', text: 'proxy_buffering off;' },
  NGINX_PROXY_HTTP10: { title: 'Add `proxy_http_version 1.1;`', text: 'proxy_http_version 1.1; proxy_set_header Connection "";' },
  NGINX_READ_TIMEOUT_SHORT: { title: 'Add `proxy_read_timeout 3600s;`', text: 'proxy_read_timeout 3600s;' },
  STREAM_CUT_IDLE: { title: 'Add `proxy_read_timeout 3600s;`', text: 'proxy_read_timeout 3600s;' },
  NGINX_NO_FORWARDED_PROTO: {
    title: 'Add `proxy_set_header X-Forwarded-Proto $scheme;`',
    text: 'proxy_set_header X-Forwarded-Proto $scheme;',
  },
};

/** The edit for a problem at `offset` (where its directive starts), or undefined when none is safe. */
export function nginxQuickFix(code: string, directive: string, text: string, offset: number): TextEdit | undefined {
  if (/^proxy_set_header Host \$host$/.test(directive)) return hostEdit(text, offset);
  const insert = INSERTS[code];
  if (!insert || !/^(location|server)\b/.test(directive)) return undefined;
  const brace = text.indexOf('{', offset);
  const end = text.indexOf(';', offset);
  // The `{` must open this directive's block, not a later one's.
  if (brace < 0 || (end >= 0 && end < brace)) return undefined;
  return { title: insert.title, start: brace + 1, end: brace + 1, text: ` ${insert.text}` };
}

function hostEdit(text: string, offset: number): TextEdit | undefined {
  const end = text.indexOf(';', offset);
  if (end < 0) return undefined;
  const at = text.slice(offset, end).search(/\$host\b/);
  if (at < 0) return undefined;
  return {
    title: 'Use `proxy_set_header Host $http_host;` (keeps the port)',
    start: offset + at,
    end: offset + at + '$host'.length,
    text: '$http_host',
  };
}
