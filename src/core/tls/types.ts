/** What the TLS step learned. Owned by the TLS module; extended as the TLS analysis grows. */
export interface TlsReport {
  /** Negotiated protocol, e.g. "TLSv1.3". */
  readonly protocol?: string;
  /** SHA-256 fingerprint of the leaf, "AA:BB:..." as Node prints it. */
  readonly leafFingerprint256?: string;
  /** Whether the client trust the user runs with (Node defaults + extra CAs) accepts the server. */
  readonly trusted: boolean;
}
