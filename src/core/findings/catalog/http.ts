import { type CatalogEntry, type Evidence } from '../types';
import { ev } from '../text';

function statusText(e: Evidence): string {
  return `${ev(e, 'method', 'POST')} ${ev(e, 'url')} answered ${ev(e, 'status')}`;
}

/** HTTP answers that are not MCP, and the HTTP-vs-HTTPS comparison. */
export const httpEntries = {
  HTTP_NOT_MCP: {
    severity: 'error',
    step: 'http',
    title: 'The URL answers, but not with MCP',
    cause: (e) =>
      `${statusText(e)} with ${ev(e, 'contentType', 'no content type')}${e.pageTitle ? ` (a page titled "${ev(e, 'pageTitle')}")` : ''} instead of JSON or an event stream. The URL points at a web page, a login or SSO proxy, or an API that is not the MCP endpoint.`,
    fix: () =>
      'Use the MCP endpoint itself (often ending in /mcp, or /sse for older servers); if a login proxy intercepts the request, configure it to pass the MCP path through with the bearer token.',
  },
  HTTP_NOT_FOUND: {
    severity: 'error',
    step: 'http',
    title: 'Nothing at this path (404)',
    cause: (e) => `${statusText(e)}, and a GET for an HTTP+SSE stream found none either: no MCP endpoint is served at ${ev(e, 'path')}.`,
    fix: () =>
      'Check the path the server mounts its MCP endpoint on (commonly /mcp, /mcp/ or /sse) and that the proxy forwards it (nginx location and proxy_pass paths).',
  },
  HTTP_METHOD_NOT_ALLOWED: {
    severity: 'error',
    step: 'http',
    title: 'The URL does not accept POST (405)',
    cause: (e) =>
      `${statusText(e)}${e.allow ? ` (Allow: ${ev(e, 'allow')})` : ''}, and it does not open an HTTP+SSE stream on GET. MCP clients must POST to the endpoint.`,
    fix: () =>
      'Point the client at the MCP endpoint, not at a static or GET-only route; check that the proxy forwards POST to the MCP server.',
  },
  HTTP_SERVER_ERROR: {
    severity: 'error',
    step: 'http',
    title: 'Server error',
    cause: (e) =>
      `${statusText(e)}${e.server ? ` (server: ${ev(e, 'server')})` : ''}. ${[502, 503, 504].includes(Number(e.status)) ? 'The proxy could not get an answer from the MCP server behind it: the upstream is down, crashed, or proxy_pass points at the wrong port.' : 'The server failed while handling the MCP request.'}`,
    fix: (e) =>
      [502, 503, 504].includes(Number(e.status))
        ? 'Check that the MCP server behind the proxy is running and listening where proxy_pass points (curl it directly); read the proxy error log (nginx: /var/log/nginx/error.log).'
        : 'Read the MCP server logs for the stack trace of this request; check its required configuration (environment variables, JWKS/issuer settings).',
  },
  HTTP_RATE_LIMITED: {
    severity: 'error',
    step: 'http',
    title: 'Rate limited (429)',
    cause: (e) =>
      `${statusText(e)} Too Many Requests${e.retryAfterSeconds !== undefined ? `; it asks to wait ${ev(e, 'retryAfterSeconds')} s (Retry-After)` : ''}${e.rateLimit ? ` (${ev(e, 'rateLimit')})` : ''}. MCP Doctor stopped probing this endpoint instead of retrying.`,
    fix: (e) =>
      `Wait${e.retryAfterSeconds !== undefined ? ` ${ev(e, 'retryAfterSeconds')} s` : ''} and run again; if clients hit this in normal use, raise the limit (nginx limit_req burst / rate) or make the client reuse its session instead of re-initialising.`,
  },
  HTTP_AUTH_REQUIRED: {
    severity: 'info',
    step: 'http',
    title: 'The server requires authentication',
    cause: (e) =>
      `${statusText(e)} without a token${e.wwwAuthenticate ? ` (WWW-Authenticate: ${ev(e, 'wwwAuthenticate')})` : ''}. The MCP checks stop here.`,
    fix: () => 'Give a token to check the authenticated path: mcp-doctor diagnose URL --token-env VAR (VAR holds the access token).',
  },
  HTTP_INVALID_RESPONSE: {
    severity: 'error',
    step: 'http',
    title: 'The answer is not valid HTTP',
    cause: (e) =>
      e.problem === 'headers-too-large'
        ? `${ev(e, 'method', 'POST')} ${ev(e, 'url')} was answered with response headers larger than the client accepts (${ev(e, 'errorCode')}); Node-based clients refuse the response.`
        : `${ev(e, 'method', 'POST')} ${ev(e, 'url')} was answered with bytes that are not an HTTP/1.1 response (${ev(e, 'errorCode', 'parser error')}): something other than a web server listens on that port, or a proxy mangles the answer.`,
    fix: (e) =>
      e.problem === 'headers-too-large'
        ? 'Find what adds the huge header (often WWW-Authenticate or Set-Cookie from a proxy or SSO layer) and shrink it; keep response headers well under 16 KB.'
        : 'Check the host and port: point the client at the HTTP(S) port of the MCP server, not another service (SSH, a database, a TLS port spoken to in plain HTTP).',
  },
  HTTP_NO_RESPONSE: {
    severity: 'error',
    step: 'http',
    title: 'No response from the server',
    cause: (e) =>
      `The request ${ev(e, 'method', 'POST')} ${ev(e, 'url')} was sent but no response headers came back within ${ev(e, 'timeoutMs')} ms. The server (or the upstream behind a proxy) hangs on the request.`,
    fix: () =>
      'Check the MCP server logs for a stuck handler and the proxy timeouts (nginx proxy_read_timeout); raise --timeout only if the server is known to be slow.',
  },
  HTTP_TLS_FAILED: {
    severity: 'error',
    step: 'http',
    title: 'TLS failed on an HTTP request',
    cause: (e) => `The HTTPS request to ${ev(e, 'url')} failed during TLS (${ev(e, 'errorCode')}).`,
    fix: (e) => `Diagnose that URL's certificate on its own: mcp-doctor diagnose ${ev(e, 'url')} (the TLS findings name the exact fix).`,
  },
  HTTP_REQUEST_FAILED: {
    severity: 'error',
    step: 'http',
    title: 'HTTP request failed',
    cause: (e) => `${ev(e, 'method', 'POST')} ${ev(e, 'url')} failed before a response arrived (${ev(e, 'errorCode', 'no error code')}).`,
    fix: () => 'Check that the server is running and reachable at that address; rerun with --json to see every exchange.',
  },
  HTTP_COMPARE_PROXY_PATH_FAILS: {
    severity: 'warning',
    step: 'http',
    title: 'Works on the alternate URL, fails on the configured one',
    cause: (e) =>
      `${ev(e, 'alternateUrl')} works (${ev(e, 'alternateSummary')}) while ${ev(e, 'primaryUrl')} fails (${ev(e, 'primarySummary')}). The MCP server itself is fine: the problem is in the ${ev(e, 'layer', 'TLS/proxy')} layer in front of it.`,
    fix: (e) =>
      `Fix the ${ev(e, 'layer', 'TLS/proxy')} layer as the findings above say (${ev(e, 'primaryCode', 'see above')}); do not change the MCP server.`,
  },
  HTTP_COMPARE_BOTH_FAIL: {
    severity: 'info',
    step: 'http',
    title: 'Fails on both URLs',
    cause: (e) =>
      `${ev(e, 'primaryUrl')} fails (${ev(e, 'primarySummary')}) and so does ${ev(e, 'alternateUrl')} (${ev(e, 'alternateSummary')}). The problem is not specific to the TLS/proxy path; look at the MCP server itself.`,
    fix: () => 'Fix the server-side problem first (its findings are listed above), then run the comparison again.',
  },
  HTTP_COMPARE_BOTH_WORK: {
    severity: 'ok',
    step: 'http',
    title: 'Both URLs work',
    cause: (e) => `${ev(e, 'primaryUrl')} and ${ev(e, 'alternateUrl')} both answer MCP.`,
    fix: () => 'Nothing to change.',
  },
  HTTP_COMPARE_ALTERNATE_FAILS: {
    severity: 'info',
    step: 'http',
    title: 'Only the configured URL works',
    cause: (e) => `${ev(e, 'primaryUrl')} works but ${ev(e, 'alternateUrl')} fails (${ev(e, 'alternateSummary')}).`,
    fix: () => 'Nothing to change for the configured URL; the alternate URL is not a working route to the server.',
  },
} satisfies Record<string, CatalogEntry>;
