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
    const reason = report.stoppedBy ?? (unanswered
      ? `follow-up #${unanswered.attempt} of session ${unanswered.session} (ping) failed with ${unanswered.status ? `HTTP ${unanswered.status}` : (unanswered.errorCode ?? 'no answer')}`
      : 'no ping was sent');
    return makeFinding('SESSION_AFFINITY_INCONCLUSIVE', { reason });
  }
  const notificationsRefused = report.attempts.filter((a) => a.request !== 'ping' && a.outcome !== 'answered').length;
  return makeFinding('SESSION_AFFINITY_OK', { attempts: report.attempts.length, sessions: report.sessions, ...(notificationsRefused ? { notificationsRefused } : {}) });
}

function notSticky(report: AffinityReport, refused: readonly AffinityAttempt[]): Finding {
  return makeFinding('SESSION_NOT_STICKY', {
    attempts: report.attempts.length,
    rejectedCount: refused.length,
    answeredCount: report.attempts.filter((a) => a.outcome === 'answered').length,
    sessions: report.sessions,
    sessionsAlwaysRefused: sessionsAlwaysRefused(report),
    rejected: refused.map((a) => ({ session: a.session, attempt: a.attempt, request: a.request, status: a.status, ...(a.rpcCode !== undefined ? { rpcCode: a.rpcCode } : {}), ...(a.otherSession ? { otherSession: true } : {}) })),
    balancerCookies: [...report.balancerCookies],
    ...(report.proxyProduct ? { proxyProduct: report.proxyProduct } : {}),
  });
}

/** Sessions none of whose follow-ups were answered: the mark of a balancer hashing the id, not of round-robin. */
function sessionsAlwaysRefused(report: AffinityReport): number {
  const sessions = new Set(report.attempts.map((a) => a.session));
  return [...sessions].filter((s) => report.attempts.every((a) => a.session !== s || a.outcome === 'refused')).length;
}
