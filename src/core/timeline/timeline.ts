import { type DiagnosisReport } from '../diagnose/report';
import { type Severity } from '../findings/types';
import { type JsonStore } from '../store/jsonStore';

/** One past run of a server. Holds codes and a certificate fingerprint, never a token or header. */
export interface TimelineRun {
  /** ISO time the run started. */
  readonly at: string;
  readonly durationMs: number;
  /** The verdict's severity. */
  readonly severity: Severity;
  /** Codes of the run's error and warning findings, in report order, without duplicates. */
  readonly codes: readonly string[];
  /** SHA-256 fingerprint of the leaf certificate the run saw. */
  readonly certFingerprint?: string;
}

export const DEFAULT_MAX_RUNS = 200;
const INDEX_KEY = 'mcpDoctor.timeline.index';
const KEY_PREFIX = 'mcpDoctor.timeline:';
const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;
const FINGERPRINT = /^[0-9A-Fa-f:]{1,128}$/;

/** The timeline entry for a finished report. */
export function runFromReport(report: DiagnosisReport): TimelineRun {
  const codes = report.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => f.code);
  const run: TimelineRun = {
    at: report.startedAt,
    durationMs: report.durationMs,
    severity: report.verdict.severity,
    codes: [...new Set(codes)],
  };
  const fp = report.tls?.leafFingerprint256;
  return fp ? { ...run, certFingerprint: fp } : run;
}

/**
 * Bounded per-server run history over a {@link JsonStore}: the newest `maxRuns` runs per server
 * are kept. Writes are serialised so a background check and a manual run cannot lose each other's entry.
 */
export class Timeline {
  private readonly bound: () => number;
  private queue: Promise<unknown> = Promise.resolve();

  /** `maxRuns` may be a function so a settings change applies without re-creating the timeline. */
  constructor(
    private readonly store: JsonStore,
    options: { readonly maxRuns?: number | (() => number) } = {},
  ) {
    const max = options.maxRuns ?? DEFAULT_MAX_RUNS;
    this.bound = typeof max === 'function' ? max : () => max;
  }

  private get maxRuns(): number {
    const n = Math.floor(this.bound());
    return Number.isFinite(n) && n >= 1 ? n : DEFAULT_MAX_RUNS;
  }

  /** Appends a run (sanitised) and drops the oldest beyond the bound. */
  record(serverId: string, run: TimelineRun): Promise<void> {
    return this.serialised(async () => {
      const runs = [...(await this.runs(serverId)), sanitise(run)].slice(-this.maxRuns);
      await this.store.set(KEY_PREFIX + serverId, runs);
      const index = await this.servers();
      if (!index.includes(serverId)) await this.store.set(INDEX_KEY, [...index, serverId]);
    });
  }

  /** A server's runs, oldest first. Corrupt stored entries are dropped, not thrown. */
  async runs(serverId: string): Promise<TimelineRun[]> {
    const stored = await this.store.get<unknown>(KEY_PREFIX + serverId);
    return Array.isArray(stored) ? stored.filter(isRun).slice(-this.maxRuns) : [];
  }

  /** Ids of servers with a history. */
  async servers(): Promise<string[]> {
    const stored = await this.store.get<unknown>(INDEX_KEY);
    return Array.isArray(stored) ? stored.filter((s): s is string => typeof s === 'string') : [];
  }

  /** Forgets one server's history, or every server's. */
  clear(serverId?: string): Promise<void> {
    return this.serialised(async () => {
      const index = await this.servers();
      const targets = serverId === undefined ? index : [serverId];
      // An empty list, not undefined: JsonStore promises JSON values, and [] reads back as "no runs".
      for (const id of targets) await this.store.set(KEY_PREFIX + id, []);
      await this.store.set(INDEX_KEY, serverId === undefined ? [] : index.filter((id) => id !== serverId));
    });
  }

  private serialised(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** Keeps only the fields and shapes a run may have, so nothing else can reach storage. */
function sanitise(run: TimelineRun): TimelineRun {
  const codes = run.codes.filter((c) => CODE.test(c)).slice(0, 50);
  const base: TimelineRun = { at: String(run.at), durationMs: Math.max(0, Math.round(run.durationMs)), severity: run.severity, codes };
  return run.certFingerprint && FINGERPRINT.test(run.certFingerprint) ? { ...base, certFingerprint: run.certFingerprint } : base;
}

function isRun(value: unknown): value is TimelineRun {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return typeof r.at === 'string' && typeof r.durationMs === 'number' && typeof r.severity === 'string' && Array.isArray(r.codes);
}
