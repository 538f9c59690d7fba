/**
 * Hostile JSON from an otherwise working MCP server: nesting deep enough to break recursive code,
 * and `__proto__` / `constructor` keys that would pollute prototypes if merged carelessly.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { renderHtmlReport } from '../../src/core/report/html';
import { renderMarkdownReport } from '../../src/core/report/markdown';
import { redactDeep } from '../../src/core/redact/deep';
import { diagnoseHostile } from './harness';
import { type HostileServer, jsonResponse, type RawRequest, rpcId, startHostileHttp } from './servers';

const servers: HostileServer[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

/** A session-era MCP server whose initialize and tools/list results carry `inject`. */
async function mcpServer(inject: { initialize?: string; tools?: string }): Promise<HostileServer> {
  const server = await startHostileHttp((req: RawRequest, conn) => {
    const method = (() => {
      try {
        return String((JSON.parse(req.body) as { method?: unknown }).method);
      } catch {
        return '';
      }
    })();
    const id = rpcId(req);
    if (req.method !== 'POST') return void conn.socket.write(jsonResponse(405, '{}'));
    if (method === 'notifications/initialized') return void conn.socket.write(jsonResponse(202, ''));
    if (method === 'initialize') {
      return void conn.socket.write(
        jsonResponse(
          200,
          `{"jsonrpc":"2.0","id":${id},"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"hostile","version":"1"}${inject.initialize ?? ''}}}`,
        ),
      );
    }
    if (method === 'tools/list')
      return void conn.socket.write(jsonResponse(200, `{"jsonrpc":"2.0","id":${id},"result":{"tools":${inject.tools ?? '[]'}}}`));
    conn.socket.write(jsonResponse(200, JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } })));
  });
  servers.push(server);
  return server;
}

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** The report must survive every consumer: JSON, redaction, Markdown, HTML. */
function renderEverywhere(report: Parameters<typeof renderMarkdownReport>[0]): void {
  JSON.parse(JSON.stringify(report));
  redactDeep(report, { secrets: ['never-in-there'] });
  assert.ok(renderMarkdownReport(report).length > 100);
  assert.ok(renderHtmlReport(report, { script: 'void 0;', css: '' }).length > 100);
}

describe('hostile JSON', () => {
  it('deeply nested JSON (50,000 levels, twice) in results: read, reported, rendered, never a stack overflow', async () => {
    const deep = nested(50_000);
    const server = await mcpServer({
      initialize: `,"instructions":${deep},"extra":${deep}`,
      tools: `[{"name":"deep","inputSchema":${deep}}]`,
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    assert.equal(run.report.mcp?.serverInfo?.name, 'hostile');
    assert.deepEqual(run.report.mcp?.tools, ['deep']);
    renderEverywhere(run.report);
  });

  it('deeply nested JSON as the whole answer is named as invalid, not thrown', async () => {
    const server = await startHostileHttp((_req, conn) =>
      conn.socket.write(jsonResponse(200, `${'['.repeat(500_000)}${']'.repeat(500_000)}`)),
    );
    servers.push(server);
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    assert.ok(
      run.codes.some((c) => c.startsWith('MCP_') || c.startsWith('HTTP_')),
      run.codes.join(', '),
    );
    renderEverywhere(run.report);
  });

  it('__proto__ and constructor keys in JSON-RPC stay data and pollute nothing', async () => {
    const poison = '"__proto__":{"polluted":"yes","name":"evil"},"constructor":{"prototype":{"polluted":"yes"}}';
    const server = await mcpServer({
      initialize: `,${poison}`,
      tools: `[{"name":"__proto__",${poison}},{"name":"constructor"},{"__proto__":{"name":"hidden"}}]`,
    });
    const run = await diagnoseHostile({ url: server.url('/mcp').href });
    assert.equal(run.report.mcp?.serverInfo?.name, 'hostile');
    assert.deepEqual(run.report.mcp?.tools?.slice(0, 2), ['__proto__', 'constructor']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    renderEverywhere(run.report);
  });
});
