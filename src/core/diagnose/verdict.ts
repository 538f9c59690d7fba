import { type LeadClient, leadClientName } from '../tls/leadClient';
import { type Finding, sortFindings } from '../findings/finding';
import { firstSentence } from '../findings/text';
import { type Verdict } from './report';

/**
 * Redirect problems lead the verdict even though TLS runs first: a scheme-dropping redirect breaks
 * every client, including those that already trust the certificate, so it is the first thing to fix.
 */
const LEADING_CODES = new Set<string>(['REDIRECT_SCHEME_DOWNGRADE', 'REDIRECT_TRAILING_SLASH', 'REDIRECT_PORT_DROPPED']);

/**
 * Findings about clients other than the one the verdict speaks for: they still count (severity,
 * exit code), but a problem of the user's own client, or of every client, is told first.
 */
const OTHER_CLIENTS_CODES = new Set<string>(['TLS_TRUST_DIFFERS']);

/**
 * The one-line answer to "will my client work?": the most fundamental problem, its fix, and how
 * many more there are. `via` names the proxy the run went through, so a healthy verdict says which
 * path works; `client` is the client the user said they use (`--client`, the editor's choice).
 */
export function buildVerdict(findings: readonly Finding[], cancelled: boolean, via?: string, client?: LeadClient): Verdict {
  if (cancelled) return { severity: 'warning', summary: 'Diagnosis cancelled before it finished.' };
  const named = client ? { client: leadClientName(client) } : {};
  const errors = findings.filter((f) => f.severity === 'error');
  const lead = errors.find((f) => LEADING_CODES.has(f.code)) ?? errors.find(realFailureOfLead) ?? mostRelevant(errors);
  if (lead) return { ...describe(lead, errors.length - 1), ...named };
  const warning = mostRelevant(findings.filter((f) => f.severity === 'warning'));
  if (warning) return { ...describe(warning, 0), ...named };
  const path = via ? ` through proxy ${via}` : '';
  const whom = client ? ` for ${leadClientName(client)}` : '';
  return { severity: 'ok', summary: `No problems found${whom}: the server is reachable${path} and answers MCP.`, ...named };
}

/**
 * Worst first (as `sortFindings`), and within a severity the findings about other clients last:
 * the report reads in the order the verdict does.
 */
export function orderForAttention(findings: readonly Finding[]): Finding[] {
  const sorted = sortFindings(findings);
  const rank = (f: Finding) => SEVERITY_ORDER.indexOf(f.severity) * 2 + (OTHER_CLIENTS_CODES.has(f.code) ? 1 : 0);
  return sorted
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map((x) => x.f);
}

const SEVERITY_ORDER = ['error', 'warning', 'info', 'ok'] as const;

/** The named client itself, run for real, failed where a success was predicted: nothing is more "my client". */
function realFailureOfLead(f: Finding): boolean {
  return f.code === 'TLS_PREDICTION_WRONG' && f.evidence.lead === true;
}

/** The first finding about the user's client or every client; a finding about other clients only when nothing else is wrong. */
function mostRelevant(findings: readonly Finding[]): Finding | undefined {
  return findings.find((f) => !OTHER_CLIENTS_CODES.has(f.code)) ?? findings[0];
}

function describe(lead: Finding, others: number): Verdict {
  const more = others > 0 ? ` (+${others} more problem${others === 1 ? '' : 's'} below)` : '';
  return { severity: lead.severity, code: lead.code, summary: `${headline(lead)}${more}`, fix: lead.fix };
}

/** A finding about some clients says whose problem it is: its title names them. */
function headline(lead: Finding): string {
  if (OTHER_CLIENTS_CODES.has(lead.code)) return `${lead.title}.`;
  return typeof lead.evidence.client === 'string' ? `${lead.title}: ${firstSentence(lead.cause)}` : firstSentence(lead.cause);
}
