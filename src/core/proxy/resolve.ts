import { matchNoProxy } from './noProxy';
import { type ProxyConfig, type ProxyRoute } from './types';

type Env = Readonly<Record<string, string | undefined>>;

/** Reads a proxy URL as curl does: a bare "host:port" means http://host:port. Undefined when unusable. */
export function parseProxyUrl(text: string): URL | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
    return url.hostname ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The proxy URL for display: scheme, user, host and port; the password never appears. */
export function redactProxyUrl(url: URL): string {
  const user = url.username ? `${decodeURIComponent(url.username)}${url.password ? ':***' : ''}@` : '';
  return `${url.protocol}//${user}${url.host}`;
}

function envValue(env: Env, name: string): { name: string; value: string } | undefined {
  for (const variable of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[variable]?.trim();
    if (value) return { name: variable, value };
  }
  return undefined;
}

/** The proxy the environment gives for a URL, as undici reads it (lower case first; https falls back to HTTP_PROXY). */
export function envProxy(url: URL, env: Env): { name: string; value: string } | undefined {
  if (url.protocol === 'https:') return envValue(env, 'https_proxy') ?? envValue(env, 'http_proxy');
  return envValue(env, 'http_proxy');
}

function defaultPort(url: URL): number {
  return Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
}

/** Decides how requests to `url` travel: direct, or through which proxy, and why. Pure. */
export function resolveProxy(url: URL, config: ProxyConfig | undefined, env: Env): ProxyRoute {
  if (config?.disabled) return { mode: 'direct', source: '--no-proxy' };
  const fromEnv = envProxy(url, env);
  const chosen = config?.url ? { name: config.source ?? 'configured proxy', value: config.url } : fromEnv;
  if (!chosen) return { mode: 'direct' };
  const proxy = parseProxyUrl(chosen.value);
  if (!proxy) return { mode: 'direct', source: `${chosen.name} (unparsable: ignored)` };
  const display = redactProxyUrl(proxy);
  const candidates = noProxyValues(config, env);
  const bypass = noProxyBypass(url, candidates, display);
  if (bypass) return { mode: 'direct', source: chosen.name, bypass };
  return { mode: 'proxy', proxy, display, source: chosen.name, noProxyDiffers: noProxyDisagreement(url, candidates) };
}

function noProxyValues(config: ProxyConfig | undefined, env: Env): { variable: string; value: string }[] {
  const fromEnv = envValue(env, 'no_proxy');
  return [
    ...(fromEnv ? [{ variable: fromEnv.name, value: fromEnv.value }] : []),
    ...(config?.noProxy?.length ? [{ variable: 'VS Code http.noProxy', value: config.noProxy.join(',') }] : []),
  ];
}

function noProxyBypass(url: URL, candidates: { variable: string; value: string }[], display: string): ProxyRoute['bypass'] {
  for (const { variable, value } of candidates) {
    const match = matchNoProxy(value, url.hostname, defaultPort(url));
    if (match.entry) return { entry: match.entry, variable, proxy: display, clients: match.clients };
  }
  return undefined;
}

/** Node (undici) uses the proxy, but curl or Python read an entry (CIDR, host:port) as going direct. */
function noProxyDisagreement(url: URL, candidates: { variable: string; value: string }[]): ProxyRoute['noProxyDiffers'] {
  for (const { variable, value } of candidates) {
    const { clients } = matchNoProxy(value, url.hostname, defaultPort(url));
    if (clients.slice(0, 3).some((c) => c.bypasses)) return { variable, value, clients };
  }
  return undefined;
}

/**
 * When an explicit proxy setting (VS Code's http.proxy, --proxy) and the environment route the URL
 * differently, the user's clients disagree too: terminal tools follow the environment.
 */
export function proxySettingsDisagreement(
  url: URL,
  config: ProxyConfig | undefined,
  env: Env,
): { setting: string; settingRoute: string; envRoute: string } | undefined {
  if (!config?.url && !config?.disabled) return undefined;
  const chosen = resolveProxy(url, config, env);
  const fromEnv = resolveProxy(url, undefined, env);
  const describe = (r: ProxyRoute) => (r.mode === 'proxy' ? `through ${r.display}` : 'direct');
  if (describe(chosen) === describe(fromEnv)) return undefined;
  const envName = envProxy(url, env)?.name;
  return {
    setting: config.disabled ? '--no-proxy' : (config.source ?? 'configured proxy'),
    settingRoute: describe(chosen),
    envRoute: `${describe(fromEnv)}${envName ? ` (${envName})` : ' (no proxy variable set)'}`,
  };
}

/** For the HTTP client: the proxy each request URL goes through (NO_PROXY applied per URL), or undefined. */
export function proxyRouter(config: ProxyConfig | undefined, env: Env): (url: URL) => URL | undefined {
  return (url) => {
    const route = resolveProxy(url, config, env);
    return route.mode === 'proxy' ? route.proxy : undefined;
  };
}
