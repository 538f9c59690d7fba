import { isIP } from 'node:net';
import { type NginxConfig, type NginxDirective } from './types';

/** The server block that answers a request, and how nginx chose it. */
export interface ServerMatch {
  readonly server: NginxDirective;
  readonly listen: NginxDirective | undefined;
  readonly how: 'server_name' | 'default_server' | 'first on the port';
}

export type LocationHow = 'exact' | 'prefix' | 'prefix ^~' | 'regex';

/** The location that handles a path; `parents` are the enclosing locations, outermost first. */
export interface LocationMatch {
  readonly location: NginxDirective;
  readonly how: LocationHow;
  readonly parents: readonly NginxDirective[];
}

/**
 * The `server` blocks of every `http` block, in order; a fragment (`conf.d/mcp.conf`,
 * `sites-enabled/mcp`) holds them at its top level, as nginx includes it inside `http`.
 */
export function httpServers(config: NginxConfig): NginxDirective[] {
  return config.directives.flatMap((d) => (d.name === 'http' ? children(d, 'server') : d.name === 'server' ? [d] : []));
}

export function children(directive: NginxDirective | undefined, name: string): NginxDirective[] {
  return (directive?.block ?? []).filter((d) => d.name === name);
}

interface Listen {
  readonly address: string | undefined;
  readonly port: number;
  readonly defaultServer: boolean;
}

/** `listen 443 ssl`, `listen 127.0.0.1:8443`, `listen [::1]:443 default_server`, `listen localhost` (port 80). */
export function parseListen(args: readonly string[]): Listen | undefined {
  const [where, ...flags] = args;
  if (!where || where.startsWith('unix:')) return undefined;
  const defaultServer = flags.includes('default_server') || flags.includes('default');
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(where);
  if (v6) return { address: v6[1], port: v6[2] ? Number(v6[2]) : 80, defaultServer };
  if (/^\d+$/.test(where)) return { address: undefined, port: Number(where), defaultServer };
  const colon = where.lastIndexOf(':');
  if (colon > 0 && /^\d+$/.test(where.slice(colon + 1)))
    return { address: where.slice(0, colon), port: Number(where.slice(colon + 1)), defaultServer };
  return { address: where, port: 80, defaultServer };
}

/**
 * nginx's choice for a request to host:port: among the servers listening on the port (an address
 * that is an IP literal other than the URL's is ruled out), the server_name matches in nginx's
 * order (exact, longest leading `*.`, longest trailing `.*`, first regex), else the port's
 * default_server, else the first server on it.
 */
export function findServer(config: NginxConfig, host: string, port: number): ServerMatch | undefined {
  const onPort: { server: NginxDirective; listen: NginxDirective | undefined; parsed: Listen }[] = [];
  for (const server of httpServers(config)) {
    const listens = children(server, 'listen');
    const candidates = listens.length
      ? listens.map((l) => ({ listen: l as NginxDirective | undefined, parsed: parseListen(l.args) }))
      : [{ listen: undefined, parsed: { address: undefined, port: 80, defaultServer: false } as Listen }];
    const hit = candidates.find((c) => c.parsed && c.parsed.port === port && addressMayMatch(c.parsed.address, host));
    if (hit?.parsed) onPort.push({ server, listen: hit.listen, parsed: hit.parsed });
  }
  if (onPort.length === 0) return undefined;
  const named = byServerName(
    onPort.map((o) => o.server),
    host.toLowerCase().replace(/\.$/, ''),
  );
  if (named) return { server: named, listen: onPort.find((o) => o.server === named)?.listen, how: 'server_name' };
  const fallback = onPort.find((o) => o.parsed.defaultServer);
  if (fallback) return { server: fallback.server, listen: fallback.listen, how: 'default_server' };
  return { server: onPort[0]!.server, listen: onPort[0]!.listen, how: 'first on the port' };
}

function addressMayMatch(address: string | undefined, host: string): boolean {
  if (!address || address === '*' || address === '0.0.0.0' || address === '::') return true;
  const bare = host.replace(/^\[|\]$/g, '');
  // A hostname resolves to some address we cannot know statically: keep the listener.
  if (!isIP(bare) || !isIP(address)) return true;
  return bare === address;
}

