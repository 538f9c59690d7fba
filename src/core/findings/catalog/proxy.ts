import { ev } from '../text';
import { type CatalogEntry, type Evidence } from '../types';

const NODE_FETCH_NOTE =
  "Node's built-in fetch (used by the MCP TypeScript SDK) ignores HTTPS_PROXY unless NODE_USE_ENV_PROXY=1 (Node 24+) or an undici EnvHttpProxyAgent is installed as the global dispatcher; curl, Python requests/httpx, mcp-remote and VS Code honour it.";

function clientsText(e: Evidence): string {
  const clients = Array.isArray(e.clients) ? (e.clients as { client?: unknown; bypasses?: unknown }[]) : [];
  return clients.map((c) => `${String(c.client)}: ${c.bypasses ? 'goes direct' : 'uses the proxy'}`).join('; ');
}

function certText(e: Evidence): string {
  if (e.subject === undefined) return '';
  const usage = e.extKeyUsage === undefined ? 'no extended key usage (any purpose)' : `extended key usage ${ev(e, 'extKeyUsage')}`;
  return ` The configured certificate is "${ev(e, 'subject')}", issued by "${ev(e, 'issuer')}", valid until ${ev(e, 'notAfter')} (${ev(e, 'daysLeft')} days left), ${usage}.`;
}

function acceptedText(e: Evidence): string {
  if (Array.isArray(e.acceptedCas) && e.acceptedCas.length > 0)
    return ` The server accepts client certificates issued by: ${(e.acceptedCas as unknown[]).map((c) => `"${String(c)}"`).join(', ')}.`;
  return ` The server's list of accepted CAs could not be read (${ev(e, 'acceptedCasNote', 'the server sent none')}).`;
}

