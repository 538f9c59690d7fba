/** What the MCP protocol probe learned. Owned by the MCP module. */
export interface McpReport {
  readonly protocolVersion?: string;
  readonly tools?: readonly string[];
}
