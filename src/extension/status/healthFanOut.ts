import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DiscoveredServer } from '../../core/discovery/types';
import { type HealthSink } from '../services';

/** One health sink that tells several (the status bar and the MCP Servers view follow the same runs). */
export function fanOutHealth(...sinks: readonly HealthSink[]): HealthSink {
  return {
    checking: (server: DiscoveredServer) => sinks.forEach((s) => s.checking(server)),
    finished: (server: DiscoveredServer, report: DiagnosisReport) => sinks.forEach((s) => s.finished(server, report)),
    aborted: (server: DiscoveredServer) => sinks.forEach((s) => s.aborted(server)),
    // The status bar's per-server knowledge (its sign-in menu reads it): from the first sink that keeps one.
    snapshot: () => sinks.find((s) => s.snapshot)?.snapshot?.() ?? [],
  };
}
