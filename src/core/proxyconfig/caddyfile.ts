import { type ConfigReader, fsConfigReader } from './nginxParse';
import { type ConfigProblem, type SourcePosition } from './types';

/**
 * A small Caddyfile reader: one directive per line (words, "quoted" or `backticked`), a `{` ending
 * a line opens its block, a lone `}` closes it, `#` starts a comment at a word's start. Enough to
 * find the site that answers a URL and its `redir` / `reverse_proxy` lines; `caddy adapt` remains
 * the judge of validity. `import` is not followed (reported).
 */
export interface CaddyDirective extends SourcePosition {
  readonly name: string;
  readonly args: readonly string[];
  readonly block?: readonly CaddyDirective[];
}

export interface Caddyfile {
  readonly file: string;
  /** Site blocks: `name` is the first address, `args` the others. A braceless single site is one block. */
  readonly sites: readonly CaddyDirective[];
  readonly problems: readonly ConfigProblem[];
}

interface Word {
  readonly value: string;
  readonly column: number;
}

export function readCaddyfile(file: string, reader: ConfigReader = fsConfigReader): Caddyfile {
  let text: string;
  try {
    text = reader.readText(file);
  } catch (err) {
    return {
      file,
      sites: [],
      problems: [
        { file, line: 0, column: 0, kind: 'file-unreadable', detail: `${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` },
      ],
    };
  }
  const problems: ConfigProblem[] = [];
  const lines = text
    .split('\n')
    .map((line, i) => ({ line: i + 1, words: lineWords(line) }))
    .filter((l) => l.words.length > 0);
  const cursor = { at: 0 };
  const top = parseBlock(lines, cursor, file, problems, false);
  for (const d of top)
    if (d.name === 'import')
      problems.push({
        file,
        line: d.line,
        column: d.column,
        kind: 'include-unreadable',
        detail: `import ${d.args.join(' ')} is not followed`,
      });
  const blocks = top.filter((d) => d.block && d.name !== '');
  // Braceless form: the first line is the site address, every other line belongs to it.
  const sites = blocks.length || top.length === 0 ? blocks : [{ ...top[0]!, block: top.slice(1) }];
  return { file, sites, problems };
}

function parseBlock(
  lines: readonly { line: number; words: Word[] }[],
  cursor: { at: number },
  file: string,
  problems: ConfigProblem[],
  inBlock: boolean,
): CaddyDirective[] {
  const out: CaddyDirective[] = [];
  while (cursor.at < lines.length) {
    const { line, words } = lines[cursor.at++]!;
    if (words.length === 1 && words[0]!.value === '}') {
      if (inBlock) return out;
      problems.push({ file, line, column: words[0]!.column, kind: 'syntax', detail: 'unexpected "}"' });
      continue;
    }
    const opens = words.at(-1)!.value === '{';
    const parts = opens ? words.slice(0, -1) : words;
    // A global options block is a lone "{": its name is empty.
    const [head, ...rest] = parts.length ? parts : [{ value: '', column: words[0]!.column }];
    // A site line may list addresses with commas: "a.test:443, b.test:443 {".
    const args = rest.map((w) => w.value.replace(/,$/, '')).filter(Boolean);
    const base = { file, line, column: head!.column, name: head!.value.replace(/,$/, ''), args };
    out.push(opens ? { ...base, block: parseBlock(lines, cursor, file, problems, true) } : base);
  }
  if (inBlock)
    problems.push({ file, line: lines.at(-1)?.line ?? 1, column: 1, kind: 'syntax', detail: 'unexpected end of file, expecting "}"' });
  return out;
}

function lineWords(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') i++;
    else if (c === '#') break;
    else if (c === '"' || c === '`') {
      const start = i;
      let value = '';
      i++;
      while (i < line.length && line[i] !== c) {
        if (c === '"' && line[i] === '\\' && i + 1 < line.length) i++;
        value += line[i];
        i++;
      }
      i++;
      words.push({ value, column: start + 1 });
    } else {
      const start = i;
      while (i < line.length && !/\s/.test(line[i]!)) i++;
      words.push({ value: line.slice(start, i), column: start + 1 });
    }
  }
  return words;
}

/** `https://a.test:8443`, `a.test:8443`, `:8443`, `a.test` (443), `http://a.test` (80). */
function addressMatches(address: string, host: string, port: number): boolean {
  const m = /^(?:(https?):\/\/)?([^:/]*)(?::(\d+))?(\/.*)?$/.exec(address);
  if (!m) return false;
  const [, scheme, name = '', explicitPort] = m;
  const sitePort = explicitPort ? Number(explicitPort) : scheme === 'http' ? 80 : 443;
  if (sitePort !== port) return false;
  if (!name || name === '*') return true;
  if (name.startsWith('*.')) return host.endsWith(name.slice(1)) && !host.slice(0, -name.length + 1).includes('.');
  return name.toLowerCase() === host.toLowerCase();
}

/** The site block for host:port: the first whose addresses match (Caddy prefers the most specific; exact names first). */
export function findCaddySite(caddyfile: Caddyfile, host: string, port: number): CaddyDirective | undefined {
  const addresses = (site: CaddyDirective) => [site.name, ...site.args];
  const exact = caddyfile.sites.find((s) =>
    addresses(s).some(
      (a) => addressMatches(a, host, port) && !/^(?:https?:\/\/)?(?:\*|\*\.[^:]*)?(?::\d+)?$/.test(a) && !a.startsWith(':'),
    ),
  );
  return exact ?? caddyfile.sites.find((s) => addresses(s).some((a) => addressMatches(a, host, port)));
}

/** Caddy's path matcher: exact, `prefix*`, `*suffix`, `*`; named matchers `@x path …` from the site. */
export function caddyPathMatches(matcher: string | undefined, path: string, site: CaddyDirective): boolean {
  if (matcher === undefined) return true;
  if (matcher.startsWith('@')) {
    const named = site.block?.find((d) => d.name === matcher);
    const paths = named?.args[0] === 'path' ? named.args.slice(1) : [];
    return paths.some((p) => caddyPathMatches(p, path, site));
  }
  if (matcher === '*') return true;
  if (matcher.endsWith('*')) return path.startsWith(matcher.slice(0, -1));
  if (matcher.startsWith('*')) return path.endsWith(matcher.slice(1));
  return path === matcher;
}

/** A directive's matcher token, if its first argument is one. */
export function matcherOf(d: CaddyDirective): string | undefined {
  const first = d.args[0];
  return first !== undefined && (first.startsWith('/') || first.startsWith('@') || first === '*') ? first : undefined;
}

/**
 * The directives of `name` that apply to `path`: at the site level and inside the `handle`,
 * `handle_path` and `route` blocks whose matcher matches.
 */
export function applicable(site: CaddyDirective, name: string, path: string): CaddyDirective[] {
  const found: CaddyDirective[] = [];
  for (const d of site.block ?? []) {
    if (d.name === name && caddyPathMatches(matcherOf(d), path, site)) found.push(d);
    if (['handle', 'handle_path', 'route'].includes(d.name) && d.block && caddyPathMatches(matcherOf(d), path, site)) {
      found.push(...d.block.filter((inner) => inner.name === name && caddyPathMatches(matcherOf(inner), path, site)));
    }
  }
  return found;
}
