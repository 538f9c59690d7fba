import { parseMcpConfig } from './mcpJson';
import { parseSettingsServers } from './settings';
import {
  type ConfigDiagnostic,
  type ConfigFile,
  type ConfigSourceKind,
  type DiscoveredServer,
  formatOf,
  type InputDefinition,
  isWorkspaceSource,
  type RawServer,
} from './types';
import { resolveVariables, type Resolution, type VariableContext, type VariableDialect } from './variables';

/** Environment shared by every file; `${workspaceFolder}` and inputs are per file. */
export interface DiscoveryContext {
  readonly userHome?: string;
  readonly pathSeparator?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Values already given for `${input:ID}` of the file at `path`. */
  readonly inputsFor?: (path: string) => Readonly<Record<string, string | undefined>>;
}

/** A file's text, or undefined when it does not exist. */
export interface ConfigFileText {
  readonly file: ConfigFile;
  readonly text: string | undefined;
}

export interface DiscoveryResult {
  readonly servers: readonly DiscoveredServer[];
  /** Input definitions by file path (for prompting `${input:ID}` once). */
  readonly inputs: ReadonlyMap<string, readonly InputDefinition[]>;
  readonly diagnostics: readonly ConfigDiagnostic[];
}

/**
 * Merges the `mcpDoctor.servers` setting and every readable MCP client file into one list of
 * remote servers. A settings entry wins over a discovered one with the same URL, because it
 * carries the expectations (issuer, audience, scopes) the user set on purpose.
 */
export function discoverServers(settingsValue: unknown, files: readonly ConfigFileText[], ctx: DiscoveryContext): DiscoveryResult {
  const fromSettings = parseSettingsServers(settingsValue);
  const diagnostics: ConfigDiagnostic[] = [...fromSettings.diagnostics];
  const servers: DiscoveredServer[] = fromSettings.servers.map((raw) => resolveServer(raw, { kind: 'settings' }, ctx));
  const inputs = new Map<string, readonly InputDefinition[]>();
  for (const { file, text } of files) {
    if (text === undefined) continue;
    const parsed = parseMcpConfig(text, file);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.inputs.length) inputs.set(file.path, parsed.inputs);
    for (const raw of parsed.servers) servers.push(resolveServer(raw, file, ctx));
  }
  return { servers: dedupe(servers), inputs, diagnostics };
}

/** Substitutes variables in one raw server. */
export function resolveServer(raw: RawServer, source: ConfigFile | { readonly kind: 'settings' }, ctx: DiscoveryContext): DiscoveredServer {
  const path = 'path' in source ? source.path : undefined;
  const dialect: VariableDialect = source.kind === 'settings' ? 'vscode' : formatOf(source.kind).dialect;
  const varCtx: VariableContext = {
    workspaceFolder: 'workspaceFolder' in source ? source.workspaceFolder : undefined,
    userHome: ctx.userHome,
    pathSeparator: ctx.pathSeparator,
    env: ctx.env,
    inputs: path && ctx.inputsFor ? ctx.inputsFor(path) : undefined,
  };
  const resolutions: Resolution[] = [];
  const resolve = (text: string): string => {
    const r = resolveVariables(text, varCtx, dialect);
    resolutions.push(r);
    return r.value;
  };
  const headers = Object.fromEntries(raw.headers.map(([name, value]) => [name, resolve(value)]));
  const hasAuthHeader = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization');
  return {
    id: serverId(source.kind, path, raw.name),
    name: raw.name,
    url: resolve(raw.url).trim(),
    transport: raw.transport,
    headers,
    source: { kind: source.kind, path, keyOffset: raw.keyOffset },
    fromWorkspace: isWorkspaceSource(source.kind),
    viaMcpRemote: raw.viaMcpRemote,
    compareUrl: raw.compareUrl === undefined ? undefined : resolve(raw.compareUrl),
    caFiles: (raw.caFiles ?? []).map(resolve),
    tokenSource: raw.tokenSource ?? (hasAuthHeader ? { kind: 'header' } : { kind: 'secret' }),
    expectedIssuer: raw.expectedIssuer,
    expectedAudience: raw.expectedAudience,
    requiredScopes: raw.requiredScopes,
    clientId: raw.clientId,
    proxy: raw.proxy === undefined ? undefined : resolve(raw.proxy),
    clientCert: raw.clientCert && {
      certFile: raw.clientCert.certFile && resolve(raw.clientCert.certFile),
      keyFile: raw.clientCert.keyFile && resolve(raw.clientCert.keyFile),
      pfxFile: raw.clientCert.pfxFile && resolve(raw.clientCert.pfxFile),
    },
    ...(raw.deploy ? { deploy: raw.deploy } : {}),
    ...summarise(resolutions),
  };
}

/** Stable identity of a server: the timeline and stored tokens are keyed on it. */
export function serverId(kind: ConfigSourceKind, path: string | undefined, name: string): string {
  return `${kind}:${path ?? ''}#${name}`;
}

function summarise(resolutions: readonly Resolution[]): Pick<DiscoveredServer, 'inputs' | 'missingInputs' | 'problems'> {
  const unique = (pick: (r: Resolution) => readonly string[]): string[] => [...new Set(resolutions.flatMap(pick))];
  const problems = [
    ...unique((r) => r.missingEnv).map((name) => `environment variable ${name} is not set`),
    ...unique((r) => r.unknown).map((name) => `\${${name}} is not a variable this client substitutes; it is sent literally`),
  ];
  return { inputs: unique((r) => r.inputs), missingInputs: unique((r) => r.missingInputs), problems };
}

function dedupe(servers: readonly DiscoveredServer[]): DiscoveredServer[] {
  const seenIds = new Set<string>();
  const settingsUrls = new Set(servers.filter((s) => s.source.kind === 'settings').map((s) => s.url));
  return servers.filter((s) => {
    if (seenIds.has(s.id)) return false;
    seenIds.add(s.id);
    return s.source.kind === 'settings' || !settingsUrls.has(s.url);
  });
}
