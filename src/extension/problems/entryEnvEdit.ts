/**
 * Sets environment variables in one server entry of an MCP client file (its `env` object), as text
 * edits that keep the rest of the file (comments, order, formatting) as it was. Plain code.
 */
import { parseJsonc, type JsonObject } from '../../core/discovery/jsonc';
import { type ConfigFile, formatOf } from '../../core/discovery/types';
import { type TextEdit } from './nginxQuickFix';

/** Edits that make `entry.env[name] = value` for each variable, last edit first; undefined when the entry is not an object. */
export function entryEnvEdits(
  text: string,
  kind: ConfigFile['kind'],
  server: string,
  vars: Readonly<Record<string, string>>,
): TextEdit[] | undefined {
  const parsed = parseJsonc(text);
  if (!parsed.ok || parsed.value.type !== 'object') return undefined;
  const root = parsed.value.properties.get(formatOf(kind).rootKey)?.value;
  const entry = root?.type === 'object' ? root.properties.get(server)?.value : undefined;
  if (entry?.type !== 'object') return undefined;
  const env = entry.properties.get('env')?.value;
  const pairs = (names: readonly string[]) => names.map((n) => `${JSON.stringify(n)}: ${JSON.stringify(vars[n])}`).join(', ');
  if (env === undefined) return [insertAfterBrace(text, entry, `"env": { ${pairs(Object.keys(vars))} }`, entry.properties.size > 0)];
  if (env.type !== 'object') return undefined;
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const name of Object.keys(vars)) {
    const existing = env.properties.get(name)?.value;
    if (existing?.type === 'string')
      edits.push({ title: `Set ${name}`, start: existing.offset, end: stringEnd(text, existing.offset), text: JSON.stringify(vars[name]) });
    else missing.push(name);
  }
  if (missing.length) edits.push(insertAfterBrace(text, env, pairs(missing), env.properties.size > 0));
  return edits.sort((a, b) => b.start - a.start);
}

function insertAfterBrace(text: string, node: JsonObject, body: string, more: boolean): TextEdit {
  const at = text.indexOf('{', node.offset) + 1;
  return { title: 'Set env', start: at, end: at, text: ` ${body}${more ? ',' : ''}` };
}

function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return text.length;
}
