import { type CatalogEntry, type Evidence } from '../types';
import { ev } from '../text';

/** One follow-up of the affinity series, as evidence: "#2 notifications/initialized: 400". */
function attemptsText(e: Evidence): string {
  const attempts = Array.isArray(e.rejected) ? (e.rejected as Evidence[]) : [];
  const shown = attempts
    .slice(0, 6)
    .map(
      (a) =>
        `session ${ev(a, 'session')} #${ev(a, 'attempt')} ${ev(a, 'request')}: HTTP ${ev(a, 'status')}${a.rpcCode !== undefined ? ` (JSON-RPC ${ev(a, 'rpcCode')})` : ''}${a.otherSession ? " with another session's id" : ''}`,
    );
  return shown.join('; ') + (attempts.length > shown.length ? `; and ${attempts.length - shown.length} more` : '');
}

/**
 * Within-session mixes mean the balancer spreads requests (round-robin, random); whole sessions
 * refused while none is mixed mean it keeps each session on one replica, not always the creator's
 * (hashing the Mcp-Session-Id header does this).
 */
function patternText(e: Evidence): string {
  const always = Number(e.sessionsAlwaysRefused ?? 0);
  const mixed = Number(e.sessionsMixed ?? 0);
  if (mixed > 0 || always === 0)
    return ' Within a session, some requests were answered and others refused: the balancer spreads requests (round-robin, random, as Caddy does by default, or least-connections).';
  return ` ${always} session${always === 1 ? ' was' : 's were'} refused on every request while the others were answered on every one: the balancer keeps a session on one replica, but not on the one that created it (hashing the Mcp-Session-Id header does this).`;
}

function cookieText(e: Evidence): string {
  const cookies = Array.isArray(e.balancerCookies) ? e.balancerCookies : [];
  if (cookies.length === 0) return ' No load-balancer cookie was set (MCP clients do not keep cookies anyway).';
  return ` The path set the cookie${cookies.length === 1 ? '' : 's'} ${ev(e, 'balancerCookies')}, but MCP clients do not send cookies back, so cookie affinity cannot help them.`;
}

/**
 * Fixes that work for a session created by initialize. Hashing the Mcp-Session-Id header alone does
 * not: initialize carries no id, so it is placed round-robin, and the new id's hash then points to a
 * replica chosen independently of the one holding the session (the lab measured about half of the
 * SDK client's connects failing with two replicas, under both nginx and HAProxy).
 */
const AFFINITY_FIXES: Readonly<Record<string, string>> = {
  haproxy:
    'HAProxy: learn each session from the response, e.g. `stick-table type string len 128 size 100k expire 30m`, `stick store-response res.hdr(Mcp-Session-Id)`, `stick match req.hdr(Mcp-Session-Id)` in the backend',
  nginx:
    'nginx (open source): `ip_hash;` (or `hash $remote_addr consistent;`) in the upstream block, so every request of one client reaches one replica; nginx Plus: `sticky learn create=$upstream_http_mcp_session_id lookup=$http_mcp_session_id zone=mcp:1m;`',
  caddy:
    'Caddy: `lb_policy ip_hash` in the reverse_proxy block (behind another proxy, Caddy 2.7+: `lb_policy client_ip_hash` with the `trusted_proxies` server option)',
};
const OTHER_FIXES = [
  'or keep sessions in a store every replica reads (e.g. Redis), or run the server in stateless mode (no Mcp-Session-Id)',
  'hashing the header alone (`hash $http_mcp_session_id`, `balance hdr(Mcp-Session-Id)`, Caddy `lb_policy header Mcp-Session-Id`) is not enough: initialize has no id yet, so its replica is not the one the id hashes to',
  'a load-balancer cookie (Caddy `lb_policy cookie`) is not either: MCP clients do not send cookies back',
];

