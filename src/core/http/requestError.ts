import { errorCode } from '../net/errors';

/**
 * The code of a request that failed before any response: the innermost `code` in the cause chain,
 * else the error's class name (a timeout's DOMException has a numeric code, HTTPParserError often
 * none), so a failed hop always says how it failed.
 */
export function requestErrorCode(err: unknown): string {
  const code = errorCode(err);
  if (code) return code;
  const name = err && typeof err === 'object' ? (err as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name !== 'Error' ? name : 'UNKNOWN';
}

const WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens there',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved (DNS timeout)',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response in time',
  TimeoutError: 'no response in time',
  AbortError: 'cancelled',
  ECONNRESET: 'the connection was reset',
  UND_ERR_SOCKET: 'the server closed the connection',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the port does not speak TLS',
  HTTPParserError: 'the answer is not HTTP',
};

/** Plain words for a request failure code, for hop tables and redirect findings. */
export function requestErrorText(code: string): string {
  if (WORDS[code]) return WORDS[code];
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/.test(code)) return 'the TLS handshake or certificate check failed';
  return 'the request failed before any response';
}
