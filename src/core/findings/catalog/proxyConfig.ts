import { type CatalogEntry, type Evidence } from '../types';
import { ev } from '../text';

/** `location /mcp/` (conf.d/mcp.conf:12) */
function where(e: Evidence): string {
  return `\`${ev(e, 'directive')}\` (${ev(e, 'file')}:${ev(e, 'line')})`;
}

/**
 * What reading the reverse proxy's own config shows (`--proxy-config`, the workspace's nginx.conf),
 * before or without a live run. Each names the line; `configLocations` in the report carries it too.
 */
export const proxyConfigEntries = {
  NGINX_SLASH_REDIRECT: {
    severity: 'warning',
    step: 'config',
    title: 'nginx will redirect the MCP path to add a slash',
    cause: (e) =>
      `${where(e)} passes requests upstream and there is no \`location = ${ev(e, 'path')}\`, so nginx itself answers \`POST ${ev(e, 'path')}\` with \`301 Location: …${ev(e, 'slashPath')}\`. Clients follow a 301 with GET, dropping the JSON-RPC body.`,
    fix: (e) =>
      `Add \`location = ${ev(e, 'path')} { proxy_pass <the same upstream>${ev(e, 'slashPath')}; }\` next to ${where(e)} (nginx then serves ${ev(e, 'path')} with no redirect), or configure the client with the URL ending in ${ev(e, 'slashPath')}.`,
  },
  NGINX_PROXY_HTTP10: {
    severity: 'warning',
    step: 'config',
    title: 'nginx talks HTTP/1.0 to the MCP server',
    cause: (e) =>
      `The MCP location uses proxy_http_version ${ev(e, 'value')} (${ev(e, 'file')}:${ev(e, 'line')}). Over HTTP/1.0 nginx cannot keep upstream connections alive and cannot pass a chunked streamed answer through as it comes (Streamable HTTP and SSE responses).`,
    fix: (e) => `Set \`proxy_http_version 1.1;\` and \`proxy_set_header Connection "";\` in ${where(e)} or its server block.`,
  },
  NGINX_PROXY_BUFFERING: {
    severity: 'warning',
    step: 'config',
    title: 'nginx buffers the MCP responses',
    cause: (e) =>
      `proxy_buffering is ${ev(e, 'value')} for the MCP location (${ev(e, 'file')}:${ev(e, 'line')}): nginx holds server-sent events until its buffer fills or the stream ends, so notifications and streamed results arrive late or never.`,
    fix: (e) => `Add \`proxy_buffering off;\` to ${where(e)} (or have the server send \`X-Accel-Buffering: no\`).`,
  },
  NGINX_READ_TIMEOUT_SHORT: {
    severity: 'info',
    step: 'config',
    title: 'nginx cuts idle MCP streams early',
    cause: (e) =>
      `proxy_read_timeout is ${ev(e, 'value')} for the MCP location (${ev(e, 'file')}:${ev(e, 'line')}): nginx closes an SSE stream on which the server sends nothing for ${ev(e, 'seconds')} s, and clients see the stream end and reconnect or fail.`,
    fix: (e) =>
      `Set \`proxy_read_timeout 3600s;\` (and \`proxy_send_timeout\`) in ${where(e)}, or make the server send keep-alive events more often than every ${ev(e, 'seconds')} s.`,
  },
  NGINX_HOST_WITHOUT_PORT: {
    severity: 'warning',
    step: 'config',
    title: 'nginx forwards a Host without the port',
    cause: (e) =>
      `The upstream gets \`Host: ${ev(e, 'value')}\` (${ev(e, 'file')}:${ev(e, 'line')}), which does not carry port ${ev(e, 'port')}. Any absolute URL the application builds from it (a trailing-slash redirect, resource metadata) points at the default port, where nothing answers.`,
    fix: (e) =>
      `${e.set === 'yes' ? `Replace ${where(e)} with` : `Add to ${where(e)}:`} \`proxy_set_header Host $http_host;\` (the Host the client sent, port included).`,
  },
  NGINX_NO_FORWARDED_PROTO: {
    severity: 'warning',
    step: 'config',
    title: 'nginx does not tell the application the scheme was https',
    cause: (e) =>
      `${where(e)} sets no \`X-Forwarded-Proto\`: TLS ends at nginx, so the application sees plain http and builds http:// URLs in its redirects and metadata.`,
    fix: (e) =>
      `Add \`proxy_set_header X-Forwarded-Proto $scheme;\` to ${where(e)} and let the application trust it (uvicorn --proxy-headers --forwarded-allow-ips=<nginx address>).`,
  },
  NGINX_LEAF_ONLY_CERT: {
    severity: 'warning',
    step: 'config',
    title: 'nginx serves a certificate file without its chain',
    cause: (e) =>
      `${where(e)} points at ${ev(e, 'certFile')}, which holds only the leaf (${ev(e, 'subject')}), not the CA that issued it (${ev(e, 'issuer')}). Node, Python and curl then fail with UNABLE_TO_VERIFY_LEAF_SIGNATURE.`,
    fix: (e) =>
      `Point ssl_certificate at the full chain file (leaf first, then the intermediates: fullchain.pem, not cert.pem) at ${ev(e, 'file')}:${ev(e, 'line')}, then \`nginx -t && nginx -s reload\`.`,
  },
  NGINX_NO_SERVER: {
    severity: 'info',
    step: 'config',
    title: 'No nginx server block listens on this port',
    cause: (e) =>
      `No \`server\` in ${ev(e, 'file')} listens on port ${ev(e, 'port')} for ${ev(e, 'host')}: this config is not the one answering the URL, or the URL's port is wrong.`,
    fix: () => 'Point --proxy-config (mcpDoctor.proxyConfigFiles) at the config that serves this URL, or check the port in the client URL.',
  },
  NGINX_NO_LOCATION: {
    severity: 'warning',
    step: 'config',
    title: 'No nginx location matches the MCP path',
    cause: (e) => `No \`location\` in ${where(e)} matches ${ev(e, 'path')}: nginx serves it from its root (usually a 404).`,
    fix: (e) => `Add \`location ${ev(e, 'path')} { proxy_pass <the MCP server>; }\` to ${where(e)}.`,
  },
  PROXY_CONFIG_UNREADABLE: {
    severity: 'info',
    step: 'config',
    title: 'Part of the proxy config could not be read',
    cause: (e) => `${ev(e, 'file')}:${ev(e, 'line')}: ${ev(e, 'detail')}. The rest was read; what that part holds is not checked.`,
    fix: () => 'Check the path and permissions (nginx -t names the same problem), or point --proxy-config at a readable copy.',
  },
} satisfies Record<string, CatalogEntry>;

