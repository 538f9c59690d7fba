import { type DeployOptions } from '../core/deploy/types';
import { UsageError } from './io';

/** `--stream-tool NAME [--stream-args JSON]`: the one tool the user allows the stream check to call. */
export function streamOption(tool: string | undefined, args: string | undefined): DeployOptions | undefined {
  if (tool === undefined) {
    if (args !== undefined) throw new UsageError('--stream-args needs --stream-tool NAME');
    return undefined;
  }
  if (tool.trim() === '') throw new UsageError('--stream-tool: give the name of a tool the server lists');
  if (args === undefined) return { streamTool: tool };
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch {
    throw new UsageError(`--stream-args: not valid JSON: ${args.slice(0, 80)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('--stream-args: must be a JSON object, e.g. {"duration": 3}');
  return { streamTool: tool, streamArgs: parsed as Record<string, unknown> };
}
