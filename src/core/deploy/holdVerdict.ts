import { makeFinding, type Finding } from '../findings/finding';
import { type HoldReport } from './types';

/**
 * The GET stream cut before the hold ended is STREAM_CUT_IDLE, with the elapsed time and whether
 * keep-alive comments came at all (a path's idle timer restarts on each byte); held to the end is
 * STREAM_HELD.
 */
export function holdFinding(report: HoldReport, proxyProduct?: string): Finding {
  const base = {
    heldSeconds: report.heldSeconds,
    keepAlives: report.keepAlives,
    events: report.events,
    ...(report.keepAliveEveryMs !== undefined ? { keepAliveEveryMs: report.keepAliveEveryMs } : {}),
    ...(proxyProduct ? { proxyProduct } : {}),
  };
  if (report.outcome === 'cut') {
    const elapsed = report.elapsedMs ?? 0;
    const sinceLastByte = report.lastChunkMs === undefined ? elapsed : elapsed - report.lastChunkMs;
    return makeFinding('STREAM_CUT_IDLE', {
      ...base,
      elapsedSeconds: Math.round(elapsed / 100) / 10,
      idleSeconds: Math.round(sinceLastByte / 100) / 10,
      how: report.how,
    });
  }
  if (report.outcome === 'held') return makeFinding('STREAM_HELD', base);
  return makeFinding('STREAM_NOT_MEASURED', { tool: 'GET stream', reason: report.reason ?? report.outcome });
}
