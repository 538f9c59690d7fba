import { type LeadClient, matrixRowsFor } from '../tls/leadClient';
import { confirmClients, type ConfirmOptions } from '../clients/confirm';
import { type DiagnosisReport } from './report';
import { buildVerdict, orderForAttention } from './verdict';

export type ConfirmReportOptions = Omit<ConfirmOptions, 'url' | 'rows'> & {
  /** The client the verdict speaks for, as in the diagnosis. */
  readonly client?: LeadClient;
};

/**
 * The report with its trust matrix checked by the real clients installed here: rows marked
 * confirmed, a finding per contradiction, and the verdict rebuilt (a real failure may now lead).
 * A report without a matrix (no TLS, no certificate) is returned as it is.
 */
export async function confirmReport(report: DiagnosisReport, options: ConfirmReportOptions): Promise<DiagnosisReport> {
  const rows = report.tls?.clients;
  if (!report.tls || !rows?.length || report.cancelled) return report;
  const result = await confirmClients({
    ...options,
    url: report.target,
    rows,
    leadRows: options.client ? matrixRowsFor(options.client) : undefined,
  });
  const leadRejects = result.findings.some((f) => f.code === 'TLS_PREDICTION_WRONG' && f.evidence.lead === true && f.severity === 'error');
  // "Trusted by <your client>" is contradicted by that client itself: only the real outcome stays.
  const kept = report.findings.filter((f) => !CONFIRM_CODES.has(f.code) && !(leadRejects && f.code === 'TLS_OK'));
  const findings = orderForAttention([...kept, ...result.findings]);
  const via = report.proxy?.path === 'proxy' ? report.proxy.proxy : undefined;
  return { ...report, tls: { ...report.tls, clients: result.rows }, findings, verdict: buildVerdict(findings, false, via, options.client) };
}

/** Codes a confirmation adds; a second confirmation replaces them. */
const CONFIRM_CODES = new Set<string>(['TLS_PREDICTION_WRONG', 'TLS_PREDICTION_CONFIRMED']);
