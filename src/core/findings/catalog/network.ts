import { type CatalogEntry } from '../types';
import { ev } from '../text';

/** DNS and TCP failures, and connections that die before the server says anything. */
export const networkEntries = {
  NET_DNS_FAILED: {
    severity: 'error',
    step: 'dns',
    title: 'Host name does not resolve',
    cause: (e) =>
      `DNS lookup of ${ev(e, 'host')} failed (${ev(e, 'errorCode')}). The name is misspelt, not in DNS, or only resolvable inside another network (VPN, container network).`,
    fix: (e) =>
      `Check the host in the URL. Try: getent hosts ${ev(e, 'host')} (or nslookup). From a container, use the service name or host.docker.internal instead of localhost.`,
  },
  NET_CONNECTION_REFUSED: {
    severity: 'error',
    step: 'tcp',
    title: 'Connection refused',
    cause: (e) =>
      `Nothing is listening on ${ev(e, 'address')}:${ev(e, 'port')} (ECONNREFUSED). The server is not running, listens on another port, or is bound to a different interface.`,
    fix: (e) =>
      `Start the server, or check what listens on the port: ss -ltnp 'sport = :${ev(e, 'port')}'. A server bound to 127.0.0.1 inside a container is unreachable from outside it: bind 0.0.0.0 there.`,
  },
  NET_CONNECT_TIMEOUT: {
    severity: 'error',
    step: 'tcp',
    title: 'Connection timed out',
    cause: (e) =>
      `No answer from ${ev(e, 'address')}:${ev(e, 'port')} within ${ev(e, 'timeoutMs')} ms. A firewall drops the packets, the address is wrong, or a proxy is required.`,
    fix: () =>
      'Check firewall rules and security groups for the port; if you are on a corporate network, set HTTPS_PROXY. Raise --timeout only if the server is known to be slow.',
  },
  NET_UNREACHABLE: {
    severity: 'error',
    step: 'tcp',
    title: 'Network or host unreachable',
    cause: (e) => `The operating system could not route to ${ev(e, 'address')} (${ev(e, 'errorCode')}).`,
    fix: () => 'Check VPN and routing; for IPv6-only answers on an IPv4 network, use the IPv4 address or fix the DNS record.',
  },
  NET_RESET_BEFORE_RESPONSE: {
    severity: 'error',
    step: 'http',
    title: 'Connection reset before any response',
    cause: (e) =>
      `The server accepted the connection on ${ev(e, 'address')}:${ev(e, 'port')} and then closed it (${ev(e, 'errorCode')}) before sending a single byte${e.during ? ` during the ${ev(e, 'during')}` : ''}. That is what a server does when it crashes while starting or while handling the request, e.g. when required configuration such as MCP_JWT_ISSUER / MCP_JWT_AUDIENCE is unset.`,
    fix: () =>
      "Check the MCP server's startup logs (docker logs <container>, journalctl -u <service>) and its required configuration: every environment variable it needs (e.g. MCP_JWT_ISSUER, MCP_JWT_AUDIENCE, JWKS URL) must be set; restart it and run the diagnosis again.",
  },
  NET_CONNECTION_CLOSED: {
    severity: 'error',
    step: 'http',
    title: 'Connection closed during the response',
    cause: (e) =>
      `The server closed the connection after ${ev(e, 'bytes', 'some')} bytes, before the response was complete (${ev(e, 'errorCode')}).`,
    fix: () => 'Check the server and proxy logs for crashes or timeouts (nginx proxy_read_timeout for long SSE streams).',
  },
  STEP_TIMEOUT: {
    severity: 'error',
    step: 'http',
    title: 'Step timed out',
    cause: (e) => `The ${ev(e, 'step')} step did not finish within ${ev(e, 'timeoutMs')} ms (${ev(e, 'phase', 'no answer')}).`,
    fix: () =>
      'The server or network is too slow or hangs. Check the server logs; raise --timeout (or mcpDoctor.timeoutMs) only if slowness is expected.',
  },
  INTERNAL_ERROR: {
    severity: 'warning',
    step: 'config',
    title: 'MCP Doctor hit an unexpected problem',
    cause: (e) =>
      `The ${ev(e, 'step')} step stopped on an unexpected error (${ev(e, 'errorCode', 'no code')}): ${ev(e, 'message', '')}. The other steps ran normally.`,
    fix: () =>
      'This is a bug in MCP Doctor, not in your setup. Please report it with the JSON report (mcp-doctor diagnose URL --json), which has secrets redacted.',
  },
} satisfies Record<string, CatalogEntry>;
