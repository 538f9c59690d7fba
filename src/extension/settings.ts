import { type VsCodeProxySettings } from './network';

/** Every `mcpDoctor.*` setting the extension reads, with the defaults the manifest declares. */
export interface Settings {
  /**
   * Raw `mcpDoctor.servers` (validated by the discovery parser, which reports bad entries), including
   * each entry's deployment keys `origin`, `streamTool`, `streamArgs` (core/discovery/deploySettings.ts).
   */
  readonly servers: unknown;
  readonly timeoutMs: number;
  readonly certificateWarningDays: number;
  readonly statusBarEnabled: boolean;
  readonly statusBarIntervalSeconds: number;
  readonly timelineMaxRuns: number;
  readonly discoveryEnabled: boolean;
  readonly jwtHoverEnabled: boolean;
  readonly expiredTokenDecoration: boolean;
  /** Whose view leads the verdict: 'auto' = the client the server's mcp.json belongs to (VS Code for its own). */
  readonly client: ClientSetting;
  /** `mcpDoctor.proxyConfigFiles`: nginx configs to check with each diagnosis (empty: found in the workspace). */
  readonly proxyConfigFiles: readonly string[];
  /** VS Code's `http.proxy`, `http.noProxy`, `http.proxyStrictSSL` (read from the `http` section). */
  readonly http?: VsCodeProxySettings;
}

export const SETTING_DEFAULTS: Omit<Settings, 'servers'> = {
  timeoutMs: 10_000,
  certificateWarningDays: 14,
  statusBarEnabled: true,
  statusBarIntervalSeconds: 300,
  timelineMaxRuns: 200,
  discoveryEnabled: true,
  jwtHoverEnabled: true,
  expiredTokenDecoration: true,
  client: 'auto',
  proxyConfigFiles: [],
};

export const CLIENT_SETTINGS = ['auto', 'vscode', 'node', 'python-httpx', 'python-requests', 'curl'] as const;
export type ClientSetting = (typeof CLIENT_SETTINGS)[number];

/** Reads settings through `get(key)` (relative to `mcpDoctor.`), falling back to defaults on bad values. */
export function readSettings(get: (key: string) => unknown): Settings {
  const num = (key: string, fallback: number, min: number): number => {
    const v = get(key);
    return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fallback;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = get(key);
    return typeof v === 'boolean' ? v : fallback;
  };
  const d = SETTING_DEFAULTS;
  return {
    servers: get('servers'),
    timeoutMs: num('timeoutMs', d.timeoutMs, 500),
    certificateWarningDays: num('certificateWarningDays', d.certificateWarningDays, 0),
    statusBarEnabled: bool('statusBar.enabled', d.statusBarEnabled),
    statusBarIntervalSeconds: num('statusBar.intervalSeconds', d.statusBarIntervalSeconds, 5),
    timelineMaxRuns: Math.floor(num('timeline.maxRuns', d.timelineMaxRuns, 1)),
    discoveryEnabled: bool('discovery.enabled', d.discoveryEnabled),
    jwtHoverEnabled: bool('jwt.hover.enabled', d.jwtHoverEnabled),
    expiredTokenDecoration: bool('jwt.expiredDecoration.enabled', d.expiredTokenDecoration),
    client: clientSetting(get('client')),
    proxyConfigFiles: stringList(get('proxyConfigFiles')),
  };
}

function clientSetting(value: unknown): ClientSetting {
  return (CLIENT_SETTINGS as readonly unknown[]).includes(value) ? (value as ClientSetting) : SETTING_DEFAULTS.client;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}