/** The proxy that answered (from its Server header) leads the fixes. */
function affinityFixes(e: Evidence): string {
  const lead = typeof e.proxyProduct === 'string' ? AFFINITY_FIXES[e.proxyProduct] : undefined;
  const rest = Object.values(AFFINITY_FIXES).filter((f) => f !== lead);
  return [...(lead ? [lead] : []), ...rest, ...OTHER_FIXES].join('; ');
}

const BUFFERING_FIXES: Readonly<Record<string, string>> = {
  nginx:
    'nginx: `proxy_buffering off;` in the MCP location (or have the server send `X-Accel-Buffering: no` on event streams, as the MCP spec recommends)',
  // Caddy 2.6 flushes event streams by itself; `buffer_responses` holds them, and `flush_interval -1` does not undo it (lab).
  caddy:
    'Caddy: remove `buffer_responses` from the reverse_proxy block (Caddy flushes event streams as they come without it; `flush_interval -1` does not undo it)',
};

function bufferingFixes(e: Evidence): string {
  const lead = typeof e.proxyProduct === 'string' ? BUFFERING_FIXES[e.proxyProduct] : undefined;
  const rest = Object.values(BUFFERING_FIXES).filter((f) => f !== lead);
  return [
    ...(lead ? [lead] : []),
    ...rest,
    'no compression of `text/event-stream` (nginx: drop it from `gzip_types`)',
    'HAProxy and CDNs: turn off response buffering and compression for `text/event-stream`',
  ].join('; ');
}

const CORS_HEADERS = 'Authorization, Content-Type, Mcp-Protocol-Version, Mcp-Session-Id, Last-Event-ID';

function keepAliveText(e: Evidence): string {
  const count = Number(e.keepAlives ?? 0);
  if (count === 0) return 'The server sent no keep-alive comment meanwhile.';
  return `The server sent ${count} keep-alive comment${count === 1 ? '' : 's'}${e.keepAliveEveryMs !== undefined ? `, one every ${Math.round(Number(e.keepAliveEveryMs) / 100) / 10} s` : ''}.`;
}

/**
 * What a cut tool call costs the client. With SSE ids a client can resume with Last-Event-ID, but
 * each reconnection meets the same timeout: the lab's TypeScript SDK client (2 reconnections) got
 * some results that way when progress came every 3 s, and none for a tool silent 10 s.
 */
function callCutText(e: Evidence): string {
  const base = 'a tool that stays silent that long does not deliver its result on that stream';
  if (!e.eventIds) return `${base}, and the client sees the call fail or time out`;
  return `${base}; its events carry ids, so a client that resumes with Last-Event-ID (the TypeScript SDK does, twice) may still get it, but each reconnection meets the same cut, so calls fail unreliably`;
}

