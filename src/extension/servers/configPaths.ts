import { serverId } from '../../core/discovery/discover';
import { parseMcpConfig } from '../../core/discovery/mcpJson';
import { type ConfigFile } from '../../core/discovery/types';

/** Which MCP client file a path is, by its name and folder (or undefined for other files). */
export function configKindOf(path: string, userMcpJson?: string): ConfigFile['kind'] | undefined {
  const p = path.replace(/\\/g, '/');
  if (userMcpJson && p === userMcpJson.replace(/\\/g, '/')) return 'vscode-user';
  if (p.endsWith('/.vscode/mcp.json')) return 'vscode-workspace';
  if (p.endsWith('/.cursor/mcp.json')) return 'cursor-workspace';
  if (p.endsWith('/.mcp.json')) return 'mcp-json';
  return undefined;
}

/** One "Diagnose" CodeLens: above a remote server's key, targeting the registry's id for it. */
export interface LensTarget {
  readonly serverId: string;
  readonly name: string;
  readonly offset: number;
}

/** Where the CodeLenses go in an MCP config file (http/sse servers only). */
export function lensTargets(text: string, path: string, kind: ConfigFile['kind']): LensTarget[] {
  const parsed = parseMcpConfig(text, { kind, path });
  return parsed.servers.flatMap((s) =>
    s.keyOffset === undefined ? [] : [{ serverId: serverId(kind, path, s.name), name: s.name, offset: s.keyOffset }],
  );
}
