import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DeployOptions } from '../../core/deploy/types';
import { type PickItem } from '../host/ui';
import { prepareTarget } from '../servers/target';
import { type Services } from '../services';
import { chooseServer, type DiagnoseArg } from './diagnose';
import { contextOf, runDiagnosis } from './run';

/** Longer than nginx's 60 s default proxy_read_timeout, so the most common idle cut shows. */
export const STREAM_HOLD_SECONDS = 75;

type ToolChoice = { readonly tool?: string };

/**
 * "Check Streams and Timeouts": a full diagnosis that also holds the GET stream open for
 * STREAM_HOLD_SECONDS and, if the user picks one of the server's listed tools, calls that tool once
 * with a progress token to see whether the path buffers its stream. Never run by the status bar.
 */
export async function checkStreamsCommand(s: Services, arg?: unknown): Promise<DiagnosisReport | undefined> {
  s.session.markUserActed();
  const server = await chooseServer(s, arg as DiagnoseArg, 'MCP Doctor: Check Streams and Timeouts');
  if (!server) return undefined;
  const target = await prepareTarget(server, { ...s, ui: s.ui, rediscover: async () => { s.registry.invalidate(); return s.registry.discover(); } });
  if (!target) return undefined;
  const tools = s.session.forServer(server.id)?.report.mcp?.tools ?? [];
  const items: PickItem<ToolChoice>[] = [
    { label: 'No tool call', description: `only hold the event stream for ${STREAM_HOLD_SECONDS} s`, value: {} },
    ...tools.map((tool) => ({ label: tool, description: 'call once with a progress token (the call may have side effects)', value: { tool } })),
  ];
  const placeHolder = tools.length ? 'Pick a tool that reports progress over a few seconds, or none' : 'Diagnose the server first to pick one of its tools';
  const choice = await s.ui.pick(items, { title: 'MCP Doctor: tool whose stream to time', placeHolder });
  if (!choice) return undefined;
  const deploy: DeployOptions = { holdSeconds: STREAM_HOLD_SECONDS, ...(choice.tool ? { streamTool: choice.tool } : {}) };
  const report = await s.ui.withProgress(`MCP Doctor: checking streams of ${server.name}`, (progress, signal) =>
    runDiagnosis(s, target, { signal, light: false, deploy, onProgress: (e) => { if (e.type === 'step-start') progress(`${e.label}…`); } }),
  );
  const timeline = await s.timeline.runs(server.id).catch(() => []);
  await s.presenter().show(report, { ...contextOf(target), timeline });
  return report;
}