/** Deployment behind load balancers and proxies (issue 16). */
export const deployEntries = {
  SESSION_NOT_STICKY: {
    severity: 'error',
    step: 'deploy',
    title: 'Requests of one session reach replicas that do not know it',
    cause: (e) =>
      `In ${ev(e, 'sessions')} fresh session${e.sessions === 1 ? '' : 's'}, ${ev(e, 'rejectedCount')} of ${ev(e, 'attempts')} follow-up requests carrying the session's own Mcp-Session-Id (each on a fresh connection) were refused as unknown: ${attemptsText(e)}; ${ev(e, 'answeredCount')} were answered. The path sends requests of one session to server replicas that did not create it, so clients fail (the TypeScript SDK client's connect fails when its notifications/initialized lands elsewhere, as "No valid session ID provided" or "Session not found").${patternText(e)}${cookieText(e)}`,
    fix: (e) => `Send every request of a session to the replica that created it: ${affinityFixes(e)}.`,
  },
  SESSION_AFFINITY_OK: {
    severity: 'ok',
    step: 'deploy',
    title: 'Sessions stay on their replica',
    cause: (e) =>
      `All ${ev(e, 'attempts')} follow-up requests in ${ev(e, 'sessions')} fresh sessions, each request on a fresh connection, were answered by the session they named.`,
    fix: () => 'Nothing to change.',
  },
  SESSION_AFFINITY_INCONCLUSIVE: {
    severity: 'info',
    step: 'deploy',
    title: 'Session affinity could not be checked',
    cause: (e) => `The follow-up series could not tell whether sessions stay on one replica: ${ev(e, 'reason')}.`,
    fix: () => 'Fix the other findings first, then run the diagnosis again.',
  },
  SESSION_ANSWERS_INCONSISTENT: {
    severity: 'warning',
    step: 'mcp',
    title: 'Answers to the same session disagree',
    cause: (e) =>
      `Requests carrying the same Mcp-Session-Id were answered differently: ${ev(e, 'answers')}. One server would answer them alike, so the requests probably reach different replicas; findings drawn from the refused answers (${ev(e, 'suppressed', 'none')}) are left out, since one inconsistent sample cannot say what the server does wrong.`,
    fix: () =>
      'Check session affinity on the load balancer (a full diagnosis sends a bounded series of follow-ups and names the setting); the server itself may be fine.',
  },
  SESSION_UNKNOWN_ACCEPTED: {
    severity: 'warning',
    step: 'mcp',
    title: 'A request with an unknown session id was answered',
    cause: (e) =>
      `A ping with an Mcp-Session-Id the server never issued got HTTP ${ev(e, 'status')} and a result. The server does not check session ids, so it cannot tell a client that its session expired or was never created here (clients re-initialise only on 404).`,
    fix: () =>
      'Answer 404 for a session id the server does not know; if the server needs no sessions, stop issuing Mcp-Session-Id (stateless mode) instead.',
  },
  STREAM_BUFFERED: {
    severity: 'warning',
    step: 'deploy',
    title: 'Progress arrives all at once: the path buffers the event stream',
    cause: (e) =>
      `Calling ${ev(e, 'tool')}, ${e.compressed ? `the compressed stream's first byte arrived only at ${ev(e, 'firstByteMs')} ms of the ${ev(e, 'callMs')} ms call` : `the ${ev(e, 'progressEvents')} progress notifications the server sent during the ${ev(e, 'callMs')} ms call arrived together at the end (at ${ev(e, 'arrivals')} ms)`}. A proxy on the path holds the text/event-stream response until it ends: clients show no progress, and a client that keeps a long call alive on progress (or times out after 60 s, as the TypeScript SDK does by default) gives up before the result comes.${e.xAccelBuffering === 'no' ? ' The server already sends X-Accel-Buffering: no, and the path ignores it (nginx `proxy_ignore_headers X-Accel-Buffering`, or a CDN or proxy that does not know the header).' : ''}`,
    fix: (e) => `Let the event stream through unbuffered: ${bufferingFixes(e)}.`,
  },
  STREAM_OK: {
    severity: 'ok',
    step: 'deploy',
    title: 'The event stream is not buffered',
    cause: (e) =>
      e.compressed
        ? `Calling ${ev(e, 'tool')}, the compressed stream's bytes arrived over the ${ev(e, 'callMs')} ms call (the first at ${ev(e, 'firstByteMs')} ms).`
        : `Calling ${ev(e, 'tool')}, ${ev(e, 'progressEvents')} progress notifications arrived spread over the ${ev(e, 'callMs')} ms call (at ${ev(e, 'arrivals')} ms), as the server sent them.`,
    fix: () => 'Nothing to change.',
  },
  STREAM_NOT_MEASURED: {
    severity: 'info',
    step: 'deploy',
    title: 'Streaming through the path could not be measured',
    cause: (e) => `Calling ${ev(e, 'tool')} did not give a stream to time: ${ev(e, 'reason')}.`,
    fix: () => 'Name a tool that reports progress over a few seconds (--stream-tool NAME --stream-args JSON).',
  },
  STREAM_COMPRESSED: {
    severity: 'warning',
    step: 'deploy',
    title: 'The event stream is compressed',
    cause: (e) =>
      `The answer to ${ev(e, 'tool')} is a text/event-stream with Content-Encoding: ${ev(e, 'contentEncoding')}. A compressor holds bytes until its block fills, so events arrive late or together, and some clients cannot read a compressed stream at all.`,
    fix: () =>
      "Exclude text/event-stream from compression: nginx: remove it from `gzip_types`; otherwise the compression middleware of the server or framework, or the CDN's compression rules.",
  },
  STREAM_CONTENT_LENGTH: {
    severity: 'warning',
    step: 'deploy',
    title: 'The event stream has a Content-Length',
    cause: (e) =>
      `The answer to ${ev(e, 'tool')} is a text/event-stream with Content-Length: ${ev(e, 'contentLength')}: something on the path read the whole stream before sending it, so no event arrived before the end.`,
    fix: (e) => `Send event streams chunked, without a length: ${bufferingFixes(e)}.`,
  },
  STREAM_CUT_IDLE: {
    severity: 'warning',
    step: 'deploy',
    title: 'The path cuts an idle event stream',
    cause: (e) =>
      `The ${e.stream ? ev(e, 'stream') : 'GET event stream'} ended after ${ev(e, 'elapsedSeconds')} s (${ev(e, 'how')}), ${ev(e, 'idleSeconds')} s after its last byte; MCP Doctor meant to hold it ${ev(e, 'heldSeconds')} s. ${keepAliveText(e)} A proxy's read timeout cut it (nginx \`proxy_read_timeout\` is 60 s by default; common CDN limits are about 100 s): ${e.stream ? callCutText(e) : 'clients lose server-initiated messages and must reconnect'}.`,
    fix: (e) =>
      `Raise the proxy's idle timeout for the MCP path (${e.proxyProduct === 'caddy' ? 'Caddy: `read_timeout` in the reverse_proxy `transport http` block' : 'nginx: `proxy_read_timeout 3600s;`'}; HAProxy: \`timeout server\` / \`timeout tunnel\`; CDNs: their origin/idle timeout), and have the server send an SSE comment (\`: keep-alive\`)${e.stream ? ' or a progress notification' : ''} well inside it, e.g. every 15–30 s.`,
  },
  STREAM_HELD: {
    severity: 'ok',
    step: 'deploy',
    title: 'The event stream stays open',
    cause: (e) => `The GET event stream stayed open for the whole ${ev(e, 'heldSeconds')} s hold. ${keepAliveText(e)}`,
    fix: (e) =>
      Number(e.keepAlives) > 0
        ? 'Nothing to change.'
        : 'Nothing to change for this hold; proxies with a shorter idle timeout than the session (nginx 60 s by default, CDNs about 100 s) would cut the silent stream: have the server send an SSE comment every 15–30 s.',
  },
  CORS_PREFLIGHT_REFUSED: {
    severity: 'error',
    step: 'deploy',
    title: 'Browser clients on the configured origin are refused (CORS)',
    cause: (e) =>
      `${e.actual ? `The answer to a POST from ${ev(e, 'origin')}` : `The CORS preflight (OPTIONS) from ${ev(e, 'origin')}`} got HTTP ${ev(e, 'status')} ${e.allowOrigin ? `with Access-Control-Allow-Origin: ${ev(e, 'allowOrigin')}` : 'without an Access-Control-Allow-Origin that matches'}: a browser blocks every MCP request from that page.`,
    fix: (e) =>
      `Answer OPTIONS on the MCP path with 204 and \`Access-Control-Allow-Origin: ${ev(e, 'origin')}\`, \`Access-Control-Allow-Methods: GET, POST, DELETE\`, \`Access-Control-Allow-Headers: ${CORS_HEADERS}\`, and send Access-Control-Allow-Origin on every answer (nginx: \`add_header Access-Control-Allow-Origin ${ev(e, 'origin')} always;\`; Express: \`cors({ origin: '${ev(e, 'origin')}', exposedHeaders: ['Mcp-Session-Id', 'WWW-Authenticate'] })\`).`,
  },
  CORS_HEADER_NOT_ALLOWED: {
    severity: 'error',
    step: 'deploy',
    title: 'A header MCP clients send is not allowed by CORS',
    cause: (e) =>
      `The preflight from ${ev(e, 'origin')} does not allow ${ev(e, 'header')}: a browser refuses to send MCP requests that carry it (a wildcard "*" does not cover Authorization).`,
    fix: (e) =>
      `List it in the preflight answer: \`Access-Control-Allow-Headers: ${CORS_HEADERS}\` (nginx: \`add_header Access-Control-Allow-Headers "${CORS_HEADERS}" always;\`; Express cors: \`allowedHeaders\`), for ${ev(e, 'origin')}.`,
  },
  CORS_HEADER_NOT_EXPOSED: {
    severity: 'error',
    step: 'deploy',
    title: 'A response header MCP clients must read is not exposed (CORS)',
    cause: (e) =>
      `Answers to ${ev(e, 'origin')} do not list ${ev(e, 'header')} in Access-Control-Expose-Headers, so a browser page cannot read it${e.header === 'Mcp-Session-Id' ? ': the client never learns its session and every request after initialize fails' : ': the client cannot find the authorization server and never signs in'}.`,
    fix: (e) =>
      `Expose it on every answer: \`Access-Control-Expose-Headers: Mcp-Session-Id, WWW-Authenticate\` (nginx: \`add_header Access-Control-Expose-Headers "Mcp-Session-Id, WWW-Authenticate" always;\`; Express cors: \`exposedHeaders: ['Mcp-Session-Id', 'WWW-Authenticate']\`), for ${ev(e, 'origin')}.`,
  },
  CORS_OK: {
    severity: 'ok',
    step: 'deploy',
    title: 'Browser clients on the configured origin can use the server',
    cause: (e) => `The preflight from ${ev(e, 'origin')} allows POST and the MCP headers, and answers expose what clients must read.`,
    fix: () => 'Nothing to change.',
  },
  CORS_BROWSER_SUMMARY: {
    severity: 'info',
    step: 'deploy',
    title: 'Browser clients on other origins',
    cause: (e) =>
      e.works
        ? 'A web page on another origin could use this server: the CORS preflight allows POST and the MCP headers, and answers expose what clients must read.'
        : `A web page on another origin could not use this server: ${ev(e, 'gaps')}. That is fine unless the server is meant for browser clients.`,
    fix: () =>
      "Nothing to change for desktop clients; for browser clients, run again with --origin URL (the page's origin) to get the exact CORS lines.",
  },
  STATELESS_RULE_BROKEN: {
    severity: 'warning',
    step: 'deploy',
    title: 'A 2026-07-28 transport rule is not followed',
    cause: (e) =>
      `Rule: ${ev(e, 'rule')}. Sent ${ev(e, 'request')}; expected ${ev(e, 'expected')}, got ${ev(e, 'got')}. Gateways and proxies route and filter on these headers and answers, and clients rely on them to pick a version.`,
    fix: (e) =>
      `Make the server (or the gateway in front of it) follow the rule: ${ev(e, 'rule')} (MCP 2026-07-28, basic/transports and basic/versioning).`,
  },
  STATELESS_RULES_OK: {
    severity: 'ok',
    step: 'deploy',
    title: 'The 2026-07-28 transport rules hold',
    cause: () => 'A mismatched Mcp-Method got 400 with -32020, an unsupported version 400 with -32022 and the supported list, and GET 405.',
    fix: () => 'Nothing to change.',
  },
} satisfies Record<string, CatalogEntry>;
