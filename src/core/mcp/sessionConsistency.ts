import { type FindingCode } from '../findings/catalog/index';
import { type EvidenceOf } from '../findings/evidence/index';
import { report, type ProbeRun, type SessionDoubt } from './run';

/** Requests the probe sends with the session id. */
const SESSION_BOUND: ReadonlySet<string> = new Set(['notifications/initialized', 'tools/list', 'GET stream']);

/** Statuses a server gives a session it does not know. */
const REFUSED = new Set([400, 404]);

/** Findings that describe the server from one answer to a session-bound request. */
const DERIVED: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'MCP_NOTIFICATION_STATUS_WRONG',
  'MCP_TOOLS_LIST_FAILED',
  'MCP_REQUEST_REJECTED',
  'MCP_INVALID_RESPONSE',
  'MCP_NO_RESPONSE',
  'MCP_GET_STREAM_UNEXPECTED',
]);

export interface SessionMark {
  readonly exchanges: number;
  readonly findings: number;
}

/** Where the session-bound part of the probe starts (call right after initialize). */
export function markSession(run: ProbeRun): SessionMark {
  return { exchanges: run.exchanges.length, findings: run.findings.length };
}

export type { SessionDoubt } from './run';

/**
 * When requests of the session initialize just created are refused as unknown (400/404), the answers
 * may come from different servers (replicas behind a balancer: round-robin, or a hash that puts the
 * session elsewhere), or the server may refuse one kind of request itself: one sample cannot tell. The findings drawn from the refused answers are held back (removed from the
 * run) until more samples decide; a background check, which sends no more, reports the doubt itself.
 */
export function reconcileSessionAnswers(run: ProbeRun, mark: SessionMark): SessionDoubt | undefined {
  const answers = run.exchanges.slice(mark.exchanges).filter((x) => SESSION_BOUND.has(x.label) && x.status !== 0);
  const refused = answers.filter((x) => REFUSED.has(x.status));
  // initialize created the session, so any refusal of it as unknown disagrees with that answer.
  if (refused.length === 0) return undefined;
  const later = run.findings.splice(mark.findings);
  run.findings.push(...later.filter((f) => !DERIVED.has(f.code)));
  const samples = ['initialize: issued the session', ...answers.map((x) => `${x.label}: HTTP ${x.status}`)];
  run.facts.session = { ...(run.facts.session ?? { issued: true }), inconsistentAnswers: samples };
  const doubt = { samples, heldBack: later.filter((f) => DERIVED.has(f.code)) };
  if (run.deps.background) report(run, 'SESSION_ANSWERS_INCONSISTENT', inconsistentEvidence(doubt));
  return doubt;
}

export function inconsistentEvidence(doubt: SessionDoubt): EvidenceOf<'SESSION_ANSWERS_INCONSISTENT'> {
  return { answers: [...doubt.samples], suppressed: [...new Set(doubt.heldBack.map((f) => f.code))] };
}
