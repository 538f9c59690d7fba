/** The SecretStorage surface the extension uses (VS Code's `context.secrets` satisfies it). */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** SecretStorage key of the token set with "Set Token for Server…". */
export function tokenKey(serverId: string): string {
  return `mcpDoctor.token:${serverId}`;
}

/**
 * SecretStorage key of what a sign-in leaves for refreshing the token later (refresh token, client,
 * token endpoint, resource, expiry): JSON, and secret because it holds the refresh token.
 */
export function signInKey(serverId: string): string {
  return `mcpDoctor.signIn:${serverId}`;
}

/** SecretStorage key of the answer to an mcp.json `${input:ID}` prompt (per file, like VS Code). */
export function inputKey(configPath: string, inputId: string): string {
  return `mcpDoctor.input:${configPath}#${inputId}`;
}

/**
 * Every secret value the session has handled (tokens, header values, input answers), so logs,
 * exports and notifications can redact them even where they are not token-shaped.
 */
export class KnownSecrets {
  private readonly values = new Set<string>();

  add(...values: readonly (string | undefined)[]): void {
    for (const value of values) if (value && value.length >= 6) this.values.add(value);
  }

  list(): string[] {
    return [...this.values];
  }
}
