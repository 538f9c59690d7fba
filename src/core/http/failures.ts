import { makeFinding, type Finding } from '../findings/finding';
import { errorCode, hasCode, RESET_CODES } from '../net/errors';
import { portOf, socketHost } from '../net/transport';
import { BODY_FAILED } from './client';

/** Where the request went, for evidence (the address the TCP step connected to, when known). */
export interface FailureContext {
  readonly url: URL;
  readonly method: string;
  readonly address?: string;
  /** Deadlines in force, to word a timeout. */
  readonly firstByteMs?: number;
  readonly connectMs?: number;
}

const DNS_CODES = ['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME'];
const UNREACHABLE_CODES = ['EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'];
const CONNECT_TIMEOUT_CODES = ['UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'];
const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_(?!UNEXPECTED_EOF)|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|INVALID_PURPOSE|PATH_LENGTH|HOSTNAME_MISMATCH|UNSPECIFIED$)/;

/**
 * Classifies a failed HTTP request by error code (never message text). DNS and refused connections
 * are earlier steps' job, but a redirect or a second URL can reach them here, so they are covered.
 */
export function requestFailureFinding(err: unknown, ctx: FailureContext): Finding {
  const code = errorCode(err);
  const where = { address: ctx.address ?? socketHost(ctx.url), port: portOf(ctx.url) };
  if (hasCode(err, BODY_FAILED)) {
    return makeFinding('NET_CONNECTION_CLOSED', { ...where, url: ctx.url.href, errorCode: code, bytes: bytesRead(err) });
  }
  if (hasCode(err, ...DNS_CODES)) return makeFinding('NET_DNS_FAILED', { host: socketHost(ctx.url), errorCode: code });
  if (hasCode(err, 'ECONNREFUSED')) return makeFinding('NET_CONNECTION_REFUSED', { ...where, errorCode: code });
  if (hasCode(err, ...CONNECT_TIMEOUT_CODES))
    return makeFinding('NET_CONNECT_TIMEOUT', { ...where, errorCode: code, timeoutMs: ctx.connectMs });
  if (hasCode(err, ...UNREACHABLE_CODES)) return makeFinding('NET_UNREACHABLE', { ...where, errorCode: code });
  if (hasCode(err, 'UND_ERR_HEADERS_TIMEOUT')) {
    return makeFinding('HTTP_NO_RESPONSE', { url: ctx.url.href, method: ctx.method, timeoutMs: ctx.firstByteMs, errorCode: code });
  }
  const invalid = invalidResponse(err);
  if (invalid)
    return makeFinding('HTTP_INVALID_RESPONSE', {
      url: ctx.url.href,
      method: ctx.method,
      errorCode: code ?? 'HTTPParserError',
      problem: invalid,
    });
  if (hasCode(err, ...RESET_CODES)) return makeFinding('NET_RESET_BEFORE_RESPONSE', { ...where, errorCode: code, during: 'HTTP request' });
  if (code && TLS_CODE.test(code)) return makeFinding('HTTP_TLS_FAILED', { url: ctx.url.href, errorCode: code });
  return makeFinding('HTTP_REQUEST_FAILED', { url: ctx.url.href, method: ctx.method, errorCode: code });
}

function bytesRead(err: unknown): number | undefined {
  const bytes = (err as { bytesRead?: unknown }).bytesRead;
  return typeof bytes === 'number' ? bytes : undefined;
}

/**
 * Answers undici could not parse. Its HTTPParserError often carries no code (code undefined), so
 * the error's class name, which is stable API, identifies it; never the message text.
 */
function invalidResponse(err: unknown): 'headers-too-large' | 'not-http' | undefined {
  if (hasCode(err, 'UND_ERR_HEADERS_OVERFLOW', 'HPE_HEADER_OVERFLOW')) return 'headers-too-large';
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { name?: unknown }).name === 'HTTPParserError') return 'not-http';
  }
  return undefined;
}
