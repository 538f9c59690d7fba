/**
 * MCP transport generations, as a client has to tell them apart:
 * - `legacy-sse`: HTTP+SSE (2024-11-05): GET opens a stream whose first event names the POST endpoint.
 * - `streamable`: Streamable HTTP with `initialize` and sessions (2025-03-26 to 2025-11-25).
 * - `stateless`: Streamable HTTP without sessions or `initialize` (2026-07-28 and later).
 */
export type McpEra = 'legacy-sse' | 'streamable' | 'stateless';

/** One HTTP exchange the probe made. Never holds a header value that is a credential. */
export interface McpExchange {
  /** What the exchange checked: "server/discover", "initialize", "unknown session", "GET stream"... */
  readonly label: string;
  readonly method: string;
  readonly url: string;
  /** 0 when the request failed before any response. */
  readonly status: number;
  readonly contentType?: string;
  readonly durationMs: number;
  readonly errorCode?: string;
  /** How body reading ended when not naturally: 'until', 'limit' or 'timeout'. */
  readonly endedBy?: string;
}

/** The 401/403 the server answered, kept raw for the auth step. */
export interface McpUnauthorized {
  readonly url: string;
  readonly status: number;
  /** Raw `WWW-Authenticate` header (not a secret). */
  readonly wwwAuthenticate?: string;
  /** Whether the request carried a bearer token. */
  readonly tokenSent: boolean;
}

export interface McpSessionReport {
  /** The server issued an `Mcp-Session-Id`. The id itself is not kept (it is a credential). */
  readonly issued: boolean;
  readonly length?: number;
  /** Only visible ASCII (0x21–0x7E), as the spec requires. */
  readonly validCharacters?: boolean;
  /** Status for a request with an unknown session id (the spec wants 404). */
  readonly unknownSessionStatus?: number;
  /** Status of the GET stream request (SSE 200 or 405 are both fine). */
  readonly getStreamStatus?: number;
  readonly getStreamContentType?: string;
  /** Why the GET stream was not requested (a background check keeps its connection instead). */
  readonly getStreamSkipped?: string;
  /** Status of `notifications/initialized` (202 expected). */
  readonly initializedNotificationStatus?: number;
  /** Answers to this session's requests that disagreed ("tools/list: HTTP 200", "GET stream: HTTP 400"). */
  readonly inconsistentAnswers?: readonly string[];
}

/** What the MCP protocol probe learned. Owned by the MCP module. */
export interface McpReport {
  /** The URL the user configured. */
  readonly configuredUrl: string;
  /**
   * The URL the facts below are about: the configured one, the target of a safe same-origin
   * redirect, or the corrected URL when the configured one is redirected unsafely.
   */
  readonly endpoint: string;
  /** Set when the configured URL redirects unsafely and the probe tried the fixed URL instead. */
  readonly correctedUrl?: string;
  /** The corrected URL answered MCP successfully. */
  readonly correctedWorks?: boolean;
  /** Whether an MCP server answered (initialize / server/discover / endpoint event succeeded). */
  readonly reached: boolean;
  readonly era?: McpEra;
  /** Negotiated (streamable, legacy-sse) or chosen (stateless) protocol version. */
  readonly protocolVersion?: string;
  /** Versions the server listed (server/discover, or an unsupported-version error). */
  readonly supportedVersions?: readonly string[];
  readonly serverInfo?: { readonly name?: string; readonly version?: string };
  readonly session?: McpSessionReport;
  /** Tool names from tools/list (bounded). */
  readonly tools?: readonly string[];
  readonly toolCount?: number;
  /** The legacy POST endpoint from the `endpoint` event (session query parameters removed). */
  readonly legacyEndpoint?: string;
  readonly unauthorized?: McpUnauthorized;
  readonly rateLimited?: { readonly retryAfterSeconds?: number };
  readonly exchanges: readonly McpExchange[];
  /** The `--compare` URL's outcome, when one was given. */
  readonly compare?: EndpointOutcome;
}

/** A one-line outcome of probing one endpoint, for the HTTP-vs-HTTPS comparison. */
export interface EndpointOutcome {
  readonly url: string;
  /** MCP answered (possibly after authentication) through a trusted connection. */
  readonly works: boolean;
  /** How far it got: 'mcp' (answered), 'auth' (401/403), 'http' (wrong answer), 'tls', 'network'. */
  readonly reachedLayer: 'mcp' | 'auth' | 'http' | 'tls' | 'network';
  /** The main finding code explaining a failure. */
  readonly failureCode?: string;
  readonly summary: string;
}
