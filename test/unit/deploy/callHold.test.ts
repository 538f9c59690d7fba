import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callDeadlineMs, STREAM_CALL_HOLD_MAX_MS, STREAM_CALL_MAX_MS } from '../../../src/core/deploy/streaming';
import { callCutFinding } from '../../../src/core/deploy/streamVerdict';
import { type StreamReport } from '../../../src/core/deploy/types';

const cutReport: StreamReport = {
  tool: 'slow',
  outcome: 'failed',
  reason: 'cut',
  events: [{ kind: 'other', atMs: 5 }],
  callDeadlineMs: 90_000,
  keepAlives: 0,
  cut: { elapsedMs: 61_000, lastByteMs: 1000, how: "the path answered HTTP 504 (Gateway Timeout) instead of the tool's result" },
};

describe('a held tool call (--hold with --stream-tool)', () => {
  it('stays open 60 s, or as long as the hold when longer, never past 300 s', () => {
    assert.equal(callDeadlineMs({}), STREAM_CALL_MAX_MS);
    assert.equal(callDeadlineMs({ holdMs: 4000 }), STREAM_CALL_MAX_MS);
    assert.equal(callDeadlineMs({ holdMs: 90_000 }), 90_000);
    assert.equal(callDeadlineMs({ holdMs: 10_000_000 }), STREAM_CALL_HOLD_MAX_MS);
    assert.equal(callDeadlineMs({ callMs: 5000 }), 5000);
  });

  it('a cut answer is STREAM_CUT_IDLE naming the call, when and how; an uncut one is nothing', () => {
    const f = callCutFinding(cutReport, 'nginx');
    assert.equal(f?.code, 'STREAM_CUT_IDLE');
    assert.deepEqual([f?.evidence.elapsedSeconds, f?.evidence.idleSeconds, f?.evidence.heldSeconds], [61, 60, 90]);
    assert.match(f?.cause ?? '', /^The answer to tools\/call slow ended after 61 s \(the path answered HTTP 504/);
    assert.match(f?.cause ?? '', /the client sees the call fail or time out/);
    assert.match(f?.fix ?? '', /nginx: `proxy_read_timeout 3600s;`.*or a progress notification/);
    assert.match(callCutFinding({ ...cutReport, eventIds: true })?.cause ?? '', /Last-Event-ID/);
    assert.equal(callCutFinding({ ...cutReport, cut: undefined }), undefined);
  });
});
