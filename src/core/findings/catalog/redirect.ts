import { type CatalogEntry, type Evidence } from '../types';
import { ev } from '../text';

/** "scheme and port" from ['scheme', 'port']. */
function lostText(e: Evidence): string {
  const lost = Array.isArray(e.lost) ? e.lost.map(String) : [];
  if (lost.length <= 1) return lost[0] ?? 'nothing';
  return `${lost.slice(0, -1).join(', ')} and ${lost[lost.length - 1]}`;
}

function hopText(e: Evidence): string {
  return `${ev(e, 'method')} ${ev(e, 'from')} is redirected (${ev(e, 'status')}) to ${ev(e, 'to')}`;
}

/** " Following it, POST http://h/mcp/ failed (ECONNREFUSED: connection refused…)." when it did. */
function nextFailure(e: Evidence): string {
  return e.nextFailedRequest ? ` Following it, ${ev(e, 'nextFailedRequest')} failed (${ev(e, 'nextError')}).` : '';
}

/** "Use URL in the client configuration, or " when a corrected URL is known. */
function useCorrected(e: Evidence): string {
  return e.correctedUrl ? `Use ${ev(e, 'correctedUrl')} in the client configuration (so no redirect is needed), or ` : '';
}

function proxyName(e: Evidence): string {
  return typeof e.server === 'string' && /nginx/i.test(e.server) ? 'nginx' : 'proxy';
}

/** nginx rule that redirects with the scheme, host and port the client used. */
function nginxRule(e: Evidence): string {
  const target = e.slashAdded ? '$uri/' : ev(e, 'toPath', '/');
  return `location = ${ev(e, 'fromPath', '/mcp')} { return 308 $scheme://$http_host${target}; }`;
}

const APP_REDIRECT_FIX =
  'if the application sends the redirect (e.g. Starlette/FastMCP adding the slash), forward what the client used with `proxy_set_header Host $http_host;` and `proxy_set_header X-Forwarded-Proto $scheme;`, and let the app trust them (uvicorn --proxy-headers --forwarded-allow-ips=<proxy address>)';

/** Redirect chains walked by hand, hop by hop. */
export const redirectEntries = {
  REDIRECT_SCHEME_DOWNGRADE: {
    severity: 'error',
    step: 'http',
    title: 'Redirect from HTTPS to plain HTTP',
    cause: (e) =>
      `${hopText(e)} (${lostText(e)} lost). A client that follows it leaves TLS, sends the request in clear text and drops the Authorization header on the new origin, so the server never sees an authenticated MCP request: clients then fail with "Session terminated", 401 or a connection error.${nextFailure(e)}`,
    fix: (e) =>
      `${useCorrected(e)}fix the ${proxyName(e)} redirect so it keeps the scheme and port: nginx \`absolute_redirect off;\` (the Location becomes relative) or \`${nginxRule(e)}\`; ${APP_REDIRECT_FIX}.`,
  },
  REDIRECT_PORT_DROPPED: {
    severity: 'error',
    step: 'http',
    title: 'Redirect loses the port',
    cause: (e) =>
      `${hopText(e)}: port ${ev(e, 'fromPort')} becomes ${ev(e, 'toPort')}${e.toPortExplicit ? '' : ' (the default port, because the Location has none)'}, where the MCP server is not listening.${nextFailure(e)}`,
    fix: (e) =>
      `${useCorrected(e)}make the redirect keep host:port: nginx \`absolute_redirect off;\` or \`${nginxRule(e)}\` ($http_host keeps the port; $host and server_name drop it); for redirects made by the application use \`proxy_set_header Host $http_host;\` rather than \`$host\`.`,
  },
  REDIRECT_TRAILING_SLASH: {
    severity: 'warning',
    step: 'http',
    title: 'Redirect only adds or removes a trailing slash',
    cause: (e) =>
      `${hopText(e)}; only the trailing slash of the path differs${e.lost && lostText(e) !== 'nothing' ? `, but the redirect also loses the ${lostText(e)}` : ''}. The server wants the path ${ev(e, 'toPath')}.${nextFailure(e)}`,
    fix: (e) =>
      `Configure the exact URL ${ev(e, 'correctedUrl')} in the client (same scheme, host and port as before, with the server's path). Server side: serve the path without a redirect, or redirect correctly with \`${nginxRule(e)}\` or nginx \`absolute_redirect off;\`.`,
  },
  REDIRECT_METHOD_CHANGED: {
    severity: 'error',
    step: 'http',
    title: 'Redirect turns POST into GET',
    cause: (e) =>
      `${hopText(e)}. Clients follow a ${ev(e, 'status')} with ${ev(e, 'toMethod', 'GET')} instead of ${ev(e, 'method')}, so the JSON-RPC body is dropped and the MCP request never arrives.${nextFailure(e)}`,
    fix: (e) =>
      `${useCorrected(e)}make the server redirect with 307 or 308, which keep the method and body (nginx: \`return 308 ...\` instead of 301/302).`,
  },
  REDIRECT_CROSS_ORIGIN: {
    severity: 'warning',
    step: 'http',
    title: 'Redirect to another host',
    cause: (e) =>
      `${hopText(e)}, another host (${ev(e, 'fromHost')} → ${ev(e, 'toHost')}). Clients drop the Authorization header on a cross-origin redirect, so a token never reaches ${ev(e, 'toHost')}.${nextFailure(e)}`,
    fix: (e) =>
      `If ${ev(e, 'to')} is the real MCP endpoint, configure it directly (with a token issued for it); otherwise remove the redirect on ${ev(e, 'fromHost')}.`,
  },
  REDIRECT_PATH_CHANGED: {
    severity: 'info',
    step: 'http',
    title: 'Endpoint redirects to another path',
    cause: (e) =>
      `${hopText(e)}. It works for clients that follow redirects, at the cost of an extra round trip; some clients do not follow redirects for POST.${nextFailure(e)}`,
    fix: (e) => `Configure ${ev(e, 'correctedUrl', ev(e, 'to'))} directly.`,
  },
  REDIRECT_LOOP: {
    severity: 'error',
    step: 'http',
    title: 'Redirect loop',
    cause: (e) =>
      `The redirects come back to ${ev(e, 'url')} after ${ev(e, 'hops')} hops (${ev(e, 'chain')}). No client can reach the endpoint.`,
    fix: () =>
      'Usually a proxy and the application disagree: the proxy redirects http→https while the application, not told the original scheme, redirects back (pass `proxy_set_header X-Forwarded-Proto $scheme;` and trust it), or one adds a trailing slash the other removes. Make exactly one of them own the redirect.',
  },
  REDIRECT_TOO_MANY: {
    severity: 'error',
    step: 'http',
    title: 'Too many redirects',
    cause: (e) =>
      `${ev(e, 'url')} was still redirecting after ${ev(e, 'hops')} redirects (${ev(e, 'chain')}). Clients give up long before (VS Code after 5).`,
    fix: () => 'Configure the final endpoint URL directly and remove the redirect chain on the server or proxy.',
  },
} satisfies Record<string, CatalogEntry>;
