import { mapBounded } from '../../core/pipeline/bounded';
import { prepareTarget } from '../servers/target';
import { type Services } from '../services';
import { chooseServer, type DiagnoseArg } from './diagnose';
import { COMMANDS } from './ids';
import { runDiagnosis } from './run';

/** Servers diagnosed at once by "Diagnose All": overlaps round trips without starving the editor's extension host. */
export const DIAGNOSE_ALL_CONCURRENCY = 4;

/**
 * "Diagnose All": every known server, at most DIAGNOSE_ALL_CONCURRENCY at a time, under one
 * cancellable progress notification. Never prompts (a server whose `${input:…}` has no value yet runs
 * without it, as a background check would); each result reaches the status bar and the MCP Servers
 * view through the health sink. Resolves to the number of servers diagnosed.
 */
export async function diagnoseAllCommand(s: Services): Promise<number> {
  s.session.markUserActed();
  s.registry.invalidate();
  const servers = (await s.registry.discover()).servers;
  if (servers.length === 0) {
    void s.ui.info('MCP Doctor: no MCP servers found in settings or mcp.json files.');
    return 0;
  }
  let done = 0;
  const rediscover = () => s.registry.discover();
  const results = await s.ui.withProgress(`MCP Doctor: diagnosing ${servers.length} servers`, (progress, signal) =>
    mapBounded(
      servers,
      DIAGNOSE_ALL_CONCURRENCY,
      async (server) => {
        const target = await prepareTarget(server, { secrets: s.secrets, knownSecrets: s.knownSecrets, env: s.env, rediscover });
        const report = target ? await runDiagnosis(s, target, { signal, light: false }) : undefined;
        progress(`${++done}/${servers.length} done (${server.name})`);
        return report;
      },
      signal,
    ),
  );
  return results.filter((r) => r && !r.cancelled).length;
}

/** "Open Report": the server's last report in the panel; a server not diagnosed yet is diagnosed first. */
export async function openServerReportCommand(s: Services, arg?: unknown): Promise<void> {
  const server = await chooseServer(s, arg as DiagnoseArg, 'MCP Doctor: Open Report');
  if (!server) return;
  const run = s.session.forServer(server.id);
  if (!run) {
    await s.executeCommand(COMMANDS.diagnose, { serverId: server.id });
    return;
  }
  const timeline = await s.timeline.runs(server.id).catch(() => []);
  await s.presenter().show(run.report, { ...run.context, timeline });
}

/** "Open Definition": the server's entry in its mcp.json, cursor on its key. */
export async function openServerDefinitionCommand(s: Services, arg?: unknown): Promise<void> {
  const server = await chooseServer(s, arg as DiagnoseArg, 'MCP Doctor: Open Server Definition');
  if (!server) return;
  const path = server.source.path;
  if (path === undefined || !s.ui.revealInFile) {
    void s.ui.info(
      `MCP Doctor: "${server.name}" is defined in ${server.source.kind === 'settings' ? 'the mcpDoctor.servers setting' : 'no file'}.`,
    );
    return;
  }
  await s.ui.revealInFile(path, server.source.keyOffset ?? 0);
}
