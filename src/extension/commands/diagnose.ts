import { parseTargetUrl } from '../../core/discovery/url';
import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DiscoveredServer } from '../../core/discovery/types';
import { type PickItem } from '../host/ui';
import { type PresentationContext } from '../presenter';
import { refreshExpiredToken } from './signInGrant';
import { prepareTarget } from '../servers/target';
import { type Services } from '../services';
import { contextOf, runDiagnosis } from './run';

/** Arguments accepted by `mcpDoctor.diagnose` (CodeLens, status bar, panel "re-run", tests). */
export type DiagnoseArg = string | { readonly serverId?: string; readonly url?: string } | undefined;

/**
 * "Diagnose MCP Server": pick a server (or enter a URL), run the diagnosis with a cancellable
 * progress notification naming each step, and present the redacted report.
 */
export async function diagnoseCommand(s: Services, arg?: unknown): Promise<DiagnosisReport | undefined> {
  s.session.markUserActed();
  const server = await chooseServer(s, arg as DiagnoseArg, 'MCP Doctor: Diagnose MCP Server');
  if (!server) return undefined;
  return diagnoseServer(s, server);
}

/**
 * Diagnoses one server with progress and presents the report; after a sign-in, `present` shows
 * the flow with it. A stored token that expired is refreshed first, once, when a refresh token was kept.
 */
export async function diagnoseServer(
  s: Services,
  server: DiscoveredServer,
  present?: (report: DiagnosisReport, context: PresentationContext) => Promise<void> | void,
): Promise<DiagnosisReport | undefined> {
  await refreshExpiredToken(s, server, AbortSignal.timeout(s.settings().timeoutMs * 2)).catch((err: unknown) =>
    s.log.warn(`token refresh of "${server.name}" failed: ${err instanceof Error ? err.message : String(err)}`),
  );
  const target = await prepareTarget(server, { ...s, ui: s.ui, rediscover: () => invalidateAndDiscover(s) });
  if (!target) return undefined;
  const context = contextOf(target);
  const presenter = s.presenter();
  const report = await s.ui.withProgress(`MCP Doctor: diagnosing ${server.name}`, (progress, signal) =>
    runDiagnosis(s, target, {
      signal,
      light: false,
      onProgress: (e) => {
        if (e.type === 'step-start') progress(`${e.label}…`);
        presenter.progress?.(
          {
            target: server.url,
            step: e.step,
            phase: e.type === 'step-start' ? 'start' : 'end',
            ...(e.type === 'step-start' ? { label: e.label } : {}),
          },
          context,
        );
      },
    }),
  );
  const timeline = await s.timeline.runs(server.id).catch(() => []);
  await (present ?? ((r, c) => s.presenter().show(r, c)))(report, { ...contextOf(target), timeline });
  return report;
}

async function invalidateAndDiscover(s: Services) {
  s.registry.invalidate();
  return s.registry.discover();
}

type Choice = { readonly server: DiscoveredServer } | { readonly enterUrl: true } | { readonly url: string };

/** Resolves the command argument, or asks with a QuickPick of every known server. */
export async function chooseServer(s: Services, arg: DiagnoseArg, title: string): Promise<DiscoveredServer | undefined> {
  const servers = (await s.registry.discover()).servers;
  if (typeof arg === 'string') return servers.find((sv) => sv.id === arg) ?? adHocServer(s, arg);
  if (arg?.serverId) {
    const found = servers.find((sv) => sv.id === arg.serverId);
    if (found) return found;
  }
  if (arg?.url) return adHocServer(s, arg.url);
  const items: PickItem<Choice>[] = [
    ...servers.map((server) => ({ label: server.name, description: server.url, detail: detailOf(server), value: { server } })),
    ...s.session
      .recentUrls()
      .filter((u) => !servers.some((sv) => sv.url === u))
      .map((url) => ({ label: url, description: 'entered before', value: { url } })),
    { label: 'Enter URL…', description: 'Diagnose any MCP server URL', value: { enterUrl: true as const } },
  ];
  const choice =
    items.length === 1
      ? items[0].value
      : await s.ui.pick(items, { title, placeHolder: 'Pick a server from your settings and mcp.json files, or enter a URL' });
  if (!choice) return undefined;
  if ('server' in choice) return choice.server;
  if ('url' in choice) return adHocServer(s, choice.url);
  const url = await s.ui.input({
    title,
    prompt: 'URL of the MCP endpoint (the one your client uses), e.g. https://localhost:8443/mcp',
    placeHolder: 'https://host/mcp',
    validate: (value) => {
      const parsed = parseTargetUrl(value);
      return typeof parsed === 'string' ? `Not usable: ${parsed}` : undefined;
    },
  });
  return url === undefined ? undefined : adHocServer(s, url);
}

function adHocServer(s: Services, input: string): DiscoveredServer | undefined {
  const parsed = parseTargetUrl(input);
  if (typeof parsed === 'string') {
    void s.ui.warn(`MCP Doctor: "${input.slice(0, 200)}" is not a server id or a usable URL (${parsed}).`);
    return undefined;
  }
  s.session.addRecentUrl(parsed.href);
  return {
    id: `url:${parsed.href}`,
    name: parsed.host,
    url: parsed.href,
    transport: 'http',
    headers: {},
    source: { kind: 'url' },
    fromWorkspace: false,
    caFiles: [],
    tokenSource: { kind: 'secret' },
    inputs: [],
    missingInputs: [],
    problems: [],
  };
}

function detailOf(server: DiscoveredServer): string {
  const where = server.source.path ?? 'settings (mcpDoctor.servers)';
  const extras = [server.transport === 'sse' ? 'SSE' : '', server.viaMcpRemote ? 'via mcp-remote' : '', ...server.problems].filter(Boolean);
  return extras.length ? `${where} · ${extras.join(' · ')}` : where;
}
