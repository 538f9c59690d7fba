import type { TimelineRun } from '../../src/shared/protocol';
import { h } from '../dom';
import { duration, relativeTime, toMs, utcDate } from '../format';
import { certChanges, failureSpans } from '../model/timeline';
import { dataTable, note, section, toneMark, toneOf } from './common';

const MAX_STRIP = 200;

/** Runs over time as a strip, then when each failure began and ended, and certificate changes. */
export function timelineSection(runs: readonly TimelineRun[] | undefined, nowMs: number): HTMLElement | null {
  if (!runs || runs.length === 0) return null;
  const spans = failureSpans(runs);
  const changes = certChanges(runs);
  const when = (iso: string): string => {
    const ms = toMs(iso);
    return ms === undefined ? iso : `${utcDate(ms)} (${relativeTime(ms, nowMs)})`;
  };
  return section(
    'timeline',
    `Timeline (${runs.length} run${runs.length === 1 ? '' : 's'})`,
    h(
      'ol',
      { class: 'strip', attrs: { 'aria-label': 'Runs, oldest first' } },
      runs.slice(-MAX_STRIP).map((run) =>
        h(
          'li',
          {
            class: `run run-${toneOf(run.severity)}`,
            attrs: {
              title: `${when(run.at)}: ${run.severity}${run.codes.length ? ` (${run.codes.join(', ')})` : ''}, ${duration(run.durationMs)}`,
            },
          },
          h('span', { class: 'sr-only' }, `${run.at} ${run.severity}`),
        ),
      ),
    ),
    spans.length
      ? dataTable(
          ['Failure', 'Began', 'Ended', 'Runs'],
          spans.map((span) => [
            h('code', {}, span.code),
            when(span.from),
            span.endedAt ? when(span.endedAt) : toneMark('error', 'still failing'),
            String(span.runs),
          ]),
        )
      : note('No failures recorded.'),
    changes.length
      ? h(
          'div',
          {},
          h('h3', {}, 'Certificate changes'),
          dataTable(
            ['When', 'Before', 'After'],
            changes.map((change) => [when(change.at), h('code', {}, change.from), h('code', {}, change.to)]),
          ),
        )
      : null,
  );
}
