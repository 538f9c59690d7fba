import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

export const TOOL_NAMES = ['get_customer_info', 'create_support_ticket', 'calculate_account_value'] as const;

/** An SDK McpServer with the lab's three tools (trivial implementations). */
export function newMcpServer(name = 'test-mcp'): McpServer {
  const server = new McpServer({ name, version: '1.2.3' });
  for (const tool of TOOL_NAMES) {
    server.registerTool(tool, { description: `Test tool ${tool}` }, async () => ({ content: [{ type: 'text', text: tool }] }));
  }
  return server;
}
