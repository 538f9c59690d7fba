import { makeFinding } from '../../findings/finding';
import { type DiagnosisState } from '../state';
import { RESET_CODES } from '../../net/errors';
import { type StepContext } from '../../pipeline/types';

export interface ConnectionFailure {
  readonly address: string;
  readonly hostname: string;
  readonly port: number;
  readonly code: string;
  readonly message: string;
}

const NETWORK_CODES: Record<string, 'NET_CONNECTION_REFUSED' | 'NET_CONNECT_TIMEOUT' | 'NET_UNREACHABLE'> = {
  ECONNREFUSED: 'NET_CONNECTION_REFUSED',
  ETIMEDOUT: 'NET_CONNECT_TIMEOUT',
  EHOSTUNREACH: 'NET_UNREACHABLE',
  ENETUNREACH: 'NET_UNREACHABLE',
};

/** Replies that show the port speaks something other than TLS (usually plain HTTP). */
const PLAINTEXT_CODES = ['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_HTTP_REQUEST', 'ERR_SSL_PACKET_LENGTH_TOO_LONG'];
const OLD_PROTOCOL_CODES = ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'ERR_SSL_UNSUPPORTED_PROTOCOL', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE'];

/**
 * Classifies a handshake that produced no certificate at all, by error code, and stops the
 * pipeline: nothing behind TLS can be reached.
 */
export function connectionFailure(ctx: StepContext<DiagnosisState>, failure: ConnectionFailure): void {
  const { address, hostname, port, code } = failure;
  if (PLAINTEXT_CODES.includes(code)) {
    ctx.add(makeFinding('TLS_PLAINTEXT_PORT', { host: hostname, address, port, errorCode: code }));
    ctx.stopAfterThis('the port does not speak TLS');
  } else if ((RESET_CODES as readonly string[]).includes(code)) {
    ctx.add(makeFinding('NET_RESET_BEFORE_RESPONSE', { address, port, errorCode: code, during: 'TLS handshake' }, { step: 'tls' }));
    ctx.stopAfterThis('the server closed the connection during the TLS handshake');
  } else if (NETWORK_CODES[code]) {
    ctx.add(
      makeFinding(
        NETWORK_CODES[code]!,
        { address, port, errorCode: code, timeoutMs: ctx.timeoutMs, during: 'TLS handshake' },
        { step: 'tls' },
      ),
    );
    ctx.stopAfterThis('the server could not be reached for the TLS handshake');
  } else if (code.includes('CERTIFICATE_REQUIRED')) {
    ctx.add(makeFinding('TLS_CLIENT_CERT_REQUIRED', { host: hostname, port, errorCode: code }));
    ctx.stopAfterThis('the server requires a client certificate');
  } else if (OLD_PROTOCOL_CODES.includes(code)) {
    ctx.add(makeFinding('TLS_PROTOCOL_TOO_OLD', { host: hostname, port, protocol: 'a protocol older than TLS 1.0', errorCode: code }));
    ctx.stopAfterThis('no common TLS version');
  } else {
    ctx.add(makeFinding('TLS_HANDSHAKE_FAILED', { host: hostname, port, errorCode: code, message: opensslReason(failure.message) }));
    ctx.stopAfterThis('the TLS handshake failed');
  }
}

/** "sslv3 alert handshake failure" out of OpenSSL's "error:0A000410:SSL routines:func:reason:file:line" text. */
function opensslReason(message: string): string {
  return (/SSL routines:[^:]*:([^:]+)/.exec(message)?.[1] ?? message).trim().slice(0, 200);
}
