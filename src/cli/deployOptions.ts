import { MAX_HOLD_SECONDS } from '../core/deploy/idle';
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
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new UsageError('--stream-args: must be a JSON object, e.g. {"duration": 3}');
  return { streamTool: tool, streamArgs: parsed as Record<string, unknown> };
}

/** `--hold SECONDS`: 1 to 300; off when absent. */
export function holdOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || seconds < 1 || seconds > MAX_HOLD_SECONDS)
    throw new UsageError(`--hold: give whole seconds from 1 to ${MAX_HOLD_SECONDS}`);
  return seconds;
}

export function deployOption(
  tool: string | undefined,
  args: string | undefined,
  hold: string | undefined,
  origin?: string,
): DeployOptions | undefined {
  const stream = streamOption(tool, args);
  const holdSeconds = holdOption(hold);
  const browserOrigin = originOption(origin);
  if (!stream && holdSeconds === undefined && !browserOrigin) return undefined;
  return { ...stream, ...(holdSeconds !== undefined ? { holdSeconds } : {}), ...(browserOrigin ? { origin: browserOrigin } : {}) };
}

/** `--origin URL`: the browser page's origin (scheme://host[:port]), as browsers send it. */
export function originOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--origin: "${value}" is not a URL (e.g. https://app.example.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError('--origin: must be an http(s) origin');
  return url.origin;
}
