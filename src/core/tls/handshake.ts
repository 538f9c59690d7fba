import { type X509Certificate } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import type * as tls from 'node:tls';
import { errorCode } from '../net/errors';
import { type NetTransport } from '../net/transport';
import { withSharedCaContext } from './secureContext';
import { type ClientCertTls } from './types';

/** What one handshake showed: exactly what the server sent, and what was negotiated. */
export interface HandshakeCapture {
  /** Certificates the server sent, in order (never roots Node added from its own store). */
  readonly sent: readonly X509Certificate[];
  readonly protocol?: string;
  readonly cipher?: string;
  readonly alpn?: string;
  /** Node's verdict with the trust passed in `ca`. */
  readonly authorized: boolean;
  readonly authorizationError?: string;
  /** The server answered the finished handshake with a certificate_required alert (TLS 1.3 mTLS). */
  readonly clientCertRequired: boolean;
  /** The alert the server sent right after the handshake (TLS 1.3), e.g. a refused client certificate. */
  readonly alert?: string;
  /** Captured only with legacy protocols and OpenSSL security level 0 allowed: a normal client fails. */
  readonly relaxed: boolean;
}

export interface HandshakeTarget {
  /** Address (or host) to connect to. */
  readonly address: string;
  readonly port: number;
  /** The URL's host name: the SNI and the name checked against the certificate. */
  readonly hostname: string;
  /** Trust for Node's verdict; omitted = Node's defaults. */
  readonly ca?: readonly string[];
  /** Client certificate to present (mutual TLS). */
  readonly clientCert?: ClientCertTls;
  /** Opens the path through a proxy (a CONNECT tunnel); the handshake then runs over it. */
  readonly tunnel?: (signal: AbortSignal) => Promise<Socket>;
}

export interface HandshakeResult {
  readonly capture?: HandshakeCapture;
  /** The failure of the normal handshake, when it failed (a relaxed capture may still exist). */
  readonly error?: { readonly code: string; readonly message: string };
  /** The capture is of the HTTP client's connection (a background run): kept from earlier, or opened for this run. */
  readonly httpConnection?: 'kept' | 'opened';
}

/** Codes after which a second, relaxed handshake can still show the certificates. */
function worthRelaxedRetry(code: string): boolean {
  return code.startsWith('ERR_SSL_') && code !== 'ERR_SSL_WRONG_VERSION_NUMBER' && !code.includes('CERTIFICATE_REQUIRED');
}

const RELAXED: tls.ConnectionOptions = { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' };

/**
 * Handshakes as a client would, with verification off so the chain is always readable. When the
 * normal handshake fails on protocol or key strength, retries once with legacy settings to learn why.
 */
export async function captureHandshake(net: NetTransport, target: HandshakeTarget, signal: AbortSignal): Promise<HandshakeResult> {
  try {
    return { capture: await connectOnce(net, target, {}, signal) };
  } catch (err) {
    signal.throwIfAborted();
    const error = { code: errorCode(err) ?? 'UNKNOWN', message: err instanceof Error ? err.message : String(err) };
    if (!worthRelaxedRetry(error.code)) return { error };
    try {
      return { error, capture: await connectOnce(net, target, RELAXED, signal) };
    } catch {
      signal.throwIfAborted();
      return { error };
    }
  }
}

async function connectOnce(
  net: NetTransport,
  target: HandshakeTarget,
  extra: tls.ConnectionOptions,
  signal: AbortSignal,
): Promise<HandshakeCapture> {
  const started = performance.now();
  const path = target.tunnel ? { socket: await target.tunnel(signal), host: target.hostname } : { host: target.address, port: target.port };
  // A list of PEM strings alone in `ca` gets the process-wide shared context (parsing ~145 roots per connection is slow).
  const socket = await net.tlsConnect(
    withSharedCaContext({
      ...path,
      ...(isIP(target.hostname) ? {} : { servername: target.hostname }),
      // Verified by hand against every trust source afterwards; Node's own verdict is kept too.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      // The caller's list as is: the shared TLS context is looked up by the list's identity.
      ...(target.ca ? { ca: target.ca as string[] } : {}),
      ...target.clientCert,
      ...extra,
    }),
    signal,
  );
  // After secureConnect the transport no longer listens for errors; a late alert must not crash us.
  socket.on('error', () => undefined);
  try {
    const protocol = socket.getProtocol() ?? undefined;
    // Read the chain first: a server that refuses our client certificate may reset the socket while we wait.
    const sent = sentChain(socket);
    const waitMs = Math.min(1500, Math.max(250, 2 * (performance.now() - started)));
    const alert = protocol === 'TLSv1.3' ? await postHandshakeAlert(socket, waitMs, signal, target.clientCert !== undefined) : undefined;
    const cipher = socket.getCipher();
    return {
      sent,
      protocol,
      cipher: cipher?.standardName ?? cipher?.name,
      alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : undefined,
      authorized: socket.authorized,
      authorizationError: socket.authorized ? undefined : String(socket.authorizationError ?? 'UNKNOWN'),
      clientCertRequired: alert !== undefined && alert.includes('CERTIFICATE_REQUIRED'),
      alert,
      relaxed: Object.keys(extra).length > 0,
    };
  } finally {
    socket.destroy();
  }
}

/**
 * In TLS 1.3 the client finishes first: a server that wants a client certificate only objects
 * after our Finished, with an alert. Read until a session ticket (the server is content), an
 * alert, or a short wait. With a client certificate presented, a session ticket is not enough:
 * servers that check the certificate in application code (Node) send one, then hang up, so watch
 * for the close until the wait ends.
 */
function postHandshakeAlert(
  socket: tls.TLSSocket,
  waitMs: number,
  signal: AbortSignal,
  presentedCert = false,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const done = (code: string | undefined) => {
      clearTimeout(timer);
      socket.off('session', onSession);
      socket.off('error', onError);
      socket.off('end', onEnd);
      signal.removeEventListener('abort', onAbort);
      socket.pause();
      resolve(code);
    };
    const onSession = () => {
      if (!presentedCert) done(undefined);
    };
    const onError = (err: Error) => done(errorCode(err) ?? 'UNKNOWN');
    const onEnd = () => done(presentedCert ? 'ECONNRESET' : undefined);
    const onAbort = () => done(undefined);
    const timer = setTimeout(() => done(undefined), waitMs);
    socket.once('session', onSession);
    socket.on('error', onError);
    socket.once('end', onEnd);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.resume();
  });
}

/** Follows `issuerCertificate` of the peer X509Certificate: it links only certificates the peer sent. */
export function sentChain(socket: tls.TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let current: X509Certificate | undefined = socket.getPeerX509Certificate();
  while (current && !seen.has(current.fingerprint256) && chain.length < 20) {
    seen.add(current.fingerprint256);
    chain.push(current);
    current = current.issuerCertificate;
  }
  return chain;
}
