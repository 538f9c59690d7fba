/**
 * Evidence pieces several codes share. Evidence types are object type literals (never interfaces),
 * so every one of them stays assignable to the catalog text's `Evidence` record.
 */

/** One certificate of the chain, named by its role (`certEvidence` in tls/analysis.ts). */
export type CertificateEvidence = {
  readonly certificate?: string;
  readonly name?: string;
  readonly subject?: string;
  readonly issuer?: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
  readonly fingerprint256?: string;
  readonly serialNumber?: string;
};

/** A certificate problem found while analysing the chain served to `host`. */
export type ChainProblemEvidence = CertificateEvidence & {
  readonly host?: string;
  readonly url?: string;
  /** The client whose trust view the finding speaks for ("Node.js", or the one the user named). */
  readonly client?: string;
};

/** A connection that did not get through (TCP step, TLS step, or a request's own connect). */
export type ConnectionEvidence = {
  readonly address?: string;
  readonly port?: number;
  readonly errorCode?: string;
  readonly timeoutMs?: number;
  /** What was going on: "TCP connect", "TLS handshake", "HTTP request". */
  readonly during?: string;
  readonly url?: string;
};

/** One HTTP request and its answer. */
export type RequestEvidence = {
  readonly method?: string;
  readonly url: string;
  readonly status?: number;
  readonly errorCode?: string;
};

/** The configured client certificate (`clientCertEvidence` in proxy/clientCert.ts). */
export type ClientCertificateEvidence = {
  readonly files?: string;
  readonly subject?: string;
  readonly issuer?: string;
  readonly notAfter?: string;
  readonly daysLeft?: number;
  readonly keyUsage?: readonly string[];
  readonly extKeyUsage?: readonly string[];
};

/** The CAs a server named in its CertificateRequest, or why they could not be read. */
export type AcceptedCasEvidence = {
  readonly acceptedCas?: readonly string[];
  readonly acceptedCasNote?: string;
};

/** One redirect hop, as every REDIRECT_* hop code records it (`hopEvidence` in http/redirectFindings.ts). */
export type RedirectHopEvidence = {
  readonly hop: number;
  readonly method: string;
  readonly from: string;
  readonly status: number;
  readonly location?: string;
  readonly to: string;
  readonly toMethod?: string;
  readonly changed: readonly string[];
  readonly lost: readonly string[];
  readonly fromPath: string;
  readonly toPath: string;
  readonly slashAdded: boolean;
  readonly fromHost: string;
  readonly toHost: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly toPortExplicit: boolean;
  readonly server?: string;
  readonly correctedUrl?: string;
  /** The request this redirect led to failed: "METHOD URL", and "CODE: message". */
  readonly nextFailedRequest?: string;
  readonly nextError?: string;
};

/** Where a redirect walk gave up. */
export type RedirectStopEvidence = {
  readonly url?: string;
  readonly hops: number;
  readonly chain: string;
};

/** Which proxy the request went through. */
export type ProxyRouteEvidence = {
  readonly proxy?: string;
  readonly source?: string;
  readonly target?: string;
  readonly host?: string;
  readonly port?: number;
  readonly proxyHost?: string;
};

/** How one client reads NO_PROXY for this host. */
export type NoProxyClientEvidence = {
  readonly client: string;
  readonly bypasses: boolean;
  readonly note?: string;
};

/** What an MCP endpoint answered: era, protocol, server and tools. */
export type McpAnswerEvidence = {
  readonly endpoint?: string;
  readonly era?: string;
  readonly protocolVersion?: string;
  readonly serverName?: string;
  readonly serverVersion?: string;
  readonly toolCount?: number;
  readonly tools?: readonly string[];
  /** Checked past an untrusted (pinned) certificate. */
  readonly tlsUntrusted?: boolean;
};

/** One JSON-RPC call and what came back. */
export type RpcEvidence = {
  readonly rpcMethod?: string;
  readonly url?: string;
  readonly status?: number;
  readonly contentType?: string;
  readonly rpcCode?: number;
  readonly rpcMessage?: string;
  readonly bodySnippet?: string;
  readonly reason?: string;
};

/** Two URLs of the same server, compared (mcp/compare.ts). */
export type CompareEvidence = {
  readonly primaryUrl: string;
  readonly primarySummary: string;
  readonly primaryCode?: string;
  readonly alternateUrl: string;
  readonly alternateSummary: string;
  readonly alternateCode?: string;
  readonly layer: string;
};

/** A token's signing key as the signature check saw it. */
export type SigningKeyEvidence = {
  readonly alg?: string;
  readonly kid?: string;
  readonly jwksUrl?: string;
};

/** A clock comparison for a token's time claims. */
export type TokenClockEvidence = {
  readonly now?: string;
  readonly iat?: string;
};
