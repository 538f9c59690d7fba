import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DeployOptions } from '../../core/deploy/types';
import { type DiscoveredServer } from '../../core/discovery/types';
import { type PickItem } from '../host/ui';
import { prepareTarget, type PreparedTarget } from '../servers/target';
import { type Services } from '../services';
import { chooseServer, type DiagnoseArg } from './diagnose';
import { contextOf, runDiagnosis } from './run';

/** Longer than nginx's 60 s default proxy_read_timeout, so the most common idle cut shows. */
export const STREAM_HOLD_SECONDS = 75;

type ToolChoice = { readonly tool?: string };

/**
 * "Check Streams and Timeouts": a full diagnosis that also holds the GET stream open for
 * STREAM_HOLD_SECONDS and, if the user picks one of the server's listed tools (and its arguments),
 * calls that tool once with a progress token to see whether the path buffers its stream and, held
 * as long, whether the path cuts the call. Never run by the status bar.
 */
export async function checkStreamsCommand(s: Services, arg?: unknown): Promise<DiagnosisReport | undefined> {
  s.session.markUserActed();
  const server = await chooseServer(s, arg as DiagnoseArg, 'MCP Doctor: Check Streams and Timeouts');
  if (!server) return undefined;
  const target = await prepareTarget(server, {
    ...s,
    ui: s.ui,
    rediscover: async () => {
      s.registry.invalidate();
      return s.registry.discover();
    },
  });
  if (!target) return undefined;
  const tools = await listedTools(s, target);
  if (!tools) return undefined;
  const choice = await s.ui.pick(toolItems(target.server, tools), {
    title: 'MCP Doctor: tool whose stream to time',
    placeHolder: placeHolderFor(tools),
  });
  if (!choice) return undefined;
  const streamArgs = choice.tool ? await askArguments(s, target.server, choice.tool) : undefined;
  if (choice.tool && !streamArgs) return undefined;
  const deploy: DeployOptions = { holdSeconds: STREAM_HOLD_SECONDS, ...(choice.tool ? { streamTool: choice.tool, streamArgs } : {}) };
  const report = await s.ui.withProgress(`MCP Doctor: checking streams of ${server.name}`, (progress, signal) =>
    runDiagnosis(s, target, {
      signal,
      light: false,
      deploy,
      onProgress: (e) => {
        if (e.type === 'step-start') progress(`${e.label}…`);
      },
    }),
  );
  const timeline = await s.timeline.runs(server.id).catch(() => []);
  await s.presenter().show(report, { ...contextOf(target), timeline });
  return report;
}

/**
 * The tools the server lists: from this session's last manual diagnosis, or from a diagnosis run
 * now (no tool called, no hold) when there is none yet. Undefined when the user cancelled it.
 */
async function listedTools(s: Services, target: PreparedTarget): Promise<readonly string[] | undefined> {
  const known = s.session.forServer(target.server.id)?.report;
  if (known?.mcp?.tools && !known.cancelled) return known.mcp.tools;
  const report = await s.ui.withProgress(`MCP Doctor: listing the tools of ${target.server.name}`, (progress, signal) =>
    runDiagnosis(s, target, {
      signal,
      light: false,
      deploy: {},
      onProgress: (e) => {
        if (e.type === 'step-start') progress(`${e.label}…`);
      },
    }),
  );
  return report.cancelled ? undefined : (report.mcp?.tools ?? []);
}

/** The configured streamTool first (when listed or not: the list may be cut short), then no call, then the rest. */
function toolItems(server: DiscoveredServer, tools: readonly string[]): PickItem<ToolChoice>[] {
  const configured = server.deploy?.streamTool;
  const call = 'call once with a progress token (the call may have side effects)';
  return [
    ...(configured ? [{ label: configured, description: `from settings: ${call}`, value: { tool: configured } }] : []),
    { label: 'No tool call', description: `only hold the event stream for ${STREAM_HOLD_SECONDS} s`, value: {} },
    ...tools.filter((t) => t !== configured).map((tool) => ({ label: tool, description: call, value: { tool } })),
  ];
}

function placeHolderFor(tools: readonly string[]): string {
  return tools.length
    ? 'Pick a tool that reports progress over a few seconds, or none'
    : 'The server listed no tools: hold the event stream only';
}

/** The call's arguments as a JSON object: the configured streamArgs for the configured tool, else `{}`. */
async function askArguments(s: Services, server: DiscoveredServer, tool: string): Promise<Record<string, unknown> | undefined> {
  const configured = server.deploy?.streamTool === tool ? server.deploy.streamArgs : undefined;
  const text = await s.ui.input({
    title: `MCP Doctor: arguments for ${tool}`,
    prompt: 'A JSON object; make the call run a few seconds with progress (e.g. a duration and a number of steps)',
    value: JSON.stringify(configured ?? {}),
    validate: (value) => (typeof argumentsOf(value) === 'string' ? (argumentsOf(value) as string) : undefined),
  });
  if (text === undefined) return undefined;
  const args = argumentsOf(text);
  return typeof args === 'string' ? undefined : args;
}

function argumentsOf(text: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch {
    return 'Not JSON: write an object such as {"duration": 5}';
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : 'The arguments must be a JSON object';
}