/** Proxy and client-certificate findings (enterprise networks). */
export const proxyEntries = {
  PROXY_PATH: {
    severity: 'ok',
    step: 'proxy',
    title: 'Connected through the proxy',
    cause: (e) =>
      `Requests to ${ev(e, 'target')} go through proxy ${ev(e, 'proxy')} (from ${ev(e, 'source')}); it opened a CONNECT tunnel (${ev(e, 'status')} ${ev(e, 'statusText', '')}) in ${ev(e, 'ms')} ms. ${NODE_FETCH_NOTE}${e.strictSsl === false ? " VS Code's http.proxyStrictSSL is false: VS Code does not verify certificates through this proxy, which hides interception problems." : ''}`,
    fix: () =>
      'Nothing to change for the path. If your MCP client is a Node program using fetch, give it the proxy explicitly (undici EnvHttpProxyAgent or NODE_USE_ENV_PROXY=1).',
  },
  PROXY_UNREACHABLE: {
    severity: 'error',
    step: 'proxy',
    title: 'The proxy cannot be reached',
    cause: (e) =>
      `The client is configured to use proxy ${ev(e, 'proxy')} (from ${ev(e, 'source')}), but ${e.during === 'DNS' ? `its host name does not resolve (${ev(e, 'errorCode')})` : `connecting to it failed at ${ev(e, 'address')}:${ev(e, 'port')} (${ev(e, 'errorCode')})`}. Every request fails before reaching the MCP server.`,
    fix: (e) =>
      e.errorCode === 'UNSUPPORTED_PROXY_SCHEME'
        ? `Use an http:// proxy URL in ${ev(e, 'source')} (HTTPS proxies are not supported by most MCP clients).`
        : `Correct ${ev(e, 'source')} (check the host and port with your IT department or the system proxy settings), or remove it if this network needs no proxy: unset HTTPS_PROXY HTTP_PROXY https_proxy http_proxy.`,
  },
  PROXY_AUTH_REQUIRED: {
    severity: 'error',
    step: 'proxy',
    title: 'The proxy requires authentication (407)',
    cause: (e) =>
      `Proxy ${ev(e, 'proxy')} answered the CONNECT for ${ev(e, 'target')} with ${ev(e, 'status', '407')} ${ev(e, 'statusText', '')}, asking for ${ev(e, 'schemes', 'an unnamed scheme')}${e.sentCredentials ? '; the credentials in the proxy URL were rejected' : '; no credentials were sent'}.`,
    fix: (e) =>
      String(e.schemes ?? '').includes('Basic')
        ? `Put the credentials in the proxy URL: ${ev(e, 'source')}=http://USER:PASSWORD@${ev(e, 'proxyHost')} (percent-encode special characters), or ask IT for a proxy that does not require authentication for this host.`
        : `The proxy wants ${ev(e, 'schemes', 'a non-Basic scheme')} (e.g. Negotiate/NTLM, Windows login): most MCP clients cannot do that. Run a local authenticating proxy (cntlm, px-proxy) and point ${ev(e, 'source')} to it, or ask IT to exempt ${ev(e, 'target')}.`,
  },
  PROXY_CONNECT_REFUSED: {
    severity: 'error',
    step: 'proxy',
    title: 'The proxy refused the tunnel',
    cause: (e) =>
      `Proxy ${ev(e, 'proxy')} refused CONNECT ${ev(e, 'target')} with ${ev(e, 'status', 'no valid HTTP status')} ${ev(e, 'statusText', '')}${e.bodyExcerpt ? `: "${ev(e, 'bodyExcerpt')}"` : ''}. Proxies commonly allow tunnels only to port 443 or to allow-listed hosts.`,
    fix: (e) =>
      `Ask the proxy administrator to allow CONNECT to ${ev(e, 'target')}${e.port !== 443 ? ` (port ${ev(e, 'port')}; many proxies allow only 443)` : ''}, or exempt the host from the proxy if it is reachable directly: NO_PROXY=${ev(e, 'host')}.`,
  },
  PROXY_TLS_INTERCEPTION: {
    severity: 'error',
    step: 'tls',
    title: 'The proxy intercepts TLS with its own CA',
    cause: (e) =>
      `Through proxy ${ev(e, 'proxy')}, ${ev(e, 'host')} presents a certificate issued by "${ev(e, 'proxyCa')}"${e.method === 'compared' ? `, not the server's own chain (directly the server presents one issued by "${ev(e, 'directIssuer')}")` : ' (a TLS inspection product)'}: the proxy decrypts and re-signs the traffic. ${e.trusted ? 'The diagnosed client trusts that CA, so it connects; clients with other trust stores will not.' : 'The diagnosed client does not trust that CA, so the handshake is rejected.'}`,
    fix: (e) =>
      `Trust the proxy's CA "${ev(e, 'proxyCa')}" in every client: get its PEM (proxy-ca.pem) from IT, or see it with: openssl s_client -proxy ${ev(e, 'proxyHost')} -connect ${ev(e, 'host')}:${ev(e, 'port')} -showcerts. Behind the proxy, build one bundle: mcp-doctor ca-bundle --ca proxy-ca.pem --out ca-bundle.pem ${ev(e, 'url', '<url>')}, then export NODE_EXTRA_CA_CERTS (Node, VS Code MCP), SSL_CERT_FILE and REQUESTS_CA_BUNDLE (Python) to it; here: --ca proxy-ca.pem. Or ask IT to exempt ${ev(e, 'host')} from inspection, or bypass the proxy: NO_PROXY=${ev(e, 'host')}.`,
  },
  PROXY_BYPASSED: {
    severity: 'info',
    step: 'proxy',
    title: 'The endpoint bypasses the proxy (NO_PROXY)',
    cause: (e) =>
      `A proxy is configured (${ev(e, 'proxy')}), but ${ev(e, 'host')} matches the ${ev(e, 'variable')} entry "${ev(e, 'entry')}", so this diagnosis connected directly. Clients read NO_PROXY differently: ${clientsText(e)}.`,
    fix: (e) =>
      e.clientsDisagree
        ? `Write the entry so every client reads it the same: a plain host or .domain without port or CIDR, e.g. NO_PROXY=${ev(e, 'host')}.`
        : 'Nothing to change if the server is reachable without the proxy.',
  },
  PROXY_NO_PROXY_DIFFERS: {
    severity: 'warning',
    step: 'proxy',
    title: 'Clients disagree about NO_PROXY for this host',
    cause: (e) =>
      `${ev(e, 'variable')}="${ev(e, 'value')}" does not exempt ${ev(e, 'host')} for Node clients (undici), so this diagnosis went through ${ev(e, 'proxy')}, but other clients read it differently: ${clientsText(e)}. The same server can then work from one tool and fail from another.`,
    fix: (e) =>
      `List the host the way every client understands: a plain host name or .domain, without port or CIDR, e.g. ${ev(e, 'variable')}=${ev(e, 'value')},${ev(e, 'host')}.`,
  },
  PROXY_SETTINGS_DIFFER: {
    severity: 'info',
    step: 'proxy',
    title: 'Proxy settings disagree',
    cause: (e) =>
      `${ev(e, 'setting')} routes this endpoint ${ev(e, 'settingRoute')}, but the environment routes it ${ev(e, 'envRoute')}. Tools started from a terminal (curl, Python, npx mcp-remote) follow the environment; VS Code follows its setting.`,
    fix: () =>
      'Make them agree: set http.proxy in VS Code to the same URL as HTTPS_PROXY (or clear http.proxy to use the environment), and keep http.noProxy and NO_PROXY in step.',
  },
  TLS_CLIENT_CERT_UNUSABLE: {
    severity: 'error',
    step: 'config',
    title: 'The client certificate cannot be loaded',
    cause: (e) => `The configured client certificate (${ev(e, 'files')}) could not be used: ${ev(e, 'reason')} (${ev(e, 'errorCode')}).`,
    fix: (e) =>
      e.errorCode === 'ERR_OSSL_BAD_DECRYPT' || String(e.errorCode).includes('MAC_VERIFY') || String(e.errorCode).includes('PASSPHRASE')
        ? 'Give the passphrase of the key: --key-passphrase-env VAR (or --pfx-passphrase-env VAR) with VAR set in the environment.'
        : 'Point --cert/--key at the PEM certificate and its matching private key (or --pfx at a PKCS#12 file); check: openssl x509 -in cert.pem -noout -subject; openssl pkey -in key.pem -noout.',
  },
  TLS_CLIENT_CERT_REJECTED: {
    severity: 'error',
    step: 'tls',
    title: 'The server rejected the client certificate',
    cause: (e) =>
      `${ev(e, 'host')}:${ev(e, 'port')} asked for a client certificate and refused the one presented (${ev(e, 'alert')}).${certText(e)}${acceptedText(e)}${e.chainsToAccepted === false ? ' The configured certificate does not chain to any of them.' : ''}`,
    fix: (e) =>
      Number(e.daysLeft) < 0
        ? "The client certificate has expired: renew it and point --cert (or the client's cert setting) at the new one."
        : e.chainsToAccepted === false || String(e.alert).includes('UNKNOWN_CA')
          ? 'Use a client certificate issued by one of the CAs the server accepts (or ask the server owner to add your CA to its client CA list, e.g. nginx ssl_client_certificate); include intermediates in the --cert file.'
          : "Check the certificate is meant for client authentication (extended key usage clientAuth) and matches the key, and read the server's log for why it refused it.",
  },
  TLS_CLIENT_CERT_ACCEPTED: {
    severity: 'ok',
    step: 'tls',
    title: 'Client certificate presented',
    cause: (e) =>
      `${ev(e, 'host')}:${ev(e, 'port')} completed the TLS handshake with the configured client certificate "${ev(e, 'subject')}" (issued by "${ev(e, 'issuer')}", ${ev(e, 'daysLeft')} days left).`,
    fix: () => 'Nothing to change.',
  },
} satisfies Record<string, CatalogEntry>;