function byServerName(servers: readonly NginxDirective[], host: string): NginxDirective | undefined {
  const names = servers.flatMap((server) =>
    children(server, 'server_name').flatMap((d) => d.args.map((name) => ({ server, name: name.toLowerCase() }))),
  );
  const exact = names.find((n) => n.name === host || (n.name.startsWith('.') && n.name.slice(1) === host));
  if (exact) return exact.server;
  const leading = names.filter(
    (n) => (n.name.startsWith('*.') && host.endsWith(n.name.slice(1))) || (n.name.startsWith('.') && host.endsWith(n.name)),
  );
  if (leading.length) return longest(leading).server;
  const trailing = names.filter((n) => n.name.endsWith('.*') && host.startsWith(n.name.slice(0, -1)));
  if (trailing.length) return longest(trailing).server;
  return names.find((n) => n.name.startsWith('~') && safeRegExp(n.name.slice(1), false)?.test(host))?.server;
}

function longest<T extends { name: string }>(items: readonly T[]): T {
  return items.reduce((a, b) => (b.name.length > a.name.length ? b : a));
}

interface LocationSpec {
  readonly modifier: '=' | '^~' | '~' | '~*' | '' | '@';
  readonly pattern: string;
}

export function locationSpec(location: NginxDirective): LocationSpec {
  const [first = '', second] = location.args;
  if (second !== undefined && ['=', '^~', '~', '~*'].includes(first))
    return { modifier: first as LocationSpec['modifier'], pattern: second };
  // "location =/mcp" and "location ~^/x" are also accepted by nginx.
  for (const modifier of ['=', '^~', '~*', '~'] as const)
    if (first.startsWith(modifier) && first.length > modifier.length) return { modifier, pattern: first.slice(modifier.length) };
  if (first.startsWith('@')) return { modifier: '@', pattern: first };
  return { modifier: '', pattern: first };
}

/**
 * nginx's location search for a path: an exact `=` match wins; otherwise the longest prefix, whose
 * nested locations are searched the same way first; a `^~` prefix stops there; otherwise the
 * regexes of that level in config order (inner levels first), then the longest prefix.
 */
export function findLocation(
  locations: readonly NginxDirective[],
  path: string,
  parents: readonly NginxDirective[] = [],
): LocationMatch | undefined {
  const specs = locations.map((location) => ({ location, spec: locationSpec(location) }));
  const exact = specs.find((s) => s.spec.modifier === '=' && s.spec.pattern === path);
  if (exact) return { location: exact.location, how: 'exact', parents };
  const prefixes = specs.filter((s) => (s.spec.modifier === '' || s.spec.modifier === '^~') && path.startsWith(s.spec.pattern));
  const prefix = prefixes.length ? prefixes.reduce((a, b) => (b.spec.pattern.length > a.spec.pattern.length ? b : a)) : undefined;
  let best: LocationMatch | undefined = prefix && {
    location: prefix.location,
    how: prefix.spec.modifier === '^~' ? 'prefix ^~' : 'prefix',
    parents,
  };
  if (prefix) {
    const inner = findLocation(children(prefix.location, 'location'), path, [...parents, prefix.location]);
    if (inner && (inner.how === 'exact' || inner.how === 'regex')) return inner;
    if (inner) best = inner;
  }
  if (best?.how === 'prefix ^~') return best;
  for (const s of specs) {
    if ((s.spec.modifier === '~' || s.spec.modifier === '~*') && safeRegExp(s.spec.pattern, s.spec.modifier === '~*')?.test(path))
      return { location: s.location, how: 'regex', parents };
  }
  return best;
}

/** PCRE as JavaScript reads it (close enough for location patterns); undefined when it does not compile. */
function safeRegExp(pattern: string, caseless: boolean): RegExp | undefined {
  try {
    return new RegExp(pattern, caseless ? 'i' : '');
  } catch {
    return undefined;
  }
}

const PASS_DIRECTIVES = ['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass', 'grpc_pass'];

/** Whether a location hands requests to an upstream (and so, for a prefix ending in `/`, redirects the path without it). */
export function passesUpstream(location: NginxDirective): boolean {
  return (location.block ?? []).some((d) => PASS_DIRECTIVES.includes(d.name));
}

/**
 * The prefix location whose name is `path + "/"` and that passes upstream: nginx answers `path`
 * itself with a 301 to `path/` (before any regex), unless a location matches `path` exactly or a
 * prefix location is named `path`.
 */
export function slashRedirectingLocation(locations: readonly NginxDirective[], path: string): NginxDirective | undefined {
  if (path.endsWith('/')) return undefined;
  const specs = locations.map((location) => ({ location, spec: locationSpec(location) }));
  if (specs.some((s) => (s.spec.modifier === '=' || s.spec.modifier === '' || s.spec.modifier === '^~') && s.spec.pattern === path))
    return undefined;
  return specs.find(
    (s) => (s.spec.modifier === '' || s.spec.modifier === '^~') && s.spec.pattern === `${path}/` && passesUpstream(s.location),
  )?.location;
}
