import { type CheckOutcome, type CheckStatus } from './outcome';

/** Plain-text pieces every output of `check` shares (terminal, JUnit, SARIF, Markdown). */

export const STATUS_WORD: Record<CheckStatus, string> = {
  ok: 'ok',
  failed: 'failed',
  unauthenticated: 'not authenticated',
  cancelled: 'cancelled',
};

/** `path:line` relative to the working directory when inside it; absolute otherwise. */
export function whereDefined(outcome: CheckOutcome, cwd: string): string {
  const loc = outcome.location;
  if (!loc) return 'settings';
  return `${relativePath(loc.path, cwd)}:${loc.line}`;
}

export function relativePath(path: string, cwd: string): string {
  const base = cwd.endsWith('/') ? cwd : `${cwd}/`;
  return path.startsWith(base) ? path.slice(base.length) : path;
}

/**
 * The one line a person reads for a server: the verdict of a failed one; for a passing one with
 * warnings, their titles (the verdict would spell out the first warning's whole cause); why it was
 * not authenticated. At most MAX_HEADLINE characters: the full text is in the reports.
 */
export function headline(outcome: CheckOutcome): string {
  const report = outcome.report;
  if (!report) return 'not checked (cancelled)';
  const warnings = report.findings.filter((f) => f.severity === 'warning');
  const base =
    outcome.status === 'failed' || warnings.length === 0
      ? report.verdict.summary
      : `no errors; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}: ${[...new Set(warnings.map((f) => f.title))].join('; ')}`;
  // Not authenticated says why first: the warnings are about a run that could not go past the token.
  return clip(outcome.status === 'unauthenticated' && outcome.authNote ? `${outcome.authNote}; ${base}` : base);
}

export const MAX_HEADLINE = 240;

function clip(text: string): string {
  return text.length <= MAX_HEADLINE ? text : `${text.slice(0, MAX_HEADLINE - 1)}…`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** "4 servers: 1 ok, 2 failed, 1 not authenticated". */
export function totals(outcomes: readonly CheckOutcome[]): string {
  const counts = new Map<CheckStatus, number>();
  for (const o of outcomes) counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
  const parts = (['ok', 'failed', 'unauthenticated', 'cancelled'] as const).flatMap((s) =>
    counts.get(s) ? [`${counts.get(s)} ${STATUS_WORD[s]}`] : [],
  );
  return `${outcomes.length} server${outcomes.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
