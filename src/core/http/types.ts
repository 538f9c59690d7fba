import type * as tls from 'node:tls';

/** What differs between a redirecting request and the URL it is sent on to. */
export type RedirectChange = 'scheme' | 'host' | 'port' | 'path' | 'trailing-slash' | 'query' | 'method';

/**
 * One request of a redirect chain, walked by hand. The chain lists every request made, so the last
 * hop is the final answer (or the failure) and earlier hops are the redirects.
 */
export interface RedirectHop {
  readonly url: string;
  readonly method: string;
  /** HTTP status; 0 when the request failed before any response. */
  readonly status: number;
  /** The raw `Location` header, as the server sent it. */
  readonly location?: string;
  /** `location` resolved against `url` (relative Locations are legal). */
  readonly nextUrl?: string;
  /** The method the next request uses (301/302/303 turn POST into GET). */
  readonly nextMethod?: string;
  readonly changed?: readonly RedirectChange[];
  /** Whether this request carried the Authorization header (never its value). */
  readonly authorizationSent: boolean;
  /** Error code when the request failed (ECONNREFUSED, UND_ERR_SOCKET, ...). */
  readonly errorCode?: string;
  /** The failure in plain words ("connection refused: nothing listens there"). */
  readonly error?: string;
  /** `Server` response header, to tell a proxy's own redirect from the application's. */
  readonly server?: string;
  readonly durationMs: number;
}

/** TLS options for a URL, so each host is fetched with the trust the diagnosed client would use. */
export type TlsFor = tls.ConnectionOptions | ((url: URL) => tls.ConnectionOptions);