/** What reading a Caddyfile shows (`--proxy-config Caddyfile`). */
export const caddyConfigEntries = {
  CADDY_REDIR_CHANGES_METHOD: {
    severity: 'warning',
    step: 'config',
    title: 'Caddy redirects the MCP path with a status that turns POST into GET',
    cause: (e) =>
      `${where(e)} answers ${ev(e, 'path')} with ${ev(e, 'status')}: clients follow a 301 or 302 with GET, dropping the JSON-RPC body.`,
    fix: (e) =>
      `Configure the client with the redirect's target URL, or make it \`redir ${ev(e, 'matcher', '')} ${ev(e, 'to')} 308\` at ${ev(e, 'file')}:${ev(e, 'line')} (308 keeps the method and body).`.replace(
        '  ',
        ' ',
      ),
  },
  CADDY_HOST_UPSTREAM: {
    severity: 'warning',
    step: 'config',
    title: 'Caddy sends the upstream its own host name',
    cause: (e) =>
      `${where(e)} replaces the Host header with \`${ev(e, 'value')}\`: the application builds redirects and metadata URLs for the upstream's address instead of the one clients use.`,
    fix: (e) =>
      `Remove ${where(e)} (Caddy forwards the client's Host, port included, by default), unless the upstream is a virtual host that needs it.`,
  },
  CADDY_NO_SITE: {
    severity: 'info',
    step: 'config',
    title: 'No Caddy site answers this address',
    cause: (e) => `No site in ${ev(e, 'file')} is addressed to ${ev(e, 'host')}:${ev(e, 'port')}.`,
    fix: () =>
      'Point --proxy-config (mcpDoctor.proxyConfigFiles) at the Caddyfile that serves this URL, or check the host and port of the client URL.',
  },
} satisfies Record<string, CatalogEntry>;
