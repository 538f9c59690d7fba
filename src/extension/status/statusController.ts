import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DiscoveredServer } from '../../core/discovery/types';
import { assessReport } from '../../core/status/health';
import { signInReason } from '../../core/status/signIn';
import { nextCheckDelayMs, type ServerHealth, statusView, type StatusView } from '../../core/status/statusView';
import { type LogSink } from '../host/log';
import { type HealthSink } from '../services';
import { type Settings } from '../settings';

/** Timers, injectable so tests drive time by hand. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface StatusDeps {
  /** Draws the view (the VS Code status bar item); `undefined` hides it. */
  readonly render: (view: StatusView | undefined) => void;
  readonly settings: () => Settings;
  readonly servers: () => Promise<readonly DiscoveredServer[]>;
  readonly workspaceTrusted: () => boolean;
  /** The user ran an MCP Doctor command this session (unlocks workspace servers when untrusted). */
  readonly userActed: () => boolean;
  readonly windowFocused: () => boolean;
  /** One light check (no auth probes, never prompts). Must not throw for server problems. */
  readonly check: (server: DiscoveredServer, signal: AbortSignal) => Promise<void>;
  readonly now: () => number;
  readonly timers: Timers;
  readonly log: LogSink;
}

/** Background checks look at most this many servers, one at a time. */
export const MAX_BACKGROUND_SERVERS = 10;
/** The first check runs this soon after start (activation itself does no I/O). */
export const FIRST_CHECK_DELAY_MS = 2000;

const UNTRUSTED_NOTE = 'Not checked automatically: this workspace is not trusted. Run any MCP Doctor command to allow it for this session.';

/**
 * The status bar indicator: tracks the health of every server (from background and manual runs),
 * renders it with the one pure `statusView` function, and schedules light checks: every interval,
 * sooner with backoff while failing, paused while the window is unfocused, never automatically for
 * workspace-file servers of an untrusted workspace until the user acts.
 */
export class StatusController implements HealthSink {
  private readonly health = new Map<string, ServerHealth>();
  private readonly failures = new Map<string, number>();
  private servers: readonly DiscoveredServer[] = [];
  private timer: unknown;
  private running: Promise<void> | undefined;
  private dueWhileUnfocused = false;
  private readonly abort = new AbortController();

  constructor(private readonly deps: StatusDeps) {}

  /** Starts the indicator; the first server list and check come after a short delay. */
  start(): void {
    this.render();
    this.schedule(FIRST_CHECK_DELAY_MS);
  }

  /** Settings or config files changed: re-read the server list and reschedule. */
  async refresh(): Promise<void> {
    await this.loadServers();
    this.render();
    this.schedule(FIRST_CHECK_DELAY_MS);
  }

  /** The window gained or lost focus; a check that came due while unfocused runs on return. */
  focusChanged(focused: boolean): void {
    if (focused && this.dueWhileUnfocused) this.schedule(0);
  }

  /** Runs one round of checks now (the timer calls this; tests call it directly). */
  runChecks(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  checking(server: DiscoveredServer): void {
    const prev = this.health.get(server.id);
    this.health.set(server.id, { ...this.base(server), ...prev, checking: true });
    this.render();
  }

  finished(server: DiscoveredServer, report: DiagnosisReport): void {
    const settings = this.deps.settings();
    const now = this.deps.now();
    const assessment = assessReport(report, { certificateWarningDays: settings.certificateWarningDays, nowMs: now });
    const prev = this.health.get(server.id);
    if (assessment.level === 'unknown' && prev) {
      this.health.set(server.id, { ...prev, checking: false });
    } else {
      const signIn = signInReason(report);
      this.health.set(server.id, {
        ...this.base(server),
        level: assessment.level,
        checking: false,
        lastCheckedAt: now,
        latencyMs: assessment.latencyMs,
        top: assessment.top,
        ...(signIn ? { signIn } : {}),
      });
      this.failures.set(server.id, assessment.level === 'failing' ? (this.failures.get(server.id) ?? 0) + 1 : 0);
    }
    this.render();
  }

  aborted(server: DiscoveredServer): void {
    const prev = this.health.get(server.id);
    if (prev) this.health.set(server.id, { ...prev, checking: false });
    this.render();
  }

  /** Current per-server health (for tests and the tooltip). */
  snapshot(): ServerHealth[] {
    return this.visibleServers();
  }

  dispose(): void {
    this.abort.abort(new Error('MCP Doctor is shutting down'));
    if (this.timer !== undefined) this.deps.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.deps.render(undefined);
  }

  private async round(): Promise<void> {
    const settings = this.deps.settings();
    if (!settings.statusBarEnabled || this.abort.signal.aborted) return;
    if (!this.deps.windowFocused()) {
      this.dueWhileUnfocused = true;
      return;
    }
    this.dueWhileUnfocused = false;
    await this.loadServers();
    for (const server of this.servers.slice(0, MAX_BACKGROUND_SERVERS)) {
      if (this.abort.signal.aborted) return;
      if (this.pausedReason(server)) continue;
      await this.deps.check(server, this.abort.signal).catch((err: unknown) => {
        this.deps.log.warn(`background check of "${server.name}" failed to run: ${err instanceof Error ? err.message : String(err)}`);
        this.aborted(server);
      });
    }
    this.render();
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined) this.deps.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.deps.settings().statusBarEnabled || this.abort.signal.aborted) return;
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = undefined;
      void this.runChecks().then(
        () => this.schedule(this.nextDelay()),
        () => this.schedule(this.nextDelay()),
      );
    }, delayMs);
  }

  /** The soonest any server needs its next check (failing servers back off up to the interval). */
  private nextDelay(): number {
    const interval = this.deps.settings().statusBarIntervalSeconds;
    const delays = this.servers.map((s) => nextCheckDelayMs(interval, this.failures.get(s.id) ?? 0));
    return Math.min(nextCheckDelayMs(interval, 0), ...delays);
  }

  private async loadServers(): Promise<void> {
    try {
      this.servers = await this.deps.servers();
    } catch (err) {
      this.deps.log.warn(`could not read the server list: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private pausedReason(server: DiscoveredServer): string | undefined {
    return server.fromWorkspace && !this.deps.workspaceTrusted() && !this.deps.userActed() ? UNTRUSTED_NOTE : undefined;
  }

  private base(server: DiscoveredServer): ServerHealth {
    return { serverId: server.id, name: server.name, url: server.url, level: 'unknown', checking: false };
  }

  /** Known servers plus any server run by hand (an entered URL), each with its pause reason. */
  private visibleServers(): ServerHealth[] {
    const listed = this.servers.map((s) => ({ ...(this.health.get(s.id) ?? this.base(s)), paused: this.pausedReason(s) }));
    const extra = [...this.health.values()].filter((h) => !this.servers.some((s) => s.id === h.serverId));
    return [...listed, ...extra];
  }

  private render(): void {
    if (!this.deps.settings().statusBarEnabled) return this.deps.render(undefined);
    this.deps.render(statusView(this.visibleServers(), this.deps.now()));
  }
}
