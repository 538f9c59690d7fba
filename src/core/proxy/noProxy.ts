import { isIP } from 'node:net';
import { type NoProxyVerdict } from './types';

/** One NO_PROXY entry as the clients read it. */
interface Entry {
  readonly raw: string;
  readonly host: string;
  readonly port?: number;
}

/** Splits a NO_PROXY value the way undici does (commas or whitespace), keeping the raw text. */
export function parseNoProxy(value: string): Entry[] {
  return value
    .split(/[,\s]/)
    .filter(Boolean)
    .map((raw) => {
      const withPort = /^(.+):(\d+)$/.exec(raw);
      const host = (withPort ? withPort[1]! : raw)
        .replace(/^\*?\./, '')
        .replace(/^\[(.*)\]$/, '$1')
        .toLowerCase();
      return { raw, host, port: withPort ? Number(withPort[2]) : undefined };
    });
}

function suffixMatch(host: string, entry: string): boolean {
  return host === entry || host.endsWith(`.${entry}`);
}

/** undici's EnvHttpProxyAgent (Node clients such as mcp-remote, the MCP Inspector CLI): host or suffix, optional port, "*" alone. */
function undiciMatch(entries: Entry[], value: string, host: string, port: number): Entry | undefined {
  if (value.trim() === '*') return { raw: '*', host: '*' };
  return entries.find((e) => (e.port === undefined || e.port === port) && suffixMatch(host, e.host));
}

/** curl 7.86+: host or suffix, IP ranges in CIDR notation, "*"; entries with a port never match. */
function curlMatch(entries: Entry[], host: string): Entry | undefined {
  return entries.find((e) => e.host === '*' || (e.port === undefined && (suffixMatch(host, e.host) || cidrContains(e.raw, host))));
}

/**
 * Python requests: for IP hosts the address or a CIDR range; otherwise a plain string suffix of the
 * host or "host:port" (no dot boundary), plus urllib's dot-boundary match of the entry without
 * leading dots; "*" alone.
 */
function requestsMatch(entries: Entry[], host: string, port: number): Entry | undefined {
  return entries.find((e) => {
    const raw = e.raw.toLowerCase();
    if (raw === '*') return true;
    if (isIP(host)) return raw === host || cidrContains(raw, host);
    const name = raw.replace(/^\.+/, '');
    return [host, `${host}:${port}`].some((h) => h.endsWith(raw) || suffixMatch(h, name));
  });
}

/**
 * The entry that sends `host:port` direct, by our (undici) reading, and what each client family does
 * with the same value: they differ on ports, CIDR ranges and wildcards.
 */
export function matchNoProxy(value: string, host: string, port: number): { entry?: string; clients: NoProxyVerdict[] } {
  const entries = parseNoProxy(value);
  const h = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const undici = undiciMatch(entries, value, h, port);
  const curl = curlMatch(entries, h);
  const python = requestsMatch(entries, h, port);
  return {
    entry: undici?.raw,
    clients: [
      {
        client: 'Node with undici EnvHttpProxyAgent (mcp-remote, MCP Inspector)',
        bypasses: undici !== undefined,
        note: 'host or .domain suffix, optional :port, "*" only alone; no CIDR',
      },
      {
        client: 'curl',
        bypasses: curl !== undefined,
        note: 'host or .domain suffix, CIDR ranges; compares host names only, so entries with :port do not match',
      },
      {
        client: 'Python requests',
        bypasses: python !== undefined,
        note: 'any string suffix of host or host:port (no dot boundary), CIDR for IP hosts; no *.domain',
      },
      {
        client: 'Node built-in fetch (MCP TypeScript SDK)',
        bypasses: true,
        note: 'ignores HTTPS_PROXY and NO_PROXY entirely unless NODE_USE_ENV_PROXY=1 (Node 24+) or a proxy agent is installed',
      },
    ],
  };
}

/** Whether an "a.b.c.d/n" (or IPv6 "x::/n") entry contains the IP host. */
export function cidrContains(range: string, host: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(range);
  if (!m || !isIP(host) || isIP(m[1]!) !== isIP(host)) return false;
  const bits = Number(m[2]);
  const a = ipBytes(m[1]!);
  const b = ipBytes(host);
  if (!a || !b || bits > a.length * 8) return false;
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8);
    if ((a[Math.floor(i / 8)]! & mask) !== (b[Math.floor(i / 8)]! & mask)) return false;
  }
  return true;
}

function ipBytes(ip: string): number[] | undefined {
  if (isIP(ip) === 4) return ip.split('.').map(Number);
  if (isIP(ip) !== 6) return undefined;
  const [head = '', tail = ''] = ip.includes('::') ? ip.split('::') : [ip, ''];
  const parts = (s: string) => (s ? s.split(':') : []);
  const h = parts(head);
  const t = parts(tail);
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => g.includes('.'))) return undefined;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}
