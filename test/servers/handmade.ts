import { sendJson, startServer, type TestServer } from './base';
import { TOOL_NAMES } from './mcpTools';

/** Knobs for a small hand-written session-era server that gets individual rules wrong on purpose. */
export interface HandmadeOptions {
  /** Status for server/discover (an older server may crash on a method it does not know). */
  readonly discoverStatus?: number;
  readonly sessionId?: string;
  readonly notificationStatus?: number;
  /** What GET on the endpoint returns. */
  readonly get?: { readonly status: number; readonly contentType: string };
  /** Negotiated protocolVersion in the initialize result. */
  readonly protocolVersion?: string;
}

type Rpc = { id?: number; method?: string };

export function startHandmadeServer(options: HandmadeOptions = {}): Promise<TestServer> {
  const sessionId = options.sessionId ?? 'handmade-session-1';
  return startServer((req, res, body) => {
    if (req.method === 'GET') {
      const get = options.get ?? { status: 405, contentType: 'text/plain' };
      res.writeHead(get.status, { 'content-type': get.contentType });
      return void res.end(get.contentType.includes('html') ? '<html><title>Docs</title></html>' : '');
    }
    if (req.method === 'DELETE') return void res.writeHead(200).end();
    const rpc = JSON.parse(body) as Rpc;
    if (rpc.method === 'server/discover')
      return void res.writeHead(options.discoverStatus ?? 400, { 'content-type': 'text/plain' }).end('unknown method');
    if (rpc.method === 'initialize') {
      const result = {
        protocolVersion: options.protocolVersion ?? '2025-06-18',
        capabilities: { tools: {} },
        serverInfo: { name: 'handmade', version: '0.1' },
      };
      return sendJson(res, 200, { jsonrpc: '2.0', id: rpc.id, result }, { 'mcp-session-id': sessionId });
    }
    if (req.headers['mcp-session-id'] !== sessionId)
      return sendJson(res, 404, { jsonrpc: '2.0', id: null, error: { code: -32001, message: 'Session not found' } });
    if (rpc.id === undefined) return void res.writeHead(options.notificationStatus ?? 202).end();
    if (rpc.method === 'tools/list')
      return sendJson(res, 200, { jsonrpc: '2.0', id: rpc.id, result: { tools: TOOL_NAMES.map((name) => ({ name })) } });
    sendJson(res, 200, { jsonrpc: '2.0', id: rpc.id, result: {} });
  });
}
