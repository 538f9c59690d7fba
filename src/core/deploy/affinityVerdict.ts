import { makeFinding, type Finding } from '../findings/finding';
import { type AffinityAttempt, type AffinityReport } from './types';

/**
 * One finding for the series. A refused ping (or an answer from another session) for a session
 * that initialize just created means the path spreads sessions: one server cannot both know and not
 * know it. Refused notifications alone are not enough: a server may refuse the notification itself
 * (a status bug of its own, which the MCP step reports). A pass needs every ping answered.
 */
export function affinityFinding(report: AffinityReport): Finding {
  if (!report.sessionIssued) return makeFinding('SESSION_AFFINITY_INCONCLUSIVE', { reason: report.stoppedBy ?? 'no session was issued' });
  const refused = report.attempts.filter((a) => a.outcome === 'refused');
  if (refused.some((a) => a.request === 'ping' || a.otherSession)) return notSticky(report, refused);
  const pings = report.attempts.filter((a) => a.request === 'ping');
  const unanswered = pings.find((a) => a.outcome !== 'answered');
  if (unanswered || report.stoppedBy || pings.length === 0) {
    const reason =
      report.stoppedBy ??
      (unanswered
        ? `follow-up #${unanswered.attempt} of session ${unanswered.session} (ping) failed with ${unanswered.status ? `HTTP ${unanswered.status}` : (unanswered.errorCode ?? 'no answer')}`
        : 'no ping was sent');
    return makeFinding('SESSION_AFFINITY_INCONCLUSIVE', { reason });
  }
  const notificationsRefused = report.attempts.filter((a) => a.request !== 'ping' && a.outcome !== 'answered').length;
  return makeFinding('SESSION_AFFINITY_OK', {
    attempts: report.attempts.length,
    sessions: report.sessions,
    ...(notificationsRefused ? { notificationsRefused } : {}),
  });
}

function notSticky(report: AffinityReport, refused: readonly AffinityAttempt[]): Finding {
  return makeFinding('SESSION_NOT_STICKY', {
    attempts: report.attempts.length,
    rejectedCount: refused.length,
    answeredCount: report.attempts.filter((a) => a.outcome === 'answered').length,
    sessions: report.sessions,
    sessionsAlwaysRefused: sessionsAlwaysRefused(report),
    sessionsMixed: sessionsMixed(report),
    rejected: refused.map((a) => ({
      session: a.session,
      attempt: a.attempt,
      request: a.request,
      status: a.status,
      ...(a.rpcCode !== undefined ? { rpcCode: a.rpcCode } : {}),
      ...(a.otherSession ? { otherSession: true } : {}),
    })),
    balancerCookies: [...report.balancerCookies],
    ...(report.proxyProduct ? { proxyProduct: report.proxyProduct } : {}),
  });
}

/**
 * Sessions none of whose follow-ups were answered. With no session mixed, the mark of a balancer
 * hashing the id (each session held on one replica, some on the wrong one); a random balancer (Caddy's
 * default) also refuses a whole short series now and then, but mixes others.
 */
function sessionsAlwaysRefused(report: AffinityReport): number {
  return sessionsWhere(report, (outcomes) => outcomes.every((o) => o === 'refused'));
}

/** Sessions with some follow-ups answered and others refused: the balancer spreads requests (round-robin, random). */
function sessionsMixed(report: AffinityReport): number {
  return sessionsWhere(report, (outcomes) => outcomes.includes('refused') && outcomes.includes('answered'));
}

function sessionsWhere(report: AffinityReport, test: (outcomes: readonly AffinityAttempt['outcome'][]) => boolean): number {
  const bySession = new Map<number, AffinityAttempt['outcome'][]>();
  for (const a of report.attempts) bySession.set(a.session, [...(bySession.get(a.session) ?? []), a.outcome]);
  return [...bySession.values()].filter(test).length;
}
