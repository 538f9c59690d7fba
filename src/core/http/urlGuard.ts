import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { isLoopbackHost } from '../net/hosts';

/**
 * The rule for URLs that a server or an authorization server names (`resource_metadata`,
 * `authorization_servers`, `jwks_uri`, endpoints): a hostile server must not be able to make the
 * tool fetch an internal address and echo the answer into a report (in CI on a cloud runner that
 * includes the instance metadata service). URLs on the MCP server's own origin are what the user
 * configured, so they are fetched as the server itself is.
 */
export interface UrlGuard {
  /** The MCP server the user configured. Plain http is allowed only when it is on loopback. */
  readonly serverUrl: URL;
  /** DNS lookup of every address of a name (injectable: tests map names to addresses). */
  readonly lookup?: LookupAll;
}

export type LookupAll = (hostname: string, signal: AbortSignal) => Promise<readonly { address: string; family: number }[]>;

export type RefusalReason = 'scheme' | 'plain-http' | 'forbidden-address' | 'unresolvable';

/** Why a named URL was not fetched. Never holds anything the server sent but the URL itself. */
export interface UrlRefusal {
  readonly reason: RefusalReason;
  /** The forbidden address the name resolved (or connected) to. */
  readonly address?: string;
  /** e.g. "link-local (169.254.0.0/16)", "cloud metadata service". */
  readonly addressKind?: string;
}

/** Code of the connect error raised when a name resolves to a forbidden address at connect time. */
export const FORBIDDEN_ADDRESS = 'ERR_MCPDOCTOR_FORBIDDEN_ADDRESS';

const FORBIDDEN = (() => {
  const list = new BlockList();
  list.addSubnet('169.254.0.0', 16, 'ipv4');
  list.addSubnet('fe80::', 10, 'ipv6');
  list.addAddress('fd00:ec2::254', 'ipv6');
  list.addAddress('100.100.100.200', 'ipv4');
  return list;
})();

/**
 * What kind of forbidden address this is, or undefined when it may be fetched. Link-local covers the
 * AWS/GCP/Azure/OpenStack metadata service at 169.254.169.254; fd00:ec2::254 is AWS's IPv6 one and
 * 100.100.100.200 Alibaba Cloud's. IPv4-mapped IPv6 spellings are unwrapped first.
 */
export function forbiddenAddressKind(address: string): string | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare)?.[1] ?? mappedHex(bare);
  const ip = mapped ?? bare;
  const family = isIP(ip);
  if (family === 0 || !FORBIDDEN.check(ip, family === 4 ? 'ipv4' : 'ipv6')) return undefined;
  if (ip === '169.254.169.254' || ip === 'fd00:ec2::254' || ip === '100.100.100.200') return 'cloud metadata service';
  return family === 4 ? 'link-local (169.254.0.0/16)' : 'link-local (fe80::/10)';
}

/** `::ffff:a9fe:a9fe` (how WHATWG URL normalises `[::ffff:169.254.169.254]`) → 169.254.169.254. */
function mappedHex(ip: string): string | undefined {
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
  if (!m) return undefined;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin;
}

/**
 * Checks a named URL before any byte is sent: the scheme, plain http only for a loopback server,
 * and every address its name resolves to. The connection itself is checked again at connect time
 * ({@link guardedConnectLookup}) so a name that resolves differently the second time cannot slip through.
 */
export async function checkNamedUrl(url: URL, guard: UrlGuard, signal: AbortSignal): Promise<UrlRefusal | undefined> {
  if (sameOrigin(url, guard.serverUrl)) return undefined;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { reason: 'scheme' };
  if (url.protocol === 'http:' && !isLoopbackHost(guard.serverUrl.hostname)) return { reason: 'plain-http' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) {
    const kind = forbiddenAddressKind(host);
    return kind ? { reason: 'forbidden-address', address: host, addressKind: kind } : undefined;
  }
  let addresses: readonly { address: string }[];
  try {
    addresses = await (guard.lookup ?? systemLookupAll)(host, signal);
  } catch {
    // The fetch itself will fail with the resolver's error code; that is the better explanation.
    return undefined;
  }
  for (const { address } of addresses) {
    const kind = forbiddenAddressKind(address);
    if (kind) return { reason: 'forbidden-address', address, addressKind: kind };
  }
  return undefined;
}

/** All addresses of a name, as the system resolver gives them (what a connect would use). */
export const systemLookupAll: LookupAll = (hostname, signal) =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    dnsLookup(hostname, { all: true }, (err, addresses: LookupAddress[]) => (err ? reject(err) : resolve(addresses)));
  });

const connectLookups = new WeakMap<UrlGuard, LookupFunction>();

/**
 * A socket `lookup` that refuses forbidden addresses: the address the connection really goes to is
 * the one checked (DNS rebinding between the check and the connect cannot smuggle one). One
 * function per guard, so requests under the same guard share connections.
 */
export function guardedConnectLookup(guard: UrlGuard): LookupFunction {
  let fn = connectLookups.get(guard);
  if (fn) return fn;
  fn = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const resolve = guard.lookup ?? systemLookupAll;
    resolve(hostname, AbortSignal.timeout(30_000)).then(
      (addresses) => {
        const bad = addresses.find((a) => forbiddenAddressKind(a.address));
        if (bad) {
          const err = Object.assign(
            new Error(`${hostname} resolved to ${bad.address}, an address MCP Doctor never connects to for a URL a server names`),
            { code: FORBIDDEN_ADDRESS, address: bad.address },
          );
          return callback(err);
        }
        if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
        if (options?.all) return callback(null, addresses);
        callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (err: unknown) => callback(err),
    );
  }) as unknown as LookupFunction;
  connectLookups.set(guard, fn);
  return fn;
}

/** One-line explanation of a refusal, for the "URLs tried" list. */
export function refusalOutcome(refusal: UrlRefusal): string {
  switch (refusal.reason) {
    case 'scheme':
      return 'refused: not an https URL';
    case 'plain-http':
      return 'refused: plain http (only allowed when the MCP server is on loopback)';
    case 'forbidden-address':
      return `refused: resolves to ${refusal.address} (${refusal.addressKind})`;
    case 'unresolvable':
      return 'refused: name does not resolve';
  }
}
