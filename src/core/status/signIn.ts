import { type DiagnosisReport } from '../diagnose/report';

/**
 * Findings that mean "this server needs a (new) token from its authorization server": none was
 * given, the one given was refused or expired, or it lacks scopes a new sign-in would ask for.
 */
const NEEDS_TOKEN = new Set(['AUTH_NO_TOKEN', 'AUTH_TOKEN_REJECTED', 'AUTH_INSUFFICIENT_SCOPE', 'JWT_EXPIRED']);

/**
 * Whether the panel offers "Sign in…" for this diagnosis: the server asks for a token (or refused
 * the one it got) and announced where to get one (a 401 with protected resource metadata), so the
 * MCP authorization flow has somewhere to start. Cancelled runs and servers without OAuth get no offer.
 */
export function needsSignIn(report: DiagnosisReport): boolean {
  if (report.cancelled) return false;
  const codes = new Set<string>(report.findings.map((f) => f.code));
  if (codes.has('AUTH_NOT_REQUIRED')) return false;
  const noTokenGiven = report.auth?.unauthenticatedStatus === 401 && report.auth.token === undefined;
  const wantsToken = [...NEEDS_TOKEN].some((code) => codes.has(code)) || noTokenGiven;
  const announcesOAuth = report.auth?.protectedResource !== undefined || report.auth?.authorizationServer !== undefined;
  return wantsToken && announcesOAuth && !codes.has('AUTH_AUTHENTICATED_OK');
}

/**
 * Why a sign-in is offered, in words for the status bar (undefined when it is not): an expired
 * token says when it expired, so the user knows the stored token, not the server, is the problem.
 */
export function signInReason(report: DiagnosisReport): string | undefined {
  if (!needsSignIn(report)) return undefined;
  const expired = report.findings.find((f) => f.code === 'JWT_EXPIRED');
  const exp = expired && typeof expired.evidence.exp === 'string' ? expired.evidence.exp : undefined;
  if (expired) return `the token expired${exp ? ` at ${exp}` : ''}: sign in again`;
  if (report.findings.some((f) => f.code === 'AUTH_NO_TOKEN')) return 'the server asks for a token: sign in';
  return 'the server refused the token: sign in again';
}
