import { type HealthLevel, type TopFinding } from './health';

/** What the indicator knows about one server. */
export interface ServerHealth {
  readonly serverId: string;
  readonly name: string;
  readonly url: string;
  /** Result of the last finished check ('unknown' before the first). */
  readonly level: Exclude<HealthLevel, 'checking'>;
  /** A check is running now. */
  readonly checking: boolean;
  readonly lastCheckedAt?: number;
  readonly latencyMs?: number;
  readonly top?: TopFinding;
  /** Why the server is not checked automatically (e.g. untrusted workspace). */
  readonly paused?: string;
  /** Why signing in would help (its stored token expired, or it asks for one); see core/status/signIn.ts. */
  readonly signIn?: string;
}

/** Everything the status bar item shows; rendering is this one pure function. */
export interface StatusView {
  readonly level: HealthLevel;
  /** Item text with a codicon, e.g. "$(error) MCP 1/3". */
  readonly text: string;
  /** Plain-text tooltip: one block per server. */
  readonly tooltip: string;
  /** Screen-reader label. */
  readonly accessibilityLabel: string;
  readonly command: string;
  /** Which theme background to use: error/warning items stand out, the rest blend in. */
  readonly background?: 'error' | 'warning';
}

export const DIAGNOSE_COMMAND = 'mcpDoctor.diagnose';
/** The status bar menu: sign in where a server needs it, or diagnose. */
export const STATUS_MENU_COMMAND = 'mcpDoctor.statusMenu';

/** Shortest background interval accepted (tests and demos use a few seconds). */
export const MIN_INTERVAL_SECONDS = 5;

const ICONS: Record<HealthLevel, string> = {
  unknown: '$(circle-large-outline)',
  checking: '$(sync~spin)',
  healthy: '$(pass)',
  warning: '$(warning)',
  failing: '$(error)',
};

const WORDS: Record<HealthLevel, string> = {
  unknown: 'not checked yet',
  checking: 'checking',
  healthy: 'healthy',
  warning: 'warning',
  failing: 'failing',
};

const RANK: Record<Exclude<HealthLevel, 'checking'>, number> = { failing: 3, warning: 2, healthy: 1, unknown: 0 };

/** The indicator for a set of servers: the worst state wins; "checking" shows while any check runs. */
export function statusView(servers: readonly ServerHealth[], nowMs: number): StatusView {
  const level = overallLevel(servers);
  const affected = servers.filter((s) => s.level === level).length;
  const count = (level === 'failing' || level === 'warning') && servers.length > 1 ? ` ${affected}/${servers.length}` : '';
  const signIn = servers.some((s) => s.signIn);
  const head = signIn ? 'MCP Doctor — click to sign in or diagnose' : 'MCP Doctor — click to diagnose';
  const tooltip =
    servers.length === 0
      ? 'MCP Doctor: no MCP servers found. Click to diagnose a URL.'
      : [head, ...servers.map((s) => describeServer(s, nowMs))].join('\n\n');
  return {
    level,
    text: `${ICONS[level]} MCP${count}`,
    tooltip,
    accessibilityLabel: `MCP Doctor: ${servers.length === 0 ? 'no servers' : `${WORDS[level]}${count ? `, ${affected} of ${servers.length} servers` : ''}`}`,
    command: signIn ? STATUS_MENU_COMMAND : DIAGNOSE_COMMAND,
    background: level === 'failing' ? 'error' : level === 'warning' ? 'warning' : undefined,
  };
}

function overallLevel(servers: readonly ServerHealth[]): HealthLevel {
  if (servers.some((s) => s.checking)) return 'checking';
  let worst: Exclude<HealthLevel, 'checking'> = 'unknown';
  for (const s of servers) if (RANK[s.level] > RANK[worst]) worst = s.level;
  return worst;
}

function describeServer(s: ServerHealth, nowMs: number): string {
  const lines = [`${s.name} — ${s.checking ? 'checking…' : WORDS[s.level]}`, s.url];
  if (s.lastCheckedAt !== undefined) {
    const latency = s.latencyMs !== undefined ? `, took ${formatMs(s.latencyMs)}` : '';
    lines.push(`Last check: ${ago(nowMs - s.lastCheckedAt)}${latency}`);
  }
  if (s.top) lines.push(`${s.top.code ? `${s.top.code}: ` : ''}${s.top.title}`);
  if (s.signIn) lines.push(`Sign in: ${s.signIn}`);
  if (s.paused) lines.push(s.paused);
  return lines.join('\n');
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 5) return 'just now';
  if (s < 90) return `${s} s ago`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min ago`;
  return `${Math.round(m / 60)} h ago`;
}

/**
 * Delay before the next background check. Healthy: the interval. Failing: retry sooner at first,
 * doubling each time (1/8, 1/4, 1/2 of the interval, …) but never beyond the interval, so recovery is
 * still seen within one interval while a dead server is not hammered.
 */
export function nextCheckDelayMs(intervalSeconds: number, consecutiveFailures: number): number {
  const interval = Math.max(MIN_INTERVAL_SECONDS, intervalSeconds) * 1000;
  if (consecutiveFailures <= 0) return interval;
  const backoff = (interval / 8) * 2 ** (consecutiveFailures - 1);
  return Math.min(interval, Math.max(15_000, backoff));
}
