import { makeFinding, type Finding } from '../findings/finding';
import { type CorsReport } from './types';

/**
 * With `--origin` (a server meant for browser clients) every gap is an error naming the header and
 * the config line; without it one info line says whether browser clients on other origins would work.
 * WWW-Authenticate must be readable only where the server challenges (`challenges`).
 */
export function corsFindings(report: CorsReport, configured: boolean, challenges: boolean): Finding[] {
  const gaps = corsGaps(report, challenges);
  if (!configured) return [makeFinding('CORS_BROWSER_SUMMARY', { works: gaps.length === 0, gaps: gaps.map((g) => g.summary) })];
  if (gaps.length === 0) return [makeFinding('CORS_OK', { origin: report.origin })];
  return gaps.map((g) => g.finding);
}

interface Gap {
  readonly summary: string;
  readonly finding: Finding;
}

function corsGaps(report: CorsReport, challenges: boolean): Gap[] {
  const origin = report.origin;
  if (!report.preflightOk) {
    return [
      {
        summary: `the preflight is refused (HTTP ${report.preflightStatus}${report.allowOrigin ? `, Access-Control-Allow-Origin: ${report.allowOrigin}` : ', no Access-Control-Allow-Origin'})`,
        finding: makeFinding('CORS_PREFLIGHT_REFUSED', { origin, status: report.preflightStatus, allowOrigin: report.allowOrigin }),
      },
    ];
  }
  const gaps: Gap[] = [];
  if (!report.methodAllowed)
    gaps.push({
      summary: 'POST is not allowed',
      finding: makeFinding('CORS_HEADER_NOT_ALLOWED', { origin, header: 'POST (Access-Control-Allow-Methods)' }),
    });
  for (const header of report.headersNotAllowed)
    gaps.push({
      summary: `${header} is not an allowed request header`,
      finding: makeFinding('CORS_HEADER_NOT_ALLOWED', { origin, header }),
    });
  if (!report.actualOriginAllowed)
    gaps.push({
      summary: 'the answer to POST carries no matching Access-Control-Allow-Origin',
      finding: makeFinding('CORS_PREFLIGHT_REFUSED', { origin, status: report.actualStatus, allowOrigin: undefined, actual: true }),
    });
  for (const header of report.notExposed) {
    if (header === 'mcp-session-id' && !report.sessionIssued) continue;
    if (header === 'www-authenticate' && !challenges) continue;
    gaps.push({
      summary: `${header} is not exposed`,
      finding: makeFinding('CORS_HEADER_NOT_EXPOSED', {
        origin,
        header: header === 'mcp-session-id' ? 'Mcp-Session-Id' : 'WWW-Authenticate',
      }),
    });
  }
  return gaps;
}
