import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeFinding } from '../../../src/core/findings/finding';
import { formatTimeline, timelineEvents } from '../../../src/core/timeline/events';
import { MemoryJsonStore } from '../../../src/core/timeline/store';
import { runFromReport, Timeline, type TimelineRun } from '../../../src/core/timeline/timeline';
import { reportWith } from '../status/reports';
import { mcpOkEvidence, refusedEvidence } from '../core/sampleEvidence';

const run = (minute: number, codes: string[] = [], certFingerprint?: string): TimelineRun => ({
  at: new Date(Date.UTC(2025, 0, 1, 10, minute)).toISOString(),
  durationMs: 100,
  severity: codes.length ? 'error' : 'ok',
  codes,
  ...(certFingerprint ? { certFingerprint } : {}),
});

describe('Timeline', () => {
  it('keeps the newest maxRuns runs per server, oldest first', async () => {
    const timeline = new Timeline(new MemoryJsonStore(), { maxRuns: 3 });
    for (let i = 0; i < 5; i++) await timeline.record('a', run(i));
    await timeline.record('b', run(9));
    assert.deepEqual(
      (await timeline.runs('a')).map((r) => r.at.slice(11, 16)),
      ['10:02', '10:03', '10:04'],
    );
    assert.deepEqual(await timeline.servers(), ['a', 'b']);
  });

  it('defaults to 200 runs and loses nothing under concurrent writes', async () => {
    const timeline = new Timeline(new MemoryJsonStore());
    await Promise.all(Array.from({ length: 250 }, (_, i) => timeline.record('a', { ...run(0), durationMs: i })));
    const runs = await timeline.runs('a');
    assert.equal(runs.length, 200);
    assert.deepEqual(
      runs.map((r) => r.durationMs),
      Array.from({ length: 200 }, (_, i) => i + 50),
    );
  });

  it('clears one server or all', async () => {
    const timeline = new Timeline(new MemoryJsonStore());
    await timeline.record('a', run(1));
    await timeline.record('b', run(2));
    await timeline.clear('a');
    assert.deepEqual([await timeline.runs('a'), await timeline.servers()], [[], ['b']]);
    await timeline.clear();
    assert.deepEqual([await timeline.runs('b'), await timeline.servers()], [[], []]);
  });

  it('stores only sanitised fields and tolerates corrupt storage', async () => {
    const store = new MemoryJsonStore();
    const timeline = new Timeline(store);
    const dirty = {
      ...run(1, ['NET_DNS_FAILED', 'Bearer eyJhbGciOi']),
      certFingerprint: 'AB:CD',
      token: 'secret-token-value',
    } as TimelineRun;
    await timeline.record('a', dirty);
    assert.deepEqual(await timeline.runs('a'), [{ ...run(1, ['NET_DNS_FAILED']), certFingerprint: 'AB:CD' }]);
    assert.ok(!store.dump().includes('secret-token-value') && !store.dump().includes('eyJ'));
    await store.set('mcpDoctor.timeline:x', [1, 'two', { at: 3 }, run(5)]);
    assert.deepEqual(await timeline.runs('x'), [run(5)]);
    await store.set('mcpDoctor.timeline:y', { not: 'an array' });
    assert.deepEqual(await timeline.runs('y'), []);
  });

  it('runFromReport takes verdict, error/warning codes and the leaf fingerprint', () => {
    const report = reportWith(
      [
        makeFinding('NET_CONNECTION_REFUSED', refusedEvidence),
        makeFinding('MCP_OK', mcpOkEvidence),
        makeFinding('NET_CONNECTION_REFUSED', refusedEvidence),
      ],
      {
        tls: { trusted: true, leafFingerprint256: 'AA:BB' },
      },
    );
    assert.deepEqual(runFromReport(report), {
      at: report.startedAt,
      durationMs: 120,
      severity: 'error',
      codes: ['NET_CONNECTION_REFUSED'],
      certFingerprint: 'AA:BB',
    });
  });
});

describe('timelineEvents', () => {
  it('shows when each failure began and ended and when the certificate changed', () => {
    const runs = [
      run(0, [], 'AA'),
      run(5, ['NET_CONNECTION_REFUSED']),
      run(10, ['NET_CONNECTION_REFUSED']),
      run(15, [], 'BB'),
      run(20, ['JWT_EXPIRED'], 'BB'),
    ];
    assert.deepEqual(timelineEvents(runs), [
      { kind: 'certificate', at: runs[0].at, from: undefined, to: 'AA' },
      { kind: 'failure', code: 'NET_CONNECTION_REFUSED', from: runs[1].at, to: runs[3].at, runs: 2 },
      { kind: 'certificate', at: runs[3].at, from: 'AA', to: 'BB' },
      { kind: 'failure', code: 'JWT_EXPIRED', from: runs[4].at, runs: 1 },
    ]);
  });

  it('formats a readable document', () => {
    const runs = [run(0, [], 'AA'), run(5, ['NET_CONNECTION_REFUSED']), run(35, [], 'BB')];
    const text = formatTimeline('lab', 'https://lab.test/mcp', runs, Date.UTC(2025, 0, 1, 11));
    assert.match(text, /^# Connection timeline: lab/);
    assert.match(text, /\*\*NET_CONNECTION_REFUSED\*\* from 2025-01-01 10:05:00Z to 2025-01-01 10:35:00Z \(30 minutes, 1 run\)/);
    assert.match(text, /\*\*changed\*\* from AA to BB/);
    assert.match(formatTimeline('x', 'u', [], 0), /No runs recorded yet/);
  });
});
