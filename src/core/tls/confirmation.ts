/**
 * What a real client did when run against the server: the TLS exchange completed (any HTTP
 * status: `trusted`), certificate verification refused it (`untrusted`), or something else went
 * wrong first (`inconclusive`: refused connection, timeout, handshake failure), so trust is unknown.
 */
export type ConfirmOutcome = 'trusted' | 'untrusted' | 'inconclusive';

/** A trust-matrix row checked against the real client. JSON-serialisable. */
export interface ClientConfirmation {
  readonly outcome: ConfirmOutcome;
  /** The program that ran, e.g. "curl (/usr/bin/curl)", "/usr/bin/python3 with httpx 0.23.3". */
  readonly program: string;
  /** How the outcome was classified: exit code, error class, OpenSSL verify code, HTTP status. */
  readonly detail: string;
  /** Whether the real outcome equals the prediction (undefined when inconclusive). */
  readonly agrees?: boolean;
  readonly durationMs: number;
}
