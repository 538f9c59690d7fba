import { bearerFromHeaders, withoutAuthorization } from '../../core/discovery/bearer';
import { configFiles, defaultVsCodeUserDir } from '../../core/discovery/configFiles';
import { type ConfigFileText, discoverServers } from '../../core/discovery/discover';
import { positionAt } from '../../core/discovery/jsonc';
import { type ConfigDiagnostic, type ConfigFile, type DiscoveredServer } from '../../core/discovery/types';

/** Where a server is defined: 1-based line and column of its key, as editors and SARIF count. */
export interface SourceLocation {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

/** One server to check, with the credentials the CLI could find for it. Holds secrets: never print it as is. */
export interface CheckTarget {
  readonly server: DiscoveredServer;
  readonly location?: SourceLocation;
  readonly token?: string;
  /** Where the token came from, in words (never the value). */
  readonly tokenOrigin: string;
  /** Why no token could be sent although the entry configures one (an unset variable, an input without a value). */
  readonly cannotAuthenticate?: string;
  /** Headers besides Authorization, as the client sends them. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface CheckPlan {
  readonly targets: readonly CheckTarget[];
  readonly diagnostics: readonly ConfigDiagnostic[];
  /** Config files that exist and were read. */
  readonly filesRead: readonly string[];
  /** `--token-env` names that matched no server (a typo the user should hear about). */
  readonly unusedTokenNames: readonly string[];
}

export interface PlanInput {
  readonly cwd: string;
  readonly home: string;
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--config` files (absolute). */
  readonly extraConfigs: readonly string[];
  /** Also read the user-level files (VS Code's user mcp.json, ~/.cursor/mcp.json). */
  readonly userFiles: boolean;
  /** Server name → token, from `--token-env NAME=VAR`. */
  readonly tokens: ReadonlyMap<string, string>;
  /** `${input:ID}` values, from `--input-env ID=VAR`. */
  readonly inputs: Readonly<Record<string, string>>;
  /** File text, or undefined when it does not exist (bounded by the caller). */
  readonly readFile: (path: string) => Promise<string | undefined>;
}

/**
 * The servers `check` diagnoses: the files the extension reads for the working directory as its
 * workspace folder (and the user's files), plus `--config` files, through the same discovery
 * (variables substituted as each client does).
 */
export async function planCheck(input: PlanInput): Promise<CheckPlan> {
  const files = uniqueByPath([
    ...configFiles(
      [input.cwd],
      input.userFiles ? { vscodeUserDir: defaultVsCodeUserDir(input.platform, input.env, input.home), home: input.home } : {},
    ),
    ...input.extraConfigs.map(configFileFor),
  ]);
  const texts: ConfigFileText[] = await Promise.all(files.map(async (file) => ({ file, text: await input.readFile(file.path) })));
  const result = discoverServers(undefined, texts, { env: input.env, userHome: input.home, inputsFor: () => input.inputs });
  const textOf = new Map(texts.flatMap(({ file, text }) => (text === undefined ? [] : [[file.path, text] as const])));
  const targets = result.servers.map((server) => targetFor(server, input.tokens.get(server.name), textOf));
  const names = new Set(result.servers.map((s) => s.name));
  return {
    targets,
    diagnostics: result.diagnostics,
    filesRead: [...textOf.keys()],
    unusedTokenNames: [...input.tokens.keys()].filter((name) => !names.has(name)),
  };
}

/** What kind of client file a `--config` path is, by its name; other names read as VS Code's format. */
export function configFileFor(path: string): ConfigFile {
  const p = path.replace(/\\/g, '/');
  const parent = (levels: number): string => p.split('/').slice(0, -levels).join('/') || '/';
  if (p.endsWith('/.vscode/mcp.json')) return { kind: 'vscode-workspace', path, workspaceFolder: parent(2) };
  if (p.endsWith('/.cursor/mcp.json')) return { kind: 'cursor-workspace', path, workspaceFolder: parent(2) };
  if (p.endsWith('/.mcp.json')) return { kind: 'mcp-json', path, workspaceFolder: parent(1) };
  return { kind: 'vscode-workspace', path, workspaceFolder: parent(1) };
}

function targetFor(server: DiscoveredServer, flagToken: string | undefined, textOf: ReadonlyMap<string, string>): CheckTarget {
  const path = server.source.path;
  const text = path === undefined ? undefined : textOf.get(path);
  const offset = server.source.keyOffset;
  const location = path !== undefined && text !== undefined && offset !== undefined ? lineColumn(path, text, offset) : undefined;
  const headers = withoutAuthorization(server.headers);
  if (flagToken !== undefined) return { server, location, token: flagToken, tokenOrigin: '--token-env', headers };
  const bearer = bearerFromHeaders(server.headers);
  if (bearer !== undefined)
    return { server, location, token: bearer, tokenOrigin: `the Authorization header in ${path ?? 'the file'}`, headers };
  const configured = Object.keys(server.headers).some((name) => name.toLowerCase() === 'authorization');
  return {
    server,
    location,
    tokenOrigin: 'no token configured',
    cannotAuthenticate: configured ? unresolvedReason(server) : undefined,
    headers,
  };
}

/** Why the configured Authorization header came out empty. */
function unresolvedReason(server: DiscoveredServer): string {
  const inputs = server.missingInputs.map((id) => `\${input:${id}} has no value (--input-env ${id}=VAR)`);
  const reasons = [...inputs, ...server.problems];
  return reasons.length > 0 ? reasons.join('; ') : 'the Authorization header is not a Bearer token';
}

function lineColumn(path: string, text: string, offset: number): SourceLocation {
  const { line, character } = positionAt(text, offset);
  return { path, line: line + 1, column: character + 1 };
}

function uniqueByPath(files: readonly ConfigFile[]): ConfigFile[] {
  const seen = new Set<string>();
  return files.filter((f) => !seen.has(f.path) && Boolean(seen.add(f.path)));
}
