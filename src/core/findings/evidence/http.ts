import { type CompareEvidence, type RequestEvidence } from './common';

/** Evidence of each HTTP finding (catalog/http.ts). */
export type HttpEvidence = {
  HTTP_NOT_MCP: RequestEvidence & {
    readonly status: number;
    readonly contentType?: string;
    readonly pageTitle?: string;
    readonly bodySnippet?: string;
  };
  HTTP_NOT_FOUND: RequestEvidence & { readonly status: number; readonly path: string };
  HTTP_METHOD_NOT_ALLOWED: RequestEvidence & { readonly status: number; readonly allow?: string };
  HTTP_SERVER_ERROR: RequestEvidence & { readonly status: number; readonly server?: string; readonly bodySnippet?: string };
  HTTP_RATE_LIMITED: RequestEvidence & { readonly status: number; readonly retryAfterSeconds?: number; readonly rateLimit?: string };
  HTTP_AUTH_REQUIRED: RequestEvidence & { readonly status: number; readonly wwwAuthenticate?: string };
  HTTP_INVALID_RESPONSE: RequestEvidence & { readonly problem: string };
  HTTP_NO_RESPONSE: RequestEvidence & { readonly timeoutMs?: number };
  HTTP_TLS_FAILED: RequestEvidence;
  HTTP_REQUEST_FAILED: RequestEvidence;
  HTTP_COMPARE_PROXY_PATH_FAILS: CompareEvidence;
  HTTP_COMPARE_BOTH_FAIL: CompareEvidence;
  HTTP_COMPARE_BOTH_WORK: CompareEvidence;
  HTTP_COMPARE_ALTERNATE_FAILS: CompareEvidence;
};
