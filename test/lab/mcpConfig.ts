/** Configuration of the lab MCP server, read from environment-style variables like a deployed server. */

export interface McpServerConfig {
  /** Expected `iss` of access tokens (MCP_JWT_ISSUER). */
  readonly issuer: string;
  /** Expected `aud` of access tokens (MCP_JWT_AUDIENCE). */
  readonly audience: string;
  /** Where the verification keys are fetched (MCP_JWT_JWKS_URI; default `<issuer>/jwks`). */
  readonly jwksUri: string;
  /** Canonical resource URL published in the protected resource metadata (MCP_RESOURCE_URL; default the audience). */
  readonly resource: string;
  /** PRM `authorization_servers` (MCP_AUTHORIZATION_SERVERS, comma separated; default the issuer). */
  readonly authorizationServers: readonly string[];
  /** Scopes needed to connect and list tools (MCP_REQUIRED_SCOPES, space separated; default `mcp:tools`). */
  readonly requiredScopes: readonly string[];
  /** Requests allowed per window before 429 (MCP_RATE_LIMIT=`<limit>/<windowSec>`); absent = unlimited. */
  readonly rateLimit?: { readonly limit: number; readonly windowSec: number };
}

/** Thrown when required configuration is missing: the server refuses to start (the original incident). */
export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
}

export type EnvLike = Readonly<Record<string, string | undefined>>;

/** Reads and validates the configuration; throws {@link ServerConfigError} when the server must not start. */
export function readServerConfig(env: EnvLike): McpServerConfig {
  const issuer = required(env, 'MCP_JWT_ISSUER');
  const audience = required(env, 'MCP_JWT_AUDIENCE');
  const jwksUri = env.MCP_JWT_JWKS_URI || `${issuer.replace(/\/$/, '')}/jwks`;
  const resource = env.MCP_RESOURCE_URL || audience;
  const authorizationServers = (env.MCP_AUTHORIZATION_SERVERS || issuer)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const requiredScopes = (env.MCP_REQUIRED_SCOPES || 'mcp:tools').split(/\s+/).filter(Boolean);
  for (const [name, value] of [
    ['MCP_JWT_JWKS_URI', jwksUri],
    ['MCP_RESOURCE_URL', resource],
  ] as const) {
    if (!URL.canParse(value)) throw new ServerConfigError(`${name} is not a URL: ${value}`);
  }
  return { issuer, audience, jwksUri, resource, authorizationServers, requiredScopes, ...rateLimit(env.MCP_RATE_LIMIT) };
}

function required(env: EnvLike, name: string): string {
  const value = env[name]?.trim();
  if (!value)
    throw new ServerConfigError(
      `${name} is required: set it to the authorization server's ${name === 'MCP_JWT_ISSUER' ? 'issuer URL' : "audience (this server's canonical URL)"}; refusing to start`,
    );
  return value;
}

function rateLimit(raw: string | undefined): Pick<McpServerConfig, 'rateLimit'> {
  if (!raw) return {};
  const match = /^(\d+)\/(\d+)$/.exec(raw.trim());
  if (!match) throw new ServerConfigError(`MCP_RATE_LIMIT must look like <limit>/<windowSec>, got ${raw}`);
  return { rateLimit: { limit: Number(match[1]), windowSec: Math.max(1, Number(match[2])) } };
}
