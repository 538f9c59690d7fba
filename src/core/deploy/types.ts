/** One follow-up request of the affinity series. The session id itself is never kept (a credential). */
export interface AffinityAttempt {
  /** 1-based number of the session (each opened by its own initialize). */
  readonly session: number;
  /** 1-based position in the session's series. */
  readonly attempt: number;
  /** 'notifications/initialized' or 'ping'. */
  readonly request: string;
  /** 0 when the request failed before any response. */
  readonly status: number;
  /** answered by the session; refused (unknown session / another session); failed otherwise. */
  readonly outcome: 'answered' | 'refused' | 'failed';
  readonly rpcCode?: number;
  /** The answer carried a different Mcp-Session-Id. */
  readonly otherSession?: boolean;
  readonly errorCode?: string;
}

export interface AffinityReport {
  /** initialize issued an Mcp-Session-Id (otherwise there is no session to keep). */
  readonly sessionIssued: boolean;
  /** How many sessions the series opened. */
  readonly sessions: number;
  readonly attempts: readonly AffinityAttempt[];
  /** Names of cookies the path set along the way (a cookie-based balancer's mark). */
  readonly balancerCookies: readonly string[];
  /** The reverse proxy named by the initialize answer's `Server` header ('nginx', 'caddy'), when one is. */
  readonly proxyProduct?: string;
  /** Why the series ended early or never started. */
  readonly stoppedBy?: string;
}

/** One event of the named tool's answer stream, stamped when it arrived (ms after the request). */
export interface StreamEvent {
  readonly kind: 'progress' | 'response' | 'other';
  readonly atMs: number;
  readonly progress?: number;
  readonly total?: number;
}

/** The `--stream-tool` check: how the tool's answer stream came through the path. */
export interface StreamReport {
  readonly tool: string;
  /** measured: an event stream was read; not-sse: one JSON body (nothing to measure); failed: no answer. */
  readonly outcome: 'measured' | 'not-sse' | 'failed';
  readonly reason?: string;
  readonly status?: number;
  readonly contentType?: string;
  readonly headersMs?: number;
  readonly contentEncoding?: string;
  readonly contentLength?: number;
  readonly xAccelBuffering?: string;
  /** When body bytes arrived (ms after the request): the only timing a compressed stream allows. */
  readonly firstChunkMs?: number;
  readonly lastChunkMs?: number;
  readonly chunkCount?: number;
  /** The answer's Server header (nginx and Caddy name themselves). */
  readonly server?: string;
  readonly endedBy?: string;
  readonly events: readonly StreamEvent[];
  /** How long MCP Doctor meant to keep the call open (60 s, or the `--hold` when longer). */
  readonly callDeadlineMs?: number;
  /** SSE comment lines (": ...") in the answer: keep-alives restart a proxy's idle timer. */
  readonly keepAlives?: number;
  /** The answer's events carry SSE ids: a client can resume the stream with Last-Event-ID. */
  readonly eventIds?: boolean;
  /** The call ended before its result and before MCP Doctor's deadline: closed by the path (or the server). */
  readonly cut?: CallCut;
}

/** When and how a tool call's answer ended early. */
export interface CallCut {
  readonly elapsedMs: number;
  /** When its last byte arrived (ms after the request), if any did. */
  readonly lastByteMs?: number;
  readonly how: string;
}

/** The `--hold` check: how long the GET event stream stays open through the path. */
export interface HoldReport {
  /** How long MCP Doctor meant to hold it. */
  readonly heldSeconds: number;
  /** held: open until the end of the hold; cut: ended earlier; no-stream / failed: nothing to hold. */
  readonly outcome: 'held' | 'cut' | 'no-stream' | 'failed';
  readonly elapsedMs?: number;
  readonly how?: string;
  readonly reason?: string;
  /** Keep-alive comments (": ..." lines) and events seen, and the comments' mean interval. */
  readonly keepAlives: number;
  readonly events: number;
  readonly keepAliveEveryMs?: number;
  readonly firstChunkMs?: number;
  readonly lastChunkMs?: number;
}

/** What a browser page on another origin would be allowed (the CORS check). */
export interface CorsReport {
  readonly origin: string;
  readonly preflightStatus: number;
  /** 2xx with an Access-Control-Allow-Origin matching the origin (or "*"). */
  readonly preflightOk: boolean;
  readonly allowOrigin?: string;
  readonly methodAllowed: boolean;
  /** Requested MCP headers the preflight does not allow. */
  readonly headersNotAllowed: readonly string[];
  readonly actualStatus: number;
  readonly actualOriginAllowed: boolean;
  readonly sessionIssued: boolean;
  /** Of Mcp-Session-Id and WWW-Authenticate, those the page could not read. */
  readonly notExposed: readonly string[];
}

/** One 2026-07-28 transport rule, tried with one request. */
export interface StatelessRuleResult {
  readonly rule: string;
  readonly request: string;
  readonly expected: string;
  readonly got: string;
  readonly ok: boolean;
}

/** What the deployment checks learned. Owned by the deploy module. */
export interface DeployReport {
  readonly affinity?: AffinityReport;
  readonly stream?: StreamReport;
  readonly hold?: HoldReport;
  readonly cors?: CorsReport;
  readonly statelessRules?: readonly StatelessRuleResult[];
  /** Why the affinity series did not run (background check, stateless era, no session...). */
  readonly affinitySkipped?: string;
}

/** What the user asked the deployment checks to do beyond the default affinity series. */
export interface DeployOptions {
  /** Call this tool (only this one: tools can have side effects) to time its progress stream. */
  readonly streamTool?: string;
  readonly streamArgs?: Readonly<Record<string, unknown>>;
  /** Keep the GET stream open this many seconds (≤ 300) to see the path's idle cut. Off by default. */
  readonly holdSeconds?: number;
  /** The browser origin the server is meant for (`--origin`): CORS gaps become errors. */
  readonly origin?: string;
}
