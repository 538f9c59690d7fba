import { parseSse, type SseEvent } from '../http/sse';
import { CLIENT_INFO, rpcNotification, rpcRequest, SESSION_ERA_VERSIONS } from './jsonrpc';
import { report, send, type ProbeRun } from './run';
import { serverInfoOf } from './stateless';
import { type JsonObject, isPlainObject, parseJson } from '../json/parse';

const LEGACY_VERSION = SESSION_ERA_VERSIONS[SESSION_ERA_VERSIONS.length - 1];
const POST_HEADERS = { 'content-type': 'application/json' } as const;

/** The HTTP+SSE handshake, driven by the events read so far on the GET stream. */
interface Handshake {
  endpoint?: URL;
  readonly initId: number;
  readonly toolsId: number;
  phase: 'endpoint' | 'initialize' | 'tools' | 'done';
  readonly posts: Promise<unknown>[];
}

/**
 * The 2024-11-05 HTTP+SSE transport: GET opens a stream whose first event, `endpoint`, names the
 * URL to POST to; answers come back on the stream. Detects it and, while the stream is open,
 * initialises and lists tools through it. Bounded by the body deadline.
 */
export async function tryLegacySse(run: ProbeRun, postStatus: number): Promise<boolean> {
  const hs: Handshake = { initId: run.nextId++, toolsId: run.nextId++, phase: 'endpoint', posts: [] };
  const res = await send(run, {
    label: 'GET (HTTP+SSE)',
    method: 'GET',
    headers: { accept: 'text/event-stream' },
    quiet: true,
    maxBodyBytes: 256 * 1024,
    until: (text) => advance(run, hs, parseSse(text).events),
  });
  await Promise.allSettled(hs.posts);
  if (!res || res.status !== 200 || !hs.endpoint) return false;
  const events = parseSse(res.body).events;
  applyInitialize(run, responseTo(events, hs.initId));
  applyTools(run, responseTo(events, hs.toolsId));
  const endpoint = new URL(hs.endpoint.href);
  endpoint.search = ''; // the query carries the session id
  Object.assign(run.facts, { era: 'legacy-sse', reached: true, legacyEndpoint: endpoint.href });
  report(run, 'MCP_LEGACY_SSE_ONLY', {
    url: run.endpoint.href,
    postStatus,
    endpoint: endpoint.href,
    protocolVersion: run.facts.protocolVersion,
    toolCount: run.facts.toolCount,
    tools: run.facts.tools,
  });
  return true;
}

/** Returns true once the handshake is complete (the GET can stop reading). */
function advance(run: ProbeRun, hs: Handshake, events: readonly SseEvent[]): boolean {
  if (hs.phase === 'endpoint') {
    const event = events.find((e) => e.event === 'endpoint');
    if (!event || !(hs.endpoint = resolve(event.data.trim(), run.endpoint))) return false;
    hs.phase = 'initialize';
    const params = { protocolVersion: LEGACY_VERSION, capabilities: {}, clientInfo: CLIENT_INFO };
    post(run, hs, 'initialize (HTTP+SSE)', rpcRequest(hs.initId, 'initialize', params));
  }
  if (hs.phase === 'initialize' && responseTo(events, hs.initId)) {
    hs.phase = 'tools';
    post(run, hs, 'notifications/initialized (HTTP+SSE)', rpcNotification('notifications/initialized'));
    post(run, hs, 'tools/list (HTTP+SSE)', rpcRequest(hs.toolsId, 'tools/list'));
  }
  if (hs.phase === 'tools' && responseTo(events, hs.toolsId)) hs.phase = 'done';
  return hs.phase === 'done';
}

function post(run: ProbeRun, hs: Handshake, label: string, body: string): void {
  if (!hs.endpoint) return;
  hs.posts.push(
    send(run, { label, method: 'POST', url: hs.endpoint, headers: POST_HEADERS, body, maxBodyBytes: 16 * 1024, quiet: true }).catch(
      () => undefined,
    ),
  );
}

function resolve(data: string, base: URL): URL | undefined {
  try {
    const url = new URL(data, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function responseTo(events: readonly SseEvent[], id: number): JsonObject | undefined {
  for (const event of events) {
    const message = parseJson(event.data);
    if (isPlainObject(message) && message.id === id && ('result' in message || 'error' in message)) return message;
  }
  return undefined;
}

function applyInitialize(run: ProbeRun, message: JsonObject | undefined): void {
  if (!message || !isPlainObject(message.result)) return;
  const { result } = message;
  if (typeof result.protocolVersion === 'string') run.facts.protocolVersion = result.protocolVersion;
  run.facts.serverInfo = serverInfoOf(result);
}

function applyTools(run: ProbeRun, message: JsonObject | undefined): void {
  if (!message || !isPlainObject(message.result) || !Array.isArray(message.result.tools)) return;
  const tools = message.result.tools;
  run.facts.toolCount = tools.length;
  run.facts.tools = tools.flatMap((t) => (isPlainObject(t) && typeof t.name === 'string' ? [t.name.slice(0, 100)] : [])).slice(0, 100);
}
