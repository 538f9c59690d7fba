import { callRpc } from './rpcCall';
import { type ProbeRun } from './run';
import { type JsonObject, isPlainObject } from '../json/parse';

const MAX_PAGES = 5;
const MAX_NAMES = 100;

/**
 * Lists tools (following `nextCursor`, bounded) into the run's facts. `headers` and `params` come
 * from the era: session headers, or the stateless per-request metadata.
 */
export async function listTools(
  run: ProbeRun,
  headers: Readonly<Record<string, string>>,
  params: (cursor?: string) => JsonObject | undefined,
): Promise<boolean> {
  const names: string[] = [];
  let count = 0;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { result } = await callRpc(run, { rpcMethod: 'tools/list', headers, params: params(cursor) });
    if (!result) return false;
    const tools = Array.isArray(result.tools) ? result.tools : [];
    count += tools.length;
    for (const tool of tools)
      if (names.length < MAX_NAMES && isPlainObject(tool) && typeof tool.name === 'string') names.push(tool.name.slice(0, 100));
    cursor = typeof result.nextCursor === 'string' && result.nextCursor !== '' ? result.nextCursor : undefined;
    if (!cursor) break;
  }
  run.facts.tools = names;
  run.facts.toolCount = count;
  return true;
}
