import { type ServerDeploySettings } from './types';

/**
 * The deployment keys of one `mcpDoctor.servers` entry: `origin` (normalised to the origin a browser
 * sends), `streamTool` and `streamArgs` (a JSON object, only with a tool). Undefined when none is
 * set; a message when one is unusable (the entry is then reported and skipped, like a bad tokenSource).
 */
export function deploySettings(entry: Readonly<Record<string, unknown>>): ServerDeploySettings | string | undefined {
  const origin = browserOrigin(entry.origin);
  if (origin instanceof Error) return origin.message;
  const streamTool = typeof entry.streamTool === 'string' && entry.streamTool.trim() !== '' ? entry.streamTool.trim() : undefined;
  const args = entry.streamArgs;
  if (args !== undefined && (args === null || typeof args !== 'object' || Array.isArray(args)))
    return '"streamArgs" should be an object of the tool\'s arguments';
  if (args !== undefined && !streamTool) return '"streamArgs" needs a "streamTool"';
  const streamArgs = args as Record<string, unknown> | undefined;
  if (!origin && !streamTool) return undefined;
  return { ...(origin ? { origin } : {}), ...(streamTool ? { streamTool } : {}), ...(streamArgs ? { streamArgs } : {}) };
}

function browserOrigin(value: unknown): string | Error | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return new Error('"origin" should be a URL such as https://app.example.com');
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return new Error(`"origin" ${JSON.stringify(value.slice(0, 100))} is not a URL (e.g. https://app.example.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return new Error('"origin" must be an http(s) origin');
  return url.origin;
}
