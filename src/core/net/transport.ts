import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, Socket } from 'node:net';
import * as tls from 'node:tls';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * The socket-level operations the probes need. Injectable so tests can substitute failures
 * (a resolver that says ENOTFOUND, a connector that hangs) without touching the network.
 */
export interface NetTransport {
  lookup(host: string, signal: AbortSignal): Promise<ResolvedAddress[]>;
  /** Resolves once connected; rejects with the socket error. The caller owns (and destroys) the socket. */
  connect(host: string, port: number, signal: AbortSignal): Promise<Socket>;
  /** Resolves on `secureConnect`; rejects with the TLS error. Verification is the caller's choice. */
  tlsConnect(options: tls.ConnectionOptions, signal: AbortSignal): Promise<tls.TLSSocket>;
}

export const nodeNetTransport: NetTransport = {
  async lookup(host, signal) {
    if (isIP(host)) return [{ address: host, family: isIP(host) as 4 | 6 }];
    signal.throwIfAborted();
    const found = await dnsLookup(host, { all: true, verbatim: true });
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  },
  connect(host, port, signal) {
    return settleSocket(new Socket().connect({ host, port }), 'connect', signal);
  },
  tlsConnect(options, signal) {
    return settleSocket(tls.connect(options), 'secureConnect', signal);
  },
};

/** Waits for a socket's ready event, its error, or the abort, and cleans up whichever loses. */
function settleSocket<S extends Socket>(socket: S, readyEvent: string, signal: AbortSignal): Promise<S> {
  return new Promise<S>((resolve, reject) => {
    const cleanup = () => {
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      socket.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const onReady = () => {
      cleanup();
      resolve(socket);
    };
    const onError = (err: Error) => {
      cleanup();
      socket.destroy();
      reject(err);
    };
    const onClose = () => {
      cleanup();
      reject(Object.assign(new Error('socket closed before ready'), { code: 'ECONNRESET' }));
    };
    const onAbort = () => {
      cleanup();
      socket.destroy();
      reject(signal.reason);
    };
    if (signal.aborted) return onAbort();
    socket.once(readyEvent, onReady);
    socket.once('error', onError);
    socket.once('close', onClose);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** URL host without IPv6 brackets, as node:net and node:tls want it. */
export function socketHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

export function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}
