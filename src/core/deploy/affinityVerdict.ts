import { makeFinding, type Finding } from '../findings/finding';
import { type AffinityReport } from './types';

/**
 * One finding for the series: any refusal of a session that initialize just created means the
 * path spreads sessions (a single server cannot both know and not know it); no refusal at all is a
 * pass only when every follow-up was answered.
 */
export function affinityFinding(report: AffinityReport): Finding {
  if (!report.sessionIssued) return makeFinding('SESSION_AFFINITY_INCONCLUSIVE', { reason: report.stoppedBy ?? 'no session was issued' });
  const refused = report.attempts.filter((a) => a.outcome === 'refused');
  if (refused.length > 0) {
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
  const failed = report.attempts.filter((a) => a.outcome === 'failed');
  if (failed.length > 0 || (report.stoppedBy && report.attempts.length === 0)) {
    const first = failed[0];
    const reason = report.stoppedBy ?? `follow-up #${first?.attempt} (${first?.request}) failed with ${first?.status ? `HTTP ${first.status}` : (first?.errorCode ?? 'no answer')}`;
    return makeFinding('SESSION_AFFINITY_INCONCLUSIVE', { reason });
  }
  return makeFinding('SESSION_AFFINITY_OK', { attempts: report.attempts.length, sessions: report.sessions });
}

/** Sessions none of whose follow-ups were answered: the mark of a balancer hashing the id, not of round-robin. */
function sessionsAlwaysRefused(report: AffinityReport): number {
  const sessions = new Set(report.attempts.map((a) => a.session));
  return [...sessions].filter((s) => report.attempts.every((a) => a.session !== s || a.outcome === 'refused')).length;
}
