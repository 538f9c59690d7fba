import { type DiscoveredServer } from '../../core/discovery/types';
import { type FlowResult } from '../../core/oauth/types';
import { type SignInFlow } from '../../shared/protocol';
import { clientTlsOptions } from '../jwt/trust';
import { proxyConfigFor } from '../network';
import { type Services } from '../services';
import { chooseServer, diagnoseServer, type DiagnoseArg } from './diagnose';
import { saveSignIn } from './signInGrant';

const OPEN = 'Open Browser';
const CALLBACK_MS = 5 * 60_000;

/**
 * "Sign In to MCP Server…": runs the MCP authorization flow with a cancellable progress notification,
 * opening the authorization server in the browser (env.openExternal) only after the user confirms
 * its host. The token goes to SecretStorage for that server (where status-bar checks and diagnoses
 * read it), with the refresh token and client when one was issued (refreshed once when it expires);
 * the server is diagnosed with it and the report panel shows the flow (every exchange a row, redacted)
 * below the diagnosis. A flow that stopped is shown alone, with where it stopped and the fix.
 */
export async function signInCommand(s: Services, arg?: unknown): Promise<FlowResult | undefined> {
  s.session.markUserActed();
  const server = await chooseServer(s, arg as DiagnoseArg, 'MCP Doctor: Sign In to MCP Server…');
  if (!server) return undefined;
  const engine = await s.engine();
  const tls = await clientTlsOptions(server.caFiles, s.env);
  const http = engine.createHttpClient({ proxy: { config: proxyConfigFor(server, s.settings().http), env: s.env } });
  const timeoutMs = s.settings().timeoutMs;
  let result: FlowResult;
  try {
    result = await s.ui.withProgress(`MCP Doctor: signing in to ${server.name}`, (progress, signal) =>
      engine.runAuthorizationFlow(
        { url: new URL(server.url), clientId: server.clientId, signal, requestTimeoutMs: timeoutMs, callbackTimeoutMs: CALLBACK_MS },
        { http, tls: () => tls, openBrowser: confirmedOpener(s, server, progress) },
      ),
    );
  } finally {
    await http.close();
  }
  const flow: SignInFlow = { report: result.report, findings: result.findings };
  if (!result.accessToken) {
    s.log.info(
      `sign-in to "${server.name}" stopped at ${result.report.stoppedAt ?? '?'}: ${result.findings
        .filter((f) => f.severity === 'error')
        .map((f) => f.code)
        .join(', ')}`,
    );
    await showFlow(s, server, flow);
    void s.ui.warn(
      `MCP Doctor: sign-in to ${server.name} stopped at "${result.report.stoppedAt ?? '?'}". The report shows each exchange and what to change.`,
    );
    return result;
  }
  await keepToken(s, server, result);
  const presenter = s.presenter();
  await diagnoseServer(s, server, presenter.showSignIn ? (report, context) => presenter.showSignIn?.(flow, context, report) : undefined);
  if (!presenter.showSignIn) await s.ui.openDocument(engine.flowMarkdown(flow.report, flow.findings), 'markdown');
  return result;
}

/** The flow in the report panel (each exchange a row); Markdown where there is no panel. */
async function showFlow(s: Services, server: DiscoveredServer, flow: SignInFlow): Promise<void> {
  const presenter = s.presenter();
  const source = server.source.kind === 'url' ? 'entered URL' : (server.source.path ?? 'settings (mcpDoctor.servers)');
  if (presenter.showSignIn)
    return presenter.showSignIn(flow, { serverId: server.source.kind === 'url' ? undefined : server.id, serverName: server.name, source });
  const engine = await s.engine();
  await s.ui.openDocument(engine.flowMarkdown(flow.report, flow.findings), 'markdown');
}

/** The browser opens only after the user has seen, and accepted, the host that will get their sign-in. */
function confirmedOpener(s: Services, server: DiscoveredServer, progress: (message: string) => void) {
  return async (url: string): Promise<void> => {
    const host = new URL(url).host;
    const answer = await s.ui.info(
      `MCP Doctor: sign in to ${server.name} at ${host}? Your browser opens that authorization server's sign-in page.`,
      OPEN,
    );
    if (answer !== OPEN) throw new Error('sign-in not confirmed');
    progress(`waiting for the sign-in at ${host} in your browser…`);
    if (!(await s.ui.openExternal(url))) throw new Error('the browser could not be opened');
  };
}

async function keepToken(s: Services, server: DiscoveredServer, result: FlowResult): Promise<void> {
  await saveSignIn(s, server, result);
  const ignored = server.tokenSource.kind === 'env' || server.tokenSource.kind === 'none';
  const note = ignored
    ? ` Note: this server's tokenSource is "${server.tokenSource.kind}", so checks do not use it until you change it to "secret".`
    : '';
  void s.ui.info(
    `MCP Doctor: signed in to ${server.name}; the token is in secret storage${result.refreshToken ? ' (with a refresh token, used once when it expires)' : ''}.${note}`,
  );
}
