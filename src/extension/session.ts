import { type DiagnosisReport } from '../core/diagnose/report';
import { type DiscoveredServer } from '../core/discovery/types';
import { type PresentationContext } from './presenter';

/** One finished diagnosis, as remembered for export, timeline and re-runs. The report is redacted. */
export interface LastRun {
  readonly report: DiagnosisReport;
  readonly context: PresentationContext;
  readonly server: DiscoveredServer;
  readonly finishedAt: number;
}

/** In-memory state of this window's session (nothing here is persisted). */
export class Session {
  private readonly runs = new Map<string, LastRun>();
  private latestId: string | undefined;
  private readonly recent: string[] = [];
  private acted = false;

  /**
   * Set once the user runs any MCP Doctor command. In an untrusted workspace, servers from
   * workspace files are only checked in the background after this.
   */
  get userActed(): boolean {
    return this.acted;
  }

  markUserActed(): void {
    this.acted = true;
  }

  remember(run: LastRun): void {
    this.runs.set(run.server.id, run);
    this.latestId = run.server.id;
  }

  latest(): LastRun | undefined {
    return this.latestId === undefined ? undefined : this.runs.get(this.latestId);
  }

  forServer(serverId: string): LastRun | undefined {
    return this.runs.get(serverId);
  }

  all(): LastRun[] {
    return [...this.runs.values()].sort((a, b) => b.finishedAt - a.finishedAt);
  }

  /** URLs entered by hand, newest first (offered again in the picker). */
  addRecentUrl(url: string): void {
    const i = this.recent.indexOf(url);
    if (i !== -1) this.recent.splice(i, 1);
    this.recent.unshift(url);
    this.recent.length = Math.min(this.recent.length, 5);
  }

  recentUrls(): readonly string[] {
    return this.recent;
  }

  forgetRuns(): void {
    this.runs.clear();
    this.latestId = undefined;
  }
}
