import { type CatalogEntry, type Evidence } from '../types';
import { ev } from '../text';

/** One follow-up of the affinity series, as evidence: "#2 notifications/initialized: 400". */
function attemptsText(e: Evidence): string {
  const attempts = Array.isArray(e.rejected) ? (e.rejected as Evidence[]) : [];
  const shown = attempts.slice(0, 6).map((a) => `session ${ev(a, 'session')} #${ev(a, 'attempt')} ${ev(a, 'request')}: HTTP ${ev(a, 'status')}${a.rpcCode !== undefined ? ` (JSON-RPC ${ev(a, 'rpcCode')})` : ''}${a.otherSession ? ' with another session\'s id' : ''}`);
  return shown.join('; ') + (attempts.length > shown.length ? `; and ${attempts.length - shown.length} more` : '');
}

/** Whole sessions refused while others worked: the id is hashed to a replica other than its creator. */
function patternText(e: Evidence): string {
  const always = Number(e.sessionsAlwaysRefused ?? 0);
  if (always === 0) return ' Within a session, answers alternate: the balancer spreads requests (round-robin or least-connections).';
  return ` ${always} session${always === 1 ? ' was' : 's were'} refused on every request: the balancer keeps a session on one replica, but not on the one that created it (hashing the Mcp-Session-Id header does this).`;
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
  haproxy: 'HAProxy: learn each session from the response, e.g. `stick-table type string len 128 size 100k expire 30m`, `stick store-response res.hdr(Mcp-Session-Id)`, `stick match req.hdr(Mcp-Session-Id)` in the backend',
  nginx: 'nginx (open source): `ip_hash;` (or `hash $remote_addr consistent;`) in the upstream block, so every request of one client reaches one replica; nginx Plus: `sticky learn create=$upstream_http_mcp_session_id lookup=$http_mcp_session_id zone=mcp:1m;`',
  caddy: 'Caddy: `lb_policy ip_hash` (2.7+: `client_ip_hash`)',
};
const OTHER_FIXES = [
  'or keep sessions in a store every replica reads (e.g. Redis), or run the server in stateless mode (no Mcp-Session-Id)',
  'hashing the header alone (`hash $http_mcp_session_id`, `balance hdr(Mcp-Session-Id)`, Caddy `lb_policy header Mcp-Session-Id`) is not enough: initialize has no id yet, so its replica is not the one the id hashes to',
];

/** The proxy that answered (from its Server header) leads the fixes. */
function affinityFixes(e: Evidence): string {
  const lead = typeof e.proxyProduct === 'string' ? AFFINITY_FIXES[e.proxyProduct] : undefined;
  const rest = Object.values(AFFINITY_FIXES).filter((f) => f !== lead);
  return [...(lead ? [lead] : []), ...rest, ...OTHER_FIXES].join('; ');
}

/** Deployment behind load balancers and proxies (issue 16). */
export const deployEntries = {
  SESSION_NOT_STICKY: {
    severity: 'error',
    step: 'deploy',
    title: 'Requests of one session reach replicas that do not know it',
    cause: (e) => `In ${ev(e, 'sessions')} fresh session${e.sessions === 1 ? '' : 's'}, ${ev(e, 'rejectedCount')} of ${ev(e, 'attempts')} follow-up requests carrying the session's own Mcp-Session-Id (each on a fresh connection) were refused as unknown: ${attemptsText(e)}; ${ev(e, 'answeredCount')} were answered. The path sends requests of one session to server replicas that did not create it, so clients fail (the TypeScript SDK client's connect fails when its notifications/initialized lands elsewhere, as "No valid session ID provided" or "Session not found").${patternText(e)}${cookieText(e)}`,
    fix: (e) => `Send every request of a session to the replica that created it: ${affinityFixes(e)}.`,
  },
  SESSION_AFFINITY_OK: {
    severity: 'ok',
    step: 'deploy',
    title: 'Sessions stay on their replica',
    cause: (e) => `All ${ev(e, 'attempts')} follow-up requests in ${ev(e, 'sessions')} fresh sessions, each request on a fresh connection, were answered by the session they named.`,
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
    cause: (e) => `Requests carrying the same Mcp-Session-Id were answered differently: ${ev(e, 'answers')}. One server would answer them alike, so the requests probably reach different replicas; findings drawn from the refused answers (${ev(e, 'suppressed', 'none')}) are left out, since one inconsistent sample cannot say what the server does wrong.`,
    fix: () => 'Check session affinity on the load balancer (a full diagnosis sends a bounded series of follow-ups and names the setting); the server itself may be fine.',
  },
  SESSION_UNKNOWN_ACCEPTED: {
    severity: 'warning',
    step: 'mcp',
    title: 'A request with an unknown session id was answered',
    cause: (e) => `A ping with an Mcp-Session-Id the server never issued got HTTP ${ev(e, 'status')} and a result. The server does not check session ids, so it cannot tell a client that its session expired or was never created here (clients re-initialise only on 404).`,
    fix: () => 'Answer 404 for a session id the server does not know; if the server needs no sessions, stop issuing Mcp-Session-Id (stateless mode) instead.',
  },
} satisfies Record<string, CatalogEntry>;
