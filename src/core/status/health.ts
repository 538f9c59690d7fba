import { type DiagnosisReport } from '../diagnose/report';
import { type Finding } from '../findings/finding';

/** The states of the connection indicator. */
export type HealthLevel = 'unknown' | 'checking' | 'healthy' | 'warning' | 'failing';

/** The one finding (or condition) the tooltip names for a server. */
export interface TopFinding {
  readonly code?: string;
  readonly title: string;
}

/** What one check of one server concluded. */
export interface HealthAssessment {
  readonly level: Exclude<HealthLevel, 'checking'>;
  readonly latencyMs?: number;
  readonly top?: TopFinding;
}

export interface AssessOptions {
  /** A certificate expiring within this many days is a warning. */
  readonly certificateWarningDays: number;
  readonly nowMs: number;
}

/**
 * Errors that degrade rather than break the connection: the server is reachable and speaks MCP,
 * but some calls will fail (missing scope) or the client must be configured specially.
 */
const DEGRADING_CODES: ReadonlySet<string> = new Set(['JWT_SCOPE_MISSING', 'MCP_LEGACY_SSE_ONLY']);

const DAY_MS = 24 * 3600_000;

/**
 * Turns a report into a health level: failing when anything breaks the connection (unreachable,
 * TLS, auth, protocol); warning for a certificate expiring within the user's threshold, a missing
 * scope or the legacy transport; healthy otherwise (other warnings, e.g. "Python clients would not
 * trust this server", are in the report but do not make this connection unhealthy). A cancelled
 * run says nothing (unknown).
 */
export function assessReport(report: DiagnosisReport, options: AssessOptions): HealthAssessment {
  if (report.cancelled) return { level: 'unknown' };
  const latencyMs = report.durationMs;
  const breaking = report.findings.find((f) => f.severity === 'error' && !DEGRADING_CODES.has(f.code));
  if (breaking) return { level: 'failing', latencyMs, top: topOf(report, breaking) };
  const expiring = certificateExpiry(report, options);
  if (expiring) return { level: 'warning', latencyMs, top: expiring };
  const degraded = report.findings.find((f) => DEGRADING_CODES.has(f.code));
  if (degraded) return { level: 'warning', latencyMs, top: { code: degraded.code, title: degraded.title } };
  if (report.mcp?.era === 'legacy-sse') return { level: 'warning', latencyMs, top: { title: 'Old HTTP+SSE transport' } };
  return { level: 'healthy', latencyMs };
}

/** Prefer the verdict's lead finding, which already accounts for what must be fixed first. */
function topOf(report: DiagnosisReport, fallback: Finding): TopFinding {
  const lead = report.verdict.code ? report.findings.find((f) => f.code === report.verdict.code) : undefined;
  const finding = lead ?? fallback;
  return { code: finding.code, title: finding.title };
}

function certificateExpiry(report: DiagnosisReport, options: AssessOptions): TopFinding | undefined {
  const leaf = report.tls?.chain?.[0] ?? report.tls?.sent?.[0];
  const notAfter = leaf ? Date.parse(leaf.notAfter) : NaN;
  if (!Number.isFinite(notAfter)) return undefined;
  const daysLeft = Math.floor((notAfter - options.nowMs) / DAY_MS);
  if (daysLeft > options.certificateWarningDays) return undefined;
  const when = daysLeft < 0 ? 'has expired' : daysLeft === 0 ? 'expires today' : `expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'}`;
  return { title: `Certificate ${when} (${new Date(notAfter).toISOString().slice(0, 10)})` };
}
