import { type DiagnosisReport } from '../../core/diagnose/report';
import { redactDeep } from '../../core/redact/deep';
import { type LastRun } from '../session';
import { type Services } from '../services';
import { leadClientFor } from './run';

/**
 * "Confirm with Installed Clients": runs curl, Node and Python httpx/requests (those installed
 * here) against the last diagnosed server, with the extension host's environment, TLS trust only
 * and without the token, then shows the report with each trust-matrix row marked.
 */
export async function confirmClientsCommand(s: Services, arg?: unknown): Promise<DiagnosisReport | undefined> {
  s.session.markUserActed();
  const last = lastRunFor(s, arg);
  if (!last) {
    void s.ui.info(
      'MCP Doctor: diagnose a server first (MCP Doctor: Diagnose MCP Server); then its trust predictions can be confirmed with the installed clients.',
    );
    return undefined;
  }
  if (!last.report.tls?.clients?.length) {
    void s.ui.info(`MCP Doctor: the last diagnosis of ${last.server.name} has no certificate trust to confirm (no TLS handshake).`);
    return undefined;
  }
  const engine = await s.engine();
  const options = { env: s.env, client: leadClientFor(last.server, s.settings().client), hideVariables: tokenVariables(last) };
  const confirmed = await s.ui.withProgress(`MCP Doctor: running the installed clients against ${last.server.name}`, (_progress, signal) =>
    engine.confirmReport(last.report, { ...options, signal }),
  );
  const report = redactDeep(confirmed, { secrets: s.knownSecrets.list() });
  s.session.remember({ ...last, report, finishedAt: s.now() });
  s.log.info(`confirmed trust of "${last.server.name}" with the installed clients:\n${confirmationLines(report).join('\n')}`);
  const timeline = await s.timeline.runs(last.server.id).catch(() => []);
  await s.presenter().show(report, { ...last.context, timeline });
  return report;
}

function lastRunFor(s: Services, arg: unknown): LastRun | undefined {
  const serverId =
    typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null ? (arg as { serverId?: unknown }).serverId : undefined;
  return typeof serverId === 'string' ? s.session.forServer(serverId) : s.session.latest();
}

/** The variable the token is read from never reaches the clients. */
function tokenVariables(last: LastRun): string[] {
  return last.server.tokenSource.kind === 'env' ? [last.server.tokenSource.name] : [];
}

function confirmationLines(report: DiagnosisReport): string[] {
  return (report.tls?.clients ?? []).map(
    (c) =>
      `  ${c.label}: predicted ${c.trusts ? 'trusts' : 'fails'}; ${c.confirmed ? `${c.confirmed.program}: ${c.confirmed.outcome} (${c.confirmed.detail})${c.confirmed.agrees === false ? ' — DISAGREES' : ''}` : 'not run here'}`,
  );
}
