import { deploySettings } from './deploySettings';
import { type ConfigDiagnostic, type RawServer, type TokenSource } from './types';

const SETTINGS_PATH = 'settings: mcpDoctor.servers';

/**
 * Parses a `tokenSource` setting: `"secret"` (SecretStorage, the default), `"env:NAME"`,
 * `"header"` (the mcp.json Authorization header) or `"none"`.
 */
export function parseTokenSource(value: unknown): TokenSource | undefined {
  if (value === undefined || value === null || value === '' || value === 'secret') return { kind: 'secret' };
  if (value === 'header') return { kind: 'header' };
  if (value === 'none') return { kind: 'none' };
  if (typeof value === 'string' && value.startsWith('env:') && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value.slice(4)))
    return { kind: 'env', name: value.slice(4) };
  return undefined;
}

/** Reads the `mcpDoctor.servers` setting. Invalid entries are reported and skipped, never thrown. */
export function parseSettingsServers(value: unknown): { servers: RawServer[]; diagnostics: ConfigDiagnostic[] } {
  const diagnostics: ConfigDiagnostic[] = [];
  const servers: RawServer[] = [];
  if (value === undefined || value === null) return { servers, diagnostics };
  if (!Array.isArray(value)) {
    diagnostics.push({ path: SETTINGS_PATH, message: 'should be an array of { name, url, … } objects' });
    return { servers, diagnostics };
  }
  value.forEach((item: unknown, index) => {
    const result = readEntry(item, index);
    if (typeof result === 'string') diagnostics.push({ path: SETTINGS_PATH, message: `entry ${index + 1}: ${result}` });
    else servers.push(result);
  });
  return { servers, diagnostics };
}

function readEntry(item: unknown, index: number): RawServer | string {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return 'should be an object';
  const entry = item as Record<string, unknown>;
  const url = optionalString(entry, 'url');
  if (!url) return 'needs a "url"';
  const tokenSource = parseTokenSource(entry.tokenSource);
  if (!tokenSource) return `unknown "tokenSource" ${JSON.stringify(entry.tokenSource)} (use "secret", "env:NAME", "header" or "none")`;
  const transport = entry.type === 'sse' ? 'sse' : 'http';
  const deploy = deploySettings(entry);
  if (typeof deploy === 'string') return deploy;
  return {
    name: optionalString(entry, 'name') ?? `server ${index + 1}`,
    transport,
    url,
    headers: stringRecord(entry.headers),
    compareUrl: optionalString(entry, 'compareUrl'),
    caFiles: stringArray(entry.caFiles),
    tokenSource,
    expectedIssuer: optionalString(entry, 'expectedIssuer'),
    expectedAudience: optionalString(entry, 'expectedAudience'),
    requiredScopes: stringArray(entry.requiredScopes),
    clientId: optionalString(entry, 'clientId'),
    proxy: optionalString(entry, 'proxy'),
    clientCert: clientCertFiles(entry),
    ...(deploy ? { deploy } : {}),
  };
}

function clientCertFiles(entry: Record<string, unknown>): RawServer['clientCert'] {
  const files = {
    certFile: optionalString(entry, 'clientCertFile'),
    keyFile: optionalString(entry, 'clientKeyFile'),
    pfxFile: optionalString(entry, 'clientPfxFile'),
  };
  return files.certFile || files.keyFile || files.pfxFile ? files : undefined;
}

function optionalString(entry: Record<string, unknown>, key: string): string | undefined {
  const value = Object.hasOwn(entry, key) ? entry[key] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function stringArray(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return out.length ? out : undefined;
}

function stringRecord(value: unknown): [string, string][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
}
