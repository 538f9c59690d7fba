import { type DiagnosisReport, type Verdict } from '../../core/diagnose/report';
import { type Finding, sortFindings } from '../../core/findings/finding';
import { type TokenVerification } from '../../core/jwt/types';
import { VERSION } from '../../core/version';

/**
 * A token inspection ("Inspect JWT from Clipboard") as a report, so the panel shows it with the
 * same token view (claims, verification, checks, scopes) as a full diagnosis. Never holds the token.
 */
export function tokenInspectionReport(inspection: TokenVerification, now: Date): DiagnosisReport {
  const findings = sortFindings(inspection.findings);
  const worst = findings.find((f) => f.severity === 'error') ?? findings.find((f) => f.severity === 'warning');
  return {
    tool: { name: 'mcp-doctor', version: VERSION },
    target: `token ${inspection.fingerprint} (${inspection.length} characters)`,
    startedAt: now.toISOString(),
    durationMs: 0,
    cancelled: false,
    verdict: tokenVerdict(inspection, worst),
    steps: [{ name: 'jwt', status: worst?.severity === 'error' ? 'failed' : worst ? 'warning' : 'ok', durationMs: 0 }],
    findings,
    auth: {
      urlsTried: inspection.attempts,
      jwks: inspection.jwks,
      token: {
        kind: inspection.kind,
        length: inspection.length,
        fingerprint: inspection.fingerprint,
        header: inspection.header,
        claims: inspection.claims,
        verified: inspection.verified,
        issuerMatch: inspection.issuerMatch,
        audienceMatch: inspection.audienceMatch,
        scopesGranted: inspection.scopesGranted,
        scopesRequired: inspection.scopesRequired,
        expiresAt: inspection.expiresAt,
      },
    },
  };
}

function tokenVerdict(inspection: TokenVerification, worst: Finding | undefined): Verdict {
  if (worst) return { severity: worst.severity, code: worst.code, summary: firstSentence(worst.cause), fix: worst.fix };
  if (inspection.verified) {
    const key = inspection.verified;
    return {
      severity: 'ok',
      summary: `The token's signature is valid (key ${key.kid ?? 'without kid'}, ${key.alg}) and its claims pass the checks.`,
    };
  }
  return { severity: 'info', summary: 'Token decoded; its signature was not checked.' };
}

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1);
}
