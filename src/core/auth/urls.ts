import { isLoopbackHost } from '../net/hosts';
/** The canonical resource URI of an MCP server (RFC 8707 / MCP spec): the URL without its fragment. */
export function canonicalResource(url: URL): string {
  const copy = new URL(url.href);
  copy.hash = '';
  return copy.href;
}

/** Same resource, allowing only the `https://host` vs `https://host/` spelling difference. */
export function sameResource(a: string, b: string): boolean {
  if (a === b) return true;
  const ua = parseUrl(a);
  const ub = parseUrl(b);
  return !!ua && !!ub && ua.pathname === '/' && ub.pathname === '/' && ua.origin === ub.origin && ua.search === ub.search;
}

/**
 * What the MCP TypeScript SDK accepts (`checkResourceAllowed`): same origin, and the MCP URL's path
 * starts with the metadata resource's path. Looser than exact equality.
 */
export function sdkAcceptsResource(mcpUrl: string, resource: string): boolean {
  const requested = parseUrl(mcpUrl);
  const configured = parseUrl(resource);
  if (!requested || !configured || requested.origin !== configured.origin) return false;
  const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);
  return withSlash(requested.pathname).startsWith(withSlash(configured.pathname));
}

/** Well-known URLs for protected resource metadata, in the order the spec (2025-11-25) has clients try them. */
export function protectedResourceMetadataUrls(mcpUrl: URL, fromHeader?: string): URL[] {
  const urls: URL[] = [];
  const header = fromHeader ? parseUrl(fromHeader, mcpUrl) : undefined;
  if (header) urls.push(header);
  const path = mcpUrl.pathname.replace(/\/+$/, '');
  if (path !== '') urls.push(new URL(`/.well-known/oauth-protected-resource${path}`, mcpUrl.origin));
  urls.push(new URL('/.well-known/oauth-protected-resource', mcpUrl.origin));
  return dedupe(urls);
}

/** Authorization server metadata URLs in the spec's order (RFC 8414 first, then OpenID Connect). */
export function authorizationServerMetadataUrls(issuer: URL): { url: URL; kind: 'oauth' | 'oidc' }[] {
  const path = issuer.pathname.replace(/\/+$/, '');
  if (path === '') {
    return [
      { url: new URL('/.well-known/oauth-authorization-server', issuer.origin), kind: 'oauth' },
      { url: new URL('/.well-known/openid-configuration', issuer.origin), kind: 'oidc' },
    ];
  }
  return [
    { url: new URL(`/.well-known/oauth-authorization-server${path}`, issuer.origin), kind: 'oauth' },
    { url: new URL(`/.well-known/openid-configuration${path}`, issuer.origin), kind: 'oidc' },
    { url: new URL(`${path}/.well-known/openid-configuration`, issuer.origin), kind: 'oidc' },
  ];
}

/** http:// URLs, except on loopback, are not allowed for OAuth endpoints and metadata. */
export function insecurity(value: string): 'ok' | 'loopback-http' | 'http' | 'invalid' {
  const url = parseUrl(value);
  if (!url) return 'invalid';
  if (url.protocol === 'https:') return 'ok';
  if (url.protocol !== 'http:') return 'invalid';
  return isLoopbackHost(url.hostname) ? 'loopback-http' : 'http';
}

export function parseUrl(value: string, base?: URL): URL | undefined {
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

function dedupe(urls: URL[]): URL[] {
  const seen = new Set<string>();
  return urls.filter((u) => !seen.has(u.href) && seen.add(u.href));
}
