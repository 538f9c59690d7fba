import { type DiagnosisReport } from '../../core/diagnose/report';
import { hasErrors } from '../../core/findings/finding';
import { type CheckTarget, type SourceLocation } from './targets';

/**
 * How one server came out: `ok` (no errors), `failed` (error findings), `unauthenticated` (no
 * errors, but the token checks could not run: the entry's token could not be resolved, or the
 * server demands one and none was given), `cancelled` (the run was stopped first).
 */
export type CheckStatus = 'ok' | 'failed' | 'unauthenticated' | 'cancelled';

/** One server's result: what the CI outputs and the terminal lines are written from. Secret-free. */
export interface CheckOutcome {
  readonly name: string;
  readonly id: string;
  readonly url: string;
  readonly location?: SourceLocation;
  readonly status: CheckStatus;
  /** Why the token checks did not run, when status is `unauthenticated`. */
  readonly authNote?: string;
  readonly durationMs: number;
  /** Absent when the run was cancelled before this server started. */
  readonly report?: DiagnosisReport;
}

export function outcomeOf(target: CheckTarget, report: DiagnosisReport | undefined, durationMs: number): CheckOutcome {
  const base = { name: target.server.name, id: target.server.id, url: target.server.url, location: target.location, durationMs, report };
  if (!report || report.cancelled) return { ...base, status: 'cancelled' };
  if (hasErrors(report.findings)) return { ...base, status: 'failed' };
  const note = authNote(target, report);
  return note ? { ...base, status: 'unauthenticated', authNote: note } : { ...base, status: 'ok' };
}

function authNote(target: CheckTarget, report: DiagnosisReport): string | undefined {
  if (target.cannotAuthenticate) return `not authenticated: ${target.cannotAuthenticate}`;
  if (target.token !== undefined) return undefined;
  // The server answered the token-less request with 401/403, and the token checks were skipped.
  const status = report.auth?.unauthenticatedStatus;
  const demandsToken = (status === 401 || status === 403) && report.findings.some((f) => f.code === 'AUTH_NO_TOKEN');
  return demandsToken
    ? `not authenticated: the server requires a token and none is configured (--token-env ${target.server.name}=VAR)`
    : undefined;
}

/** Exit code of a whole check, as `diagnose` would give for each server: 130 cancelled, 1 any error, else 0. */
export function checkExitCode(outcomes: readonly CheckOutcome[], cancelled: boolean): number {
  if (cancelled || outcomes.some((o) => o.status === 'cancelled')) return 130;
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}
