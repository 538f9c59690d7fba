import { type ServerResponse } from 'node:http';
import { sendJson, startServer, type ServerOptions, type TestServer } from './base';
import { TOOL_NAMES } from './mcpTools';

/**
 * A server of the stateless 2026-07-28 revision, written from the spec (basic/transports/
 * streamable-http, basic/versioning): POST only (GET/DELETE 405), MCP-Protocol-Version and
 * Mcp-Method must mirror the body (-32020), unsupported versions get -32022 with the supported
 * list, unknown methods 404 + -32601, and server/discover describes the server.
 */
export interface StatelessOptions extends ServerOptions {
  readonly supportedVersions?: readonly string[];
  /** Leave server/discover out (non-conformant), to check the probe copes. */
  readonly withoutDiscover?: boolean;
  /** Answer requests as an SSE stream instead of a JSON body. */
  readonly sse?: boolean;
  /** Check no header and no version, and answer GET with 200 (a lax server, or a gateway that hides the rules). */
  readonly lax?: boolean;
}

type Rpc = { id?: unknown; method?: unknown; params?: { _meta?: Record<string, unknown>; cursor?: unknown } };

export async function startStatelessServer(options: StatelessOptions = {}): Promise<TestServer> {
  const supported = options.supportedVersions ?? ['2026-07-28'];
  return startServer((req, res, body) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') return sendJson(res, 404, { error: 'not found' });
    if (req.method !== 'POST' && options.lax) return sendJson(res, 200, { ok: true });
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' });
      return void res.end();
    }
    let rpc: Rpc;
    try {
      rpc = JSON.parse(body) as Rpc;
    } catch {
      return sendJson(res, 400, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' } });
    }
    const id = rpc.id;
    if (id === undefined) return void res.writeHead(202).end();
    const version = req.headers['mcp-protocol-version'];
    const headerMethod = req.headers['mcp-method'];
    const bodyVersion = rpc.params?._meta?.['io.modelcontextprotocol/protocolVersion'];
    if (options.lax) {
      const result = resultFor(String(rpc.method), options);
      return result
        ? respond(res, { jsonrpc: '2.0', id, result }, options.sse === true)
        : rpcError(res, 404, id, -32601, 'Method not found');
    }
    if (typeof version !== 'string' || typeof headerMethod !== 'string') {
      return rpcError(
        res,
        400,
        id,
        -32020,
        `Header mismatch: MCP-Protocol-Version and Mcp-Method are required (supported versions: ${supported.join(', ')})`,
      );
    }
    if (headerMethod !== rpc.method || version !== bodyVersion)
      return rpcError(res, 400, id, -32020, 'Header mismatch: headers do not match the body');
    if (!supported.includes(version)) {
      return rpcError(res, 400, id, -32022, 'Unsupported protocol version', { supported, requested: version });
    }
    const result = resultFor(String(rpc.method), options);
    if (!result) return rpcError(res, 404, id, -32601, 'Method not found');
    respond(res, { jsonrpc: '2.0', id, result }, options.sse === true);
  }, options);

  function resultFor(method: string, opts: StatelessOptions): Record<string, unknown> | undefined {
    if (method === 'server/discover' && !opts.withoutDiscover) {
      return {
        resultType: 'complete',
        supportedVersions: supported,
        capabilities: { tools: {} },
        _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'stateless-test', version: '9.9.9' } },
      };
    }
    if (method === 'tools/list') {
      return { resultType: 'complete', tools: TOOL_NAMES.map((name) => ({ name, inputSchema: { type: 'object' } })) };
    }
    return undefined;
  }
}

function rpcError(res: ServerResponse, status: number, id: unknown, code: number, message: string, data?: unknown): void {
  sendJson(res, status, { jsonrpc: '2.0', id, error: { code, message, ...(data ? { data } : {}) } });
}

function respond(res: ServerResponse, message: unknown, sse: boolean): void {
  if (!sse) return sendJson(res, 200, message);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(': stream opened\n\n');
  res.end(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
}
