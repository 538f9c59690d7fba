/** The proxy product recognised on the path, when one was: it picks the config lines of the fix. */
type ProxyProductEvidence = { readonly proxyProduct?: string };

/** One refused follow-up of the affinity series (deploy/types.ts `AffinityAttempt`). */
type RejectedAttemptEvidence = {
  readonly session: number;
  readonly attempt: number;
  readonly request: string;
  readonly status: number;
  readonly rpcCode?: number;
  /** The answer came from another session than the one named. */
  readonly otherSession?: true;
};

/** The tool whose answer stream was timed. */
type StreamToolEvidence = ProxyProductEvidence & { readonly tool: string };

/** How the progress notifications (or, for a compressed stream, the bytes) arrived over the call. */
type StreamTimingEvidence = StreamToolEvidence &
  (
    | {
        readonly progressEvents: number;
        readonly firstProgressMs: number;
        readonly lastProgressMs: number;
        readonly callMs: number;
        readonly arrivals: readonly number[];
        readonly xAccelBuffering?: string;
      }
    | {
        readonly compressed: true;
        readonly callMs: number;
        readonly firstByteMs: number;
        readonly chunkCount?: number;
      }
  );

/** The GET stream held open (deploy/types.ts `HoldReport`). */
type HoldEvidence = ProxyProductEvidence & {
  readonly heldSeconds: number;
  readonly keepAlives: number;
  readonly events: number;
  readonly keepAliveEveryMs?: number;
};

/** Evidence of each deployment finding (catalog/deploy.ts). */
export type DeployEvidence = {
  SESSION_NOT_STICKY: ProxyProductEvidence & {
    readonly attempts: number;
    readonly rejectedCount: number;
    readonly answeredCount: number;
    readonly sessions: number;
    readonly sessionsAlwaysRefused: number;
    /** Sessions with some follow-ups answered and others refused: the balancer spreads requests. */
    readonly sessionsMixed: number;
    readonly rejected: readonly RejectedAttemptEvidence[];
    readonly balancerCookies: readonly string[];
  };
  SESSION_AFFINITY_OK: { readonly attempts: number; readonly sessions: number; readonly notificationsRefused?: number };
  SESSION_AFFINITY_INCONCLUSIVE: { readonly reason: string };
  /** `answers`: the disagreeing answers; `suppressed`: the codes of the findings held back. */
  SESSION_ANSWERS_INCONSISTENT: { readonly answers: readonly string[]; readonly suppressed: readonly string[] };
  SESSION_UNKNOWN_ACCEPTED: { readonly status: number; readonly url: string };
  STREAM_BUFFERED: StreamTimingEvidence;
  STREAM_OK: StreamTimingEvidence;
  STREAM_NOT_MEASURED: StreamToolEvidence & { readonly reason: string };
  STREAM_COMPRESSED: StreamToolEvidence & { readonly contentEncoding: string };
  STREAM_CONTENT_LENGTH: StreamToolEvidence & { readonly contentLength: number };
  /**
   * `stream`: what was cut when not the GET stream (the answer to a held tool call); `eventIds`: that
   * answer's events carried SSE ids (a client may resume it with Last-Event-ID).
   */
  STREAM_CUT_IDLE: HoldEvidence & {
    readonly elapsedSeconds: number;
    readonly idleSeconds: number;
    readonly how?: string;
    readonly stream?: string;
    readonly eventIds?: true;
  };
  STREAM_HELD: HoldEvidence;
  /** `actual`: the POST's own answer lacked the origin (not the preflight). */
  CORS_PREFLIGHT_REFUSED: { readonly origin: string; readonly status: number; readonly allowOrigin?: string; readonly actual?: true };
  CORS_HEADER_NOT_ALLOWED: { readonly origin: string; readonly header: string };
  CORS_HEADER_NOT_EXPOSED: { readonly origin: string; readonly header: 'Mcp-Session-Id' | 'WWW-Authenticate' };
  CORS_OK: { readonly origin: string };
  /** Without --origin: whether a page on another origin could work, and the gaps in words. */
  CORS_BROWSER_SUMMARY: { readonly works: boolean; readonly gaps: readonly string[] };
  STATELESS_RULE_BROKEN: { readonly rule: string; readonly request: string; readonly expected: string; readonly got: string };
  /** The rules that were checked and held. */
  STATELESS_RULES_OK: { readonly rules: readonly string[] };
};
