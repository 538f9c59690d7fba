import { readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { readBoundedTextSync } from '../fs/boundedRead';
import { type NginxToken, tokenizeNginx } from './nginxTokens';
import { type ConfigProblem, type NginxConfig, type NginxDirective } from './types';

/** No real config comes near these; they bound a hostile or looping include tree. */
const MAX_INCLUDE_DEPTH = 16;
const MAX_FILES = 256;
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** How files are read (injectable for tests); throws an error with a `code` when a file cannot be read. */
export interface ConfigReader {
  readText(path: string): string;
  /** Names in a directory (for `include` globs). */
  list(dir: string): readonly string[];
}

export const fsConfigReader: ConfigReader = {
  readText: (path) => readBoundedTextSync(path, MAX_CONFIG_BYTES),
  list: (dir) => readdirSync(dir),
};

/**
 * Reads an nginx config with its includes expanded where they stand. Relative include paths are
 * resolved against the main file's directory (nginx's conf prefix when started with `-c`); globs
 * match in the last path component, in sorted order, as glob(3) does. Never throws: every file that
 * cannot be read and every syntax error becomes a problem, and parsing keeps what it could read.
 */
export function readNginxConfig(file: string, reader: ConfigReader = fsConfigReader, prefix = dirname(file)): NginxConfig {
  const problems: ConfigProblem[] = [];
  const files: string[] = [];
  const context: ParseContext = { reader, prefix, problems, files, depth: 0 };
  const directives = readFile(file, context, { file, line: 0, column: 0 });
  return { file, directives: directives ?? [], problems, files };
}

interface ParseContext {
  readonly reader: ConfigReader;
  readonly prefix: string;
  readonly problems: ConfigProblem[];
  readonly files: string[];
  readonly depth: number;
}

function readFile(file: string, context: ParseContext, from: { file: string; line: number; column: number }): NginxDirective[] | undefined {
  if (context.files.length >= MAX_FILES) {
    context.problems.push({ ...from, kind: 'include-depth', detail: `more than ${MAX_FILES} files; ${file} not read` });
    return undefined;
  }
  let text: string;
  try {
    text = context.reader.readText(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    const kind = from.line === 0 ? 'file-unreadable' : 'include-unreadable';
    context.problems.push({ ...from, kind, detail: `${file}: ${code}` });
    return undefined;
  }
  context.files.push(file);
  const { tokens, error } = tokenizeNginx(text);
  if (error) context.problems.push({ file, line: error.line, column: error.column, kind: 'syntax', detail: error.detail });
  const cursor = { at: 0 };
  const directives = parseBlock(tokens, cursor, file, context, false);
  return directives;
}

function parseBlock(
  tokens: readonly NginxToken[],
  cursor: { at: number },
  file: string,
  context: ParseContext,
  inBlock: boolean,
): NginxDirective[] {
  const out: NginxDirective[] = [];
  let words: Extract<NginxToken, { type: 'word' }>[] = [];
  while (cursor.at < tokens.length) {
    const token = tokens[cursor.at++]!;
    if (token.type === 'word') {
      words.push(token);
      continue;
    }
    if (token.type === '}') {
      if (words.length)
        context.problems.push({
          file,
          line: words[0]!.line,
          column: words[0]!.column,
          kind: 'syntax',
          detail: `"${words[0]!.value}" is not terminated by ";"`,
        });
      if (inBlock) return out;
      context.problems.push({ file, line: token.line, column: token.column, kind: 'syntax', detail: 'unexpected "}"' });
      words = [];
      continue;
    }
    const [head, ...rest] = words;
    words = [];
    if (!head) {
      if (token.type === '{')
        context.problems.push({ file, line: token.line, column: token.column, kind: 'syntax', detail: 'unexpected "{"' });
      continue;
    }
    const base = { file, line: head.line, column: head.column, name: head.value, args: rest.map((w) => w.value) };
    if (token.type === '{') {
      out.push({ ...base, block: parseBlock(tokens, cursor, file, context, true) });
    } else if (head.value === 'include' && rest.length === 1) {
      out.push(base, ...expandInclude(rest[0]!.value, base, context));
    } else {
      out.push(base);
    }
  }
  if (words.length)
    context.problems.push({
      file,
      line: words[0]!.line,
      column: words[0]!.column,
      kind: 'syntax',
      detail: 'unexpected end of file, expecting ";" or "}"',
    });
  else if (inBlock)
    context.problems.push({
      file,
      line: tokens.at(-1)?.line ?? 1,
      column: 1,
      kind: 'syntax',
      detail: 'unexpected end of file, expecting "}"',
    });
  return out;
}

function expandInclude(pattern: string, at: NginxDirective, context: ParseContext): NginxDirective[] {
  if (context.depth >= MAX_INCLUDE_DEPTH) {
    context.problems.push({
      file: at.file,
      line: at.line,
      column: at.column,
      kind: 'include-depth',
      detail: `includes nested deeper than ${MAX_INCLUDE_DEPTH} (a loop?)`,
    });
    return [];
  }
  const path = isAbsolute(pattern) ? pattern : join(context.prefix, pattern);
  const inner: ParseContext = { ...context, depth: context.depth + 1 };
  const from = { file: at.file, line: at.line, column: at.column };
  if (!/[*?[]/.test(path)) return readFile(path, inner, from) ?? [];
  // A glob that matches nothing is fine for nginx; an unreadable directory is not.
  let names: readonly string[];
  try {
    names = context.reader.list(dirname(path));
  } catch (err) {
    context.problems.push({
      ...from,
      kind: 'include-unreadable',
      detail: `${dirname(path)}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    });
    return [];
  }
  const matcher = globRegExp(basename(path));
  return [...names]
    .filter((n) => matcher.test(n))
    .sort()
    .flatMap((n) => readFile(join(dirname(path), n), inner, from) ?? []);
}

/** glob(3) for one path component: `*`, `?`, `[...]`; a leading dot is matched only explicitly. */
export function globRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${pattern.startsWith('.') ? '' : '(?!\\.)'}${source}$`);
}
