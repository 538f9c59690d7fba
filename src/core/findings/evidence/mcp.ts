import { type McpAnswerEvidence, type RpcEvidence } from './common';

/** Evidence of each MCP finding (catalog/mcp.ts). */
export type McpEvidence = {
  MCP_OK: McpAnswerEvidence & { readonly endpoint: string };
  MCP_CORRECTED_URL_WORKS: McpAnswerEvidence & { readonly correctedUrl: string };
  MCP_CORRECTED_URL_NEEDS_TOKEN: { readonly correctedUrl: string; readonly status: number };
  MCP_CORRECTED_URL_FAILS: { readonly correctedUrl: string; readonly code: string };
  MCP_INVALID_RESPONSE: RpcEvidence & { readonly reason: string };
  MCP_NO_RESPONSE: RpcEvidence & { readonly reason: string; readonly events?: number; readonly timeoutMs?: number };
  MCP_REQUEST_REJECTED: RpcEvidence & { readonly method?: string };
  MCP_PROTOCOL_VERSION_UNSUPPORTED: { readonly serverVersions: readonly string[]; readonly clientVersions: readonly string[] };
  MCP_SESSION_STATUS_WRONG: { readonly status: number; readonly url: string };
  MCP_SESSION_ID_INVALID: { readonly length: number; readonly badCharacter?: string };
  MCP_NOTIFICATION_STATUS_WRONG: { readonly status: number; readonly url: string };
  MCP_GET_STREAM_UNEXPECTED: { readonly url: string; readonly status: number; readonly contentType?: string };
  MCP_TOOLS_LIST_FAILED: RpcEvidence;
  MCP_LEGACY_SSE_ONLY: {
    readonly url: string;
    readonly postStatus?: number;
    readonly endpoint: string;
    readonly protocolVersion?: string;
    readonly toolCount?: number;
    readonly tools?: readonly string[];
  };
  MCP_STATELESS_ERA: { readonly supportedVersions: readonly string[] };
  MCP_DISCOVER_MISSING: { readonly detail: string };
};
