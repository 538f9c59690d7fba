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

/** What the deployment checks learned. Owned by the deploy module. */
export interface DeployReport {
  readonly affinity?: AffinityReport;
  /** Why the affinity series did not run (background check, stateless era, no session...). */
  readonly affinitySkipped?: string;
}
