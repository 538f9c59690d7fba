import { type Finding } from '../findings/finding';
import { firstSentence } from '../findings/text';
import { type Verdict } from './report';

/**
 * Redirect problems lead the verdict even though TLS runs first: a scheme-dropping redirect breaks
 * every client, including those that already trust the certificate, so it is the first thing to fix.
 */
const LEADING_CODES = new Set<string>(['REDIRECT_SCHEME_DOWNGRADE', 'REDIRECT_TRAILING_SLASH', 'REDIRECT_PORT_DROPPED']);

/**
 * The one-line answer: the most fundamental problem, its fix, and how many more there are.
 * `via` names the proxy the run went through, so a healthy verdict says which path works.
 */
export function buildVerdict(findings: readonly Finding[], cancelled: boolean, via?: string): Verdict {
  if (cancelled) return { severity: 'warning', summary: 'Diagnosis cancelled before it finished.' };
  const errors = findings.filter((f) => f.severity === 'error');
  const lead = errors.find((f) => LEADING_CODES.has(f.code)) ?? errors[0];
  if (lead) return describe(lead, errors.length - 1);
  const warning = findings.find((f) => f.severity === 'warning');
  if (warning) return describe(warning, 0);
  const path = via ? ` through proxy ${via}` : '';
  return { severity: 'ok', summary: `No problems found: the server is reachable${path} and answers MCP.` };
}

function describe(lead: Finding, others: number): Verdict {
  const more = others > 0 ? ` (+${others} more problem${others === 1 ? '' : 's'} below)` : '';
  return { severity: lead.severity, code: lead.code, summary: `${firstSentence(lead.cause)}${more}`, fix: lead.fix };
}
