import { type CatalogEntry, type Evidence } from '../types';
import { ev } from '../text';

const ERA_LABELS: Record<string, string> = {
  'legacy-sse': 'HTTP+SSE (2024-11-05)',
  streamable: 'Streamable HTTP with sessions',
  stateless: 'stateless Streamable HTTP',
};

function eraText(e: Evidence): string {
  return ERA_LABELS[String(e.era)] ?? String(e.era ?? 'MCP');
}

function toolsText(e: Evidence): string {
  const count = Number(e.toolCount ?? 0);
  const names = Array.isArray(e.tools) ? e.tools.slice(0, 10).map(String) : [];
  if (count === 0) return 'no tools';
  return `${count} tool${count === 1 ? '' : 's'}${names.length ? ` (${names.join(', ')}${count > names.length ? ', …' : ''})` : ''}`;
}

/** The probe looked past an untrusted certificate (pinned); the real client would still fail TLS. */
function tlsCaveat(e: Evidence): string {
  return e.tlsUntrusted
    ? ' This was checked past the untrusted certificate (MCP Doctor pinned it); the client will only get here once the TLS problem is fixed.'
    : '';
}

function serverText(e: Evidence): string {
  return e.serverName ? `${ev(e, 'serverName')}${e.serverVersion ? ` ${ev(e, 'serverVersion')}` : ''}` : 'the server';
}

