import { parseJsonc, type JsonObject, type JsonValue } from './jsonc';
import {
  type ConfigDiagnostic,
  type ConfigFile,
  formatOf,
  type InputDefinition,
  type ParsedConfig,
  type RawServer,
  type ServerTransport,
} from './types';

/** Files larger than this are not MCP configuration; reading them would only cost time. */
export const MAX_CONFIG_BYTES = 1_000_000;

/**
 * Reads the remote (http/sse) servers of one MCP client configuration file: VS Code's
 * `{ servers, inputs }` or the `{ mcpServers }` shape of `.mcp.json` and Cursor. Comments and
 * trailing commas are accepted; malformed input yields diagnostics, never an exception.
 */
export function parseMcpConfig(text: string, file: ConfigFile): ParsedConfig {
  const diagnostics: ConfigDiagnostic[] = [];
  const empty = { servers: [], inputs: [], skipped: [], diagnostics };
  if (text.length > MAX_CONFIG_BYTES) {
    diagnostics.push({ path: file.path, message: `file is larger than ${MAX_CONFIG_BYTES} bytes; not read` });
    return empty;
  }
  if (text.trim() === '') return empty;
  const parsed = parseJsonc(text);
  if (!parsed.ok) {
    diagnostics.push({ path: file.path, message: `not valid JSON: ${parsed.error.message}`, offset: parsed.error.offset });
    return empty;
  }
  if (parsed.value.type !== 'object') {
    diagnostics.push({ path: file.path, message: 'expected a JSON object at the top level', offset: parsed.value.offset });
    return empty;
  }
  const { rootKey } = formatOf(file.kind);
  const root = parsed.value.properties.get(rootKey)?.value;
  if (root !== undefined && root.type !== 'object') {
    diagnostics.push({ path: file.path, message: `"${rootKey}" should be an object of servers`, offset: root.offset });
  }
  const servers: RawServer[] = [];
  const skipped: { name: string; reason: string }[] = [];
  if (root?.type === 'object') {
    for (const prop of root.properties.values()) {
      const result = readServer(prop.key, prop.keyOffset, prop.value, file, diagnostics);
      if (typeof result === 'string') skipped.push({ name: prop.key, reason: result });
      else if (result) servers.push(result);
    }
  }
  const inputs = file.kind.startsWith('vscode') ? readInputs(parsed.value, file, diagnostics) : [];
  return { servers, inputs, skipped, diagnostics };
}

/** A server, a reason it is not a remote server, or undefined when it is malformed (diagnosed). */
function readServer(
  name: string,
  keyOffset: number,
  node: JsonValue,
  file: ConfigFile,
  diagnostics: ConfigDiagnostic[],
): RawServer | string | undefined {
  const problem = (message: string, offset = node.offset): undefined => {
    diagnostics.push({ path: file.path, server: name, message, offset });
    return undefined;
  };
  if (node.type !== 'object') return problem(`server "${name}" should be an object`);
  const type = stringProp(node, 'type') ?? stringProp(node, 'transport');
  const url = stringProp(node, 'url') ?? stringProp(node, 'serverUrl');
  const headers = readHeaders(node, name, file, diagnostics);
  if (url !== undefined) {
    const transport = transportOf(type);
    if (!transport) return problem(`server "${name}" has a url but an unknown type "${type}" (expected "http" or "sse")`);
    return { name, transport, url, headers, keyOffset };
  }
  if (type !== undefined && transportOf(type)) return problem(`server "${name}" is type "${type}" but has no "url"`);
  const remote = mcpRemoteTarget(node);
  if (remote) return { name, transport: 'http', url: remote.url, headers: [...headers, ...remote.headers], keyOffset, viaMcpRemote: true };
  return stringProp(node, 'command') !== undefined
    ? 'stdio server (runs a local command)'
    : problem(`server "${name}" has neither "url" nor "command"`);
}

function transportOf(type: string | undefined): ServerTransport | undefined {
  if (type === undefined) return 'http';
  const t = type.toLowerCase();
  if (t === 'http' || t === 'streamable-http' || t === 'streamablehttp' || t === 'streamable_http') return 'http';
  if (t === 'sse') return 'sse';
  return undefined;
}

function stringProp(node: JsonObject, key: string): string | undefined {
  const value = node.properties.get(key)?.value;
  return value?.type === 'string' ? String(value.value) : undefined;
}

function readHeaders(node: JsonObject, name: string, file: ConfigFile, diagnostics: ConfigDiagnostic[]): [string, string][] {
  const headers = node.properties.get('headers')?.value;
  if (headers === undefined) return [];
  if (headers.type !== 'object') {
    diagnostics.push({ path: file.path, server: name, message: `"headers" of "${name}" should be an object`, offset: headers.offset });
    return [];
  }
  const out: [string, string][] = [];
  for (const prop of headers.properties.values()) {
    if (prop.value.type === 'string') out.push([prop.key, String(prop.value.value)]);
    else
      diagnostics.push({
        path: file.path,
        server: name,
        message: `header "${prop.key}" of "${name}" should be a string`,
        offset: prop.keyOffset,
      });
  }
  return out;
}

/** `npx -y mcp-remote https://host/mcp --header "Authorization: Bearer ${TOKEN}"`: the usual bridge for stdio-only clients. */
function mcpRemoteTarget(node: JsonObject): { url: string; headers: [string, string][] } | undefined {
  const args = node.properties.get('args')?.value;
  if (args?.type !== 'array') return undefined;
  const words = args.items.flatMap((item) => (item.type === 'string' ? [String(item.value)] : []));
  const bridge = words.findIndex((w) => w === 'mcp-remote' || w.startsWith('mcp-remote@'));
  if (bridge === -1) return undefined;
  const url = words.slice(bridge + 1).find((w) => /^https?:\/\//i.test(w));
  if (!url) return undefined;
  const headers: [string, string][] = [];
  words.forEach((w, i) => {
    const next = words[i + 1];
    const colon = next?.indexOf(':') ?? -1;
    if (w === '--header' && next !== undefined && colon > 0) headers.push([next.slice(0, colon).trim(), next.slice(colon + 1).trim()]);
  });
  return { url, headers };
}

function readInputs(root: JsonObject, file: ConfigFile, diagnostics: ConfigDiagnostic[]): InputDefinition[] {
  const inputs = root.properties.get('inputs')?.value;
  if (inputs === undefined) return [];
  if (inputs.type !== 'array') {
    diagnostics.push({ path: file.path, message: '"inputs" should be an array', offset: inputs.offset });
    return [];
  }
  const out: InputDefinition[] = [];
  for (const item of inputs.items) {
    const id = item.type === 'object' ? stringProp(item, 'id') : undefined;
    if (item.type !== 'object' || !id) {
      diagnostics.push({ path: file.path, message: 'each input needs an "id"', offset: item.offset });
      continue;
    }
    const password = item.properties.get('password')?.value;
    out.push({ id, description: stringProp(item, 'description'), password: password?.type === 'boolean' && password.value === true });
  }
  return out;
}
