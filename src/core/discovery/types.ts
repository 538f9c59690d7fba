import { type VariableDialect } from './variables';

/** Where a server definition came from. */
export type ConfigSourceKind =
  /** `mcpDoctor.servers` in settings. */
  | 'settings'
  /** `.vscode/mcp.json` in a workspace folder. */
  | 'vscode-workspace'
  /** The user-profile `mcp.json` of VS Code. */
  | 'vscode-user'
  /** `.mcp.json` at a workspace root (Claude Code, Copilot portable format). */
  | 'mcp-json'
  /** `.cursor/mcp.json` in a workspace folder. */
  | 'cursor-workspace'
  /** `~/.cursor/mcp.json`. */
  | 'cursor-user'
  /** A URL the user typed ("Enter URL…"). */
  | 'url';

/** One configuration file to read. */
export interface ConfigFile {
  readonly kind: Exclude<ConfigSourceKind, 'settings' | 'url'>;
  readonly path: string;
  /** The folder whose `${workspaceFolder}` applies; absent for user-level files. */
  readonly workspaceFolder?: string;
}

/** Which top-level key and which variable syntax each kind of file uses. */
export function formatOf(kind: ConfigFile['kind']): { readonly rootKey: 'servers' | 'mcpServers'; readonly dialect: VariableDialect } {
  switch (kind) {
    case 'vscode-workspace':
    case 'vscode-user':
      return { rootKey: 'servers', dialect: 'vscode' };
    case 'mcp-json':
      return { rootKey: 'mcpServers', dialect: 'claude' };
    case 'cursor-workspace':
    case 'cursor-user':
      return { rootKey: 'mcpServers', dialect: 'vscode' };
  }
}

/** Whether a source lives in the workspace (and so must wait for workspace trust before automatic checks). */
export function isWorkspaceSource(kind: ConfigSourceKind): boolean {
  return kind === 'vscode-workspace' || kind === 'mcp-json' || kind === 'cursor-workspace';
}

export type ServerTransport = 'http' | 'sse';

/** How the token for a server is obtained. */
export type TokenSource =
  /** SecretStorage (set with "Set Token for Server…"). The default. */
  | { readonly kind: 'secret' }
  /** An environment variable of the VS Code process. */
  | { readonly kind: 'env'; readonly name: string }
  /** The `Authorization: Bearer …` header of the server's mcp.json entry. */
  | { readonly kind: 'header' }
  /** Never send a token. */
  | { readonly kind: 'none' };

/** A server entry as written in a file, before variable substitution. */
export interface RawServer {
  readonly name: string;
  readonly transport: ServerTransport;
  readonly url: string;
  /** Header pairs in file order; values may hold `${…}` references. */
  readonly headers: readonly (readonly [string, string])[];
  /** Offset of the server's key in the file (for the CodeLens). */
  readonly keyOffset?: number;
  /** The URL came from `npx mcp-remote <url>` in a stdio entry. */
  readonly viaMcpRemote?: boolean;
  /** Settings-only extras. */
  readonly compareUrl?: string;
  readonly caFiles?: readonly string[];
  readonly tokenSource?: TokenSource;
  readonly expectedIssuer?: string;
  readonly expectedAudience?: string;
  readonly requiredScopes?: readonly string[];
  /** Settings-only: a client id pre-registered with the authorization server, for signing in. */
  readonly clientId?: string;
  /** Settings-only: proxy URL for this server, or "none" to go direct. */
  readonly proxy?: string;
  /** Settings-only: client certificate files for mutual TLS (the passphrase lives in secret storage). */
  readonly clientCert?: ClientCertFiles;
  /** Settings-only: deployment checks for this server (see ServerDeploySettings). */
  readonly deploy?: ServerDeploySettings;
}

/**
 * Per-server deployment checks from `mcpDoctor.servers` (the CLI's `--origin`, `--stream-tool`,
 * `--stream-args`); manual diagnoses use them, background checks never.
 */
export interface ServerDeploySettings {
  /** The browser page origin the server is meant for (`scheme://host[:port]`): CORS gaps become errors. */
  readonly origin?: string;
  /** The one tool a diagnosis may call to time its progress stream (calls can have side effects). */
  readonly streamTool?: string;
  readonly streamArgs?: Readonly<Record<string, unknown>>;
}

/** Client certificate for mutual TLS: PEM certificate + key, or a PKCS#12 file. */
export interface ClientCertFiles {
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly pfxFile?: string;
}

/** `inputs[]` entry of a VS Code mcp.json. */
export interface InputDefinition {
  readonly id: string;
  readonly description?: string;
  readonly password: boolean;
}

/** A problem found while reading configuration; never fatal. */
export interface ConfigDiagnostic {
  readonly path: string;
  readonly message: string;
  readonly offset?: number;
  readonly server?: string;
}

export interface ParsedConfig {
  readonly servers: readonly RawServer[];
  readonly inputs: readonly InputDefinition[];
  /** Entries that are not remote servers (stdio), by name, with the reason. */
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  readonly diagnostics: readonly ConfigDiagnostic[];
}

/** A server ready to diagnose: variables substituted, origin recorded. */
export interface DiscoveredServer {
  /** Stable identity across reloads: source kind, file and name. Used as the timeline key. */
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly transport: ServerTransport;
  /** Headers as the client would send them (secret values: redact before display). */
  readonly headers: Readonly<Record<string, string>>;
  readonly source: { readonly kind: ConfigSourceKind; readonly path?: string; readonly keyOffset?: number };
  readonly fromWorkspace: boolean;
  readonly viaMcpRemote?: boolean;
  readonly compareUrl?: string;
  readonly caFiles: readonly string[];
  readonly tokenSource: TokenSource;
  readonly expectedIssuer?: string;
  readonly expectedAudience?: string;
  readonly requiredScopes?: readonly string[];
  /** A client id pre-registered with the authorization server: "Sign In" uses it instead of registering one. */
  readonly clientId?: string;
  /** Proxy URL for this server ("none" = direct); absent = VS Code's http.proxy or the environment. */
  readonly proxy?: string;
  readonly clientCert?: ClientCertFiles;
  readonly deploy?: ServerDeploySettings;
  /** `${input:ID}` references, and which of them still need a value. */
  readonly inputs: readonly string[];
  readonly missingInputs: readonly string[];
  /** Human-readable problems (missing env vars, unknown variables). */
  readonly problems: readonly string[];
}
