import { type FindingCode } from '../findings/catalog/index';
import { type Finding } from '../findings/finding';
import { report, type ProbeRun } from './run';

/** Requests the probe sends with the session id, and the statuses that mean "this session answered". */
const SESSION_BOUND: Readonly<Record<string, (status: number) => boolean>> = {
  'notifications/initialized': (s) => s === 202 || s === 200,
  'tools/list': (s) => s === 200,
  'GET stream': (s) => s === 200 || s === 405,
};

/** Statuses a server gives a session it does not know. */
const REFUSED = new Set([400, 404]);

/** Findings that describe the server from one answer to a session-bound request. */
const DERIVED: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'MCP_NOTIFICATION_STATUS_WRONG', 'MCP_TOOLS_LIST_FAILED', 'MCP_REQUEST_REJECTED', 'MCP_INVALID_RESPONSE', 'MCP_NO_RESPONSE', 'MCP_GET_STREAM_UNEXPECTED',
]);

export interface SessionMark {
  readonly exchanges: number;
  readonly findings: number;
}

/** Where the session-bound part of the probe starts (call right after initialize). */
export function markSession(run: ProbeRun): SessionMark {
  return { exchanges: run.exchanges.length, findings: run.findings.length };
}

/** Answers of one session that disagreed, and the findings drawn from the refused ones (held back). */
export interface SessionDoubt {
  readonly samples: readonly string[];
  readonly heldBack: readonly Finding[];
}

/**
 * When one session's requests were both answered and refused as unknown, the answers may come from
 * different servers (replicas behind a balancer), or the server may refuse one kind of request: one
 * sample cannot tell. The findings drawn from the refused answers are held back (removed from the
 * run) until more samples decide; a background check, which sends no more, reports the doubt itself.
 */
export function reconcileSessionAnswers(run: ProbeRun, mark: SessionMark): SessionDoubt | undefined {
  const answers = run.exchanges.slice(mark.exchanges).filter((x) => x.label in SESSION_BOUND && x.status !== 0);
  const accepted = answers.filter((x) => SESSION_BOUND[x.label]?.(x.status));
  const refused = answers.filter((x) => REFUSED.has(x.status));
  if (accepted.length === 0 || refused.length === 0) return undefined;
  const later = run.findings.splice(mark.findings);
  run.findings.push(...later.filter((f) => !DERIVED.has(f.code)));
  const samples = answers.map((x) => `${x.label}: HTTP ${x.status}`);
  run.facts.session = { ...(run.facts.session ?? { issued: true }), inconsistentAnswers: samples };
  const doubt = { samples, heldBack: later.filter((f) => DERIVED.has(f.code)) };
  if (run.deps.background) report(run, 'SESSION_ANSWERS_INCONSISTENT', inconsistentEvidence(doubt));
  return doubt;
}

export function inconsistentEvidence(doubt: SessionDoubt): Record<string, unknown> {
  return { answers: [...doubt.samples], suppressed: [...new Set(doubt.heldBack.map((f) => f.code))] };
}