/** The MCP protocol itself, per transport era. */
export const mcpEntries = {
  MCP_OK: {
    severity: 'ok',
    step: 'mcp',
    title: 'MCP works',
    cause: (e) =>
      `${serverText(e)} at ${ev(e, 'endpoint')} speaks ${eraText(e)}, protocol ${ev(e, 'protocolVersion')}, and lists ${toolsText(e)}.${tlsCaveat(e)}`,
    fix: () => 'Nothing to change.',
  },
  MCP_CORRECTED_URL_WORKS: {
    severity: 'info',
    step: 'mcp',
    title: 'The corrected URL works',
    cause: (e) =>
      `${ev(e, 'correctedUrl')} (the configured URL with the path the server redirects to) answers: ${serverText(e)}, ${eraText(e)}, protocol ${ev(e, 'protocolVersion')}, ${toolsText(e)}.${tlsCaveat(e)}`,
    fix: (e) => `Configure ${ev(e, 'correctedUrl')} in the client, or fix the redirect on the server.`,
  },
  MCP_CORRECTED_URL_NEEDS_TOKEN: {
    severity: 'info',
    step: 'mcp',
    title: 'The corrected URL reaches the server, which asks for a token',
    cause: (e) =>
      `${ev(e, 'correctedUrl')} answers ${ev(e, 'status')} with a Bearer challenge: the MCP endpoint is there, behind authentication.`,
    fix: (e) =>
      `Configure ${ev(e, 'correctedUrl')} in the client; to check MCP behind the authentication too, run again with a token (--token-env VAR).`,
  },
  MCP_CORRECTED_URL_FAILS: {
    severity: 'info',
    step: 'mcp',
    title: 'The corrected URL does not work either',
    cause: (e) => `${ev(e, 'correctedUrl')} was tried as well and failed (${ev(e, 'code')}): fixing the URL alone is not enough.`,
    fix: () => 'Fix the other findings first; then configure the corrected URL or fix the redirect.',
  },
  MCP_INVALID_RESPONSE: {
    severity: 'error',
    step: 'mcp',
    title: 'Malformed JSON-RPC response',
    cause: (e) =>
      `The answer to ${ev(e, 'rpcMethod')} from ${ev(e, 'url')} (HTTP ${ev(e, 'status')}, ${ev(e, 'contentType', 'no content type')}) is not a valid JSON-RPC 2.0 response: ${ev(e, 'reason')}. Clients reject it.`,
    fix: () =>
      'Fix the server (or the proxy rewriting its body) so it returns one JSON-RPC 2.0 response object with "jsonrpc":"2.0", the request id, and exactly one of "result" or "error".',
  },
  MCP_NO_RESPONSE: {
    severity: 'error',
    step: 'mcp',
    title: 'Event stream opened but the response never came',
    cause: (e) =>
      `${ev(e, 'rpcMethod')} to ${ev(e, 'url')} opened an event stream but no JSON-RPC response arrived within ${ev(e, 'timeoutMs')} ms (${ev(e, 'events', '0')} events, ${ev(e, 'reason')}). A proxy buffering the stream, or a handler that never answers, does this.`,
    fix: () =>
      'Behind nginx, disable buffering for the MCP location: `proxy_buffering off; proxy_cache off; proxy_http_version 1.1; proxy_set_header Connection "";` (or send `X-Accel-Buffering: no` from the server); otherwise check the server logs for the stuck request.',
  },
  MCP_REQUEST_REJECTED: {
    severity: 'error',
    step: 'mcp',
    title: 'The server rejects the MCP request',
    cause: (e) =>
      `${ev(e, 'rpcMethod')} at ${ev(e, 'url')} was answered with HTTP ${ev(e, 'status')}${e.rpcCode !== undefined ? ` and JSON-RPC error ${ev(e, 'rpcCode')}: "${ev(e, 'rpcMessage')}"` : e.bodySnippet ? `: "${ev(e, 'bodySnippet')}"` : ''}.`,
    fix: () =>
      'Read the error message: a protocol version mismatch needs a newer client or server; "Server already initialized" or a missing session usually means a proxy is sharing one server-side session between clients.',
  },
  MCP_PROTOCOL_VERSION_UNSUPPORTED: {
    severity: 'error',
    step: 'mcp',
    title: 'No protocol version in common',
    cause: (e) =>
      `The server offers ${ev(e, 'serverVersions')}, none of which MCP Doctor (and clients of its generation: ${ev(e, 'clientVersions')}) speaks.`,
    fix: () => 'Upgrade the client or configure the server to also accept an older protocol revision.',
  },
  MCP_SESSION_STATUS_WRONG: {
    // A protocol nit that many SDK-based servers show on every healthy run: noted, never the headline.
    severity: 'info',
    step: 'mcp',
    title: 'Unknown session answered with 400 instead of 404',
    cause: (e) =>
      `A request with an unknown Mcp-Session-Id got HTTP ${ev(e, 'status')}; the spec requires 404. Clients re-initialise only on 404, so after a server restart or session expiry they fail with "Session terminated" (or keep failing) instead of reconnecting.`,
    fix: () =>
      'Make the server answer 404 for unknown or expired session ids (in the TypeScript SDK example pattern, return 404 when a session id is present but not in the transports map, and 400 only when it is missing).',
  },
  MCP_SESSION_ID_INVALID: {
    severity: 'warning',
    step: 'mcp',
    title: 'Session id has characters clients cannot echo',
    cause: (e) =>
      `The Mcp-Session-Id issued by the server (${ev(e, 'length')} characters) contains characters outside visible ASCII (0x21–0x7E)${e.badCharacter ? `, e.g. ${ev(e, 'badCharacter')}` : ''}. Clients may refuse to send it back.`,
    fix: () => 'Generate session ids from visible ASCII only (e.g. a UUID or base64url).',
  },
  MCP_NOTIFICATION_STATUS_WRONG: {
    severity: 'warning',
    step: 'mcp',
    title: 'notifications/initialized not answered with 202',
    cause: (e) =>
      `The notifications/initialized POST got HTTP ${ev(e, 'status')}; the spec requires 202 Accepted with no body. Strict clients treat this as a failure.`,
    fix: () => 'Answer JSON-RPC notifications with 202 and an empty body.',
  },
  MCP_GET_STREAM_UNEXPECTED: {
    severity: 'warning',
    step: 'mcp',
    title: 'GET on the endpoint is neither an event stream nor 405',
    cause: (e) =>
      `GET ${ev(e, 'url')} (the server-to-client stream) answered ${ev(e, 'status')} with ${ev(e, 'contentType', 'no content type')}; clients expect text/event-stream or 405 Method Not Allowed.`,
    fix: () =>
      'Serve the GET stream as text/event-stream, or answer 405 if the server has no server-initiated messages; check that the proxy forwards GET to the MCP server.',
  },
  MCP_TOOLS_LIST_FAILED: {
    severity: 'error',
    step: 'mcp',
    title: 'tools/list failed',
    cause: (e) =>
      `The server initialised but tools/list ${e.rpcCode !== undefined ? `returned JSON-RPC error ${ev(e, 'rpcCode')}: "${ev(e, 'rpcMessage')}"` : `failed (${ev(e, 'reason')})`}. Clients show no tools.`,
    fix: () => 'Read the server logs for the tools/list handler; check that it accepts the negotiated protocol version and session.',
  },
  MCP_LEGACY_SSE_ONLY: {
    severity: 'warning',
    step: 'mcp',
    title: 'Old HTTP+SSE transport only',
    cause: (e) =>
      `${ev(e, 'url')} rejects the Streamable HTTP POST (HTTP ${ev(e, 'postStatus')}) but opens an HTTP+SSE stream whose endpoint event points at ${ev(e, 'endpoint')}: this is the 2024-11-05 transport, deprecated since 2025-03-26${e.toolCount !== undefined ? `; over it the server lists ${toolsText(e)}` : ''}.`,
    fix: (e) =>
      `Configure the client for SSE: VS Code mcp.json "type": "sse", "url": "${ev(e, 'url')}"; Claude Code: claude mcp add --transport sse NAME ${ev(e, 'url')}; mcp-remote: --transport sse-only. Better: move the server to Streamable HTTP.`,
  },
  MCP_STATELESS_ERA: {
    severity: 'info',
    step: 'mcp',
    title: 'Stateless MCP server (2026-07-28 revision)',
    cause: (e) =>
      `The server speaks the stateless revision (${ev(e, 'supportedVersions')}): no initialize, no sessions. Clients that only know the session-era protocol (2025-11-25 and older) send initialize and fail with 400.`,
    fix: () => "Use a client that supports the 2026-07-28 revision, or enable the server's dual-era (initialize) compatibility.",
  },
  MCP_DISCOVER_MISSING: {
    severity: 'warning',
    step: 'mcp',
    title: 'server/discover not implemented',
    cause: (e) =>
      `The server answers with stateless-era errors but server/discover returned ${ev(e, 'detail')}; the 2026-07-28 revision requires it.`,
    fix: () => 'Implement server/discover (supportedVersions, capabilities).',
  },
} satisfies Record<string, CatalogEntry>;
