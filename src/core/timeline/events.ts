import { humanDuration } from '../jwt/duration';
import { type TimelineRun } from './timeline';

/** A stretch of runs that all reported `code`. `to` is the first run without it; absent while ongoing. */
export interface FailureSpan {
  readonly kind: 'failure';
  readonly code: string;
  readonly from: string;
  readonly to?: string;
  readonly runs: number;
}

/** The leaf certificate differed from the previous run's (or was first seen). */
export interface CertificateChange {
  readonly kind: 'certificate';
  readonly at: string;
  readonly from?: string;
  readonly to: string;
}

export type TimelineEvent = FailureSpan | CertificateChange;

/** When each failure began and ended, and when the certificate changed; in time order. */
export function timelineEvents(runs: readonly TimelineRun[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const open = new Map<string, { from: string; runs: number }>();
  let lastCert: string | undefined;
  for (const run of runs) {
    for (const [code, span] of open) {
      if (run.codes.includes(code)) continue;
      events.push({ kind: 'failure', code, from: span.from, to: run.at, runs: span.runs });
      open.delete(code);
    }
    for (const code of run.codes) {
      const span = open.get(code);
      if (span) span.runs++;
      else open.set(code, { from: run.at, runs: 1 });
    }
    if (run.certFingerprint && run.certFingerprint !== lastCert) {
      events.push({ kind: 'certificate', at: run.at, from: lastCert, to: run.certFingerprint });
      lastCert = run.certFingerprint;
    }
  }
  for (const [code, span] of open) events.push({ kind: 'failure', code, from: span.from, runs: span.runs });
  return events.sort((a, b) => startOf(a).localeCompare(startOf(b)));
}

function startOf(event: TimelineEvent): string {
  return event.kind === 'failure' ? event.from : event.at;
}

const RECENT_RUNS = 50;

/** The timeline as a Markdown document (until the panel renders it). */
export function formatTimeline(serverName: string, url: string, runs: readonly TimelineRun[], nowMs: number): string {
  const lines = [`# Connection timeline: ${serverName}`, '', url, ''];
  if (runs.length === 0)
    return [...lines, 'No runs recorded yet. Run "MCP Doctor: Diagnose MCP Server" or enable the status bar check.', ''].join('\n');
  const last = runs[runs.length - 1];
  lines.push(
    `${runs.length} run${runs.length === 1 ? '' : 's'} from ${when(runs[0].at)} to ${when(last.at)}; last verdict: ${last.severity}.`,
    '',
  );
  const events = timelineEvents(runs);
  const failures = events.filter((e): e is FailureSpan => e.kind === 'failure');
  const certs = events.filter((e): e is CertificateChange => e.kind === 'certificate');
  lines.push('## Problems', '', ...(failures.length ? failures.map((f) => failureLine(f, nowMs)) : ['- None recorded.']), '');
  lines.push(
    '## Certificate',
    '',
    ...(certs.length ? certs.map(certLine) : ['- No certificate seen (plain HTTP, or the TLS step never completed).']),
    '',
  );
  lines.push(
    `## Recent runs (newest first${runs.length > RECENT_RUNS ? `, last ${RECENT_RUNS}` : ''})`,
    '',
    '| Time | Verdict | Duration | Findings |',
    '| --- | --- | --- | --- |',
  );
  for (const run of runs.slice(-RECENT_RUNS).reverse()) {
    lines.push(`| ${when(run.at)} | ${run.severity} | ${run.durationMs} ms | ${run.codes.join(', ') || '—'} |`);
  }
  return `${lines.join('\n')}\n`;
}

function failureLine(span: FailureSpan, nowMs: number): string {
  const runs = `${span.runs} run${span.runs === 1 ? '' : 's'}`;
  if (span.to === undefined)
    return `- **${span.code}** since ${when(span.from)} (ongoing for ${humanDuration(nowMs - Date.parse(span.from))}, ${runs})`;
  return `- **${span.code}** from ${when(span.from)} to ${when(span.to)} (${humanDuration(Date.parse(span.to) - Date.parse(span.from))}, ${runs})`;
}

function certLine(change: CertificateChange): string {
  return change.from === undefined
    ? `- ${when(change.at)}: first seen ${short(change.to)}`
    : `- ${when(change.at)}: **changed** from ${short(change.from)} to ${short(change.to)}`;
}

function short(fp: string): string {
  return fp.length > 23 ? `${fp.slice(0, 23)}…` : fp;
}

function when(iso: string): string {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().replace('T', ' ').slice(0, 19) + 'Z' : iso;
}
