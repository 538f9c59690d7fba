import { type X509Certificate } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import type * as tls from 'node:tls';
import { type buildConnector } from 'undici';
import { sentChain } from '../tls/handshake';

/** What the TLS handshake of one pooled connection showed. */
export interface ConnectionTls {
  /** Certificates the server sent, leaf first; empty on a resumed session (the server sends none). */
  readonly sent: readonly X509Certificate[];
  readonly protocol?: string;
  readonly cipher?: string;
  readonly alpn?: string;
  /** Node verified the chain and the host name against the request's trust, and refuses otherwise. */
  readonly verified: boolean;
  readonly resumed: boolean;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  /** `performance.now()` when the handshake completed. */
  readonly openedAt: number;
}

/** How long a connection opened ahead of its first request waits for it before it is closed. */
const PARKED_MAX_MS = 30_000;

/**
 * The TLS facts of every live connection a client's pools hold, per connection key (origin, proxy
 * and TLS options), and connections opened ahead of a request that the pool takes first.
 */
export class LiveConnections {
  private readonly sockets = new Map<string, Set<Socket>>();
  private readonly facts = new WeakMap<Socket, ConnectionTls>();
  private readonly parked = new Map<string, Socket>();

  /** Wraps a pool's connector: hands over a parked connection first, records every new one. */
  track(key: string, connect: buildConnector.connector, verifying: boolean): buildConnector.connector {
    return (opts, callback) => {
      const parked = this.unpark(key);
      // undici expects the callback later, never from inside its own connect call.
      if (parked) return queueMicrotask(() => callback(null, parked));
      connect(opts, (...args) => {
        if (args[1]) this.record(key, args[1], verifying);
        callback(...args);
      });
    };
  }

  /** A live connection under `key`, younger than `maxAgeMs`, whose full, verified handshake showed the chain. */
  find(key: string, maxAgeMs: number): ConnectionTls | undefined {
    const now = performance.now();
    for (const socket of this.sockets.get(key) ?? []) {
      const facts = this.facts.get(socket);
      if (!socket.destroyed && facts?.verified && !facts.resumed && facts.sent.length > 0 && now - facts.openedAt < maxAgeMs) return facts;
    }
    return undefined;
  }

  /** Closes the connections under `key` older than `maxAgeMs`; call only while none carries a request. */
  retire(key: string, maxAgeMs: number): void {
    const now = performance.now();
    for (const socket of this.sockets.get(key) ?? []) {
      const facts = this.facts.get(socket);
      if (facts && now - facts.openedAt >= maxAgeMs) socket.destroy();
    }
  }

  /** Opens a connection with the pool's connector and parks it for the pool's next request. */
  async open(
    key: string,
    connect: buildConnector.connector,
    verifying: boolean,
    url: URL,
    signal: AbortSignal,
  ): Promise<ConnectionTls | undefined> {
    const socket = await connectOnce(connect, url, signal);
    // Nobody else may listen while it waits: an error (the server resets it) must not go uncaught.
    // Nor may it keep the process alive; it is ref'ed again when handed over.
    socket.on('error', () => undefined);
    socket.unref();
    this.record(key, socket, verifying);
    this.unpark(key)?.destroy();
    this.parked.set(key, socket);
    const timer = setTimeout(() => this.unpark(key) === socket && socket.destroy(), PARKED_MAX_MS);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      if (this.parked.get(key) === socket) this.parked.delete(key);
    });
    return this.facts.get(socket);
  }

  /** Closes connections nobody took. The pools close their own. */
  close(): void {
    for (const socket of this.parked.values()) socket.destroy();
    this.parked.clear();
  }

  private unpark(key: string): Socket | undefined {
    const socket = this.parked.get(key);
    this.parked.delete(key);
    return socket && !socket.destroyed ? socket.ref() : undefined;
  }

  /** Whether a connection under `key` is open (a request may go out on it). */
  hasOpen(key: string): boolean {
    return [...(this.sockets.get(key) ?? [])].some((s) => !s.destroyed);
  }

  private record(key: string, socket: Socket, verifying: boolean): void {
    if ('encrypted' in socket) this.facts.set(socket, handshakeFacts(socket as tls.TLSSocket, verifying));
    let set = this.sockets.get(key);
    if (!set) this.sockets.set(key, (set = new Set()));
    set.add(socket);
    socket.once('close', () => {
      set.delete(socket);
      if (set.size === 0 && this.sockets.get(key) === set) this.sockets.delete(key);
    });
  }
}

function handshakeFacts(tlsSocket: tls.TLSSocket, verifying: boolean): ConnectionTls {
  const cipher = tlsSocket.getCipher();
  return {
    sent: sentChain(tlsSocket),
    protocol: tlsSocket.getProtocol() ?? undefined,
    cipher: cipher?.standardName ?? cipher?.name,
    alpn: typeof tlsSocket.alpnProtocol === 'string' ? tlsSocket.alpnProtocol : undefined,
    verified: verifying && tlsSocket.authorized,
    resumed: tlsSocket.isSessionReused(),
    remoteAddress: tlsSocket.remoteAddress,
    remotePort: tlsSocket.remotePort,
    openedAt: performance.now(),
  };
}

/** Calls a connector as undici's client would for `url`; a late socket after an abort is closed. */
function connectOnce(connect: buildConnector.connector, url: URL, signal: AbortSignal): Promise<Socket> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    connect(
      { host: url.host, hostname, protocol: url.protocol, port: url.port, servername: isIP(hostname) ? undefined : hostname },
      (err, socket) => {
        signal.removeEventListener('abort', onAbort);
        if (err || !socket) return reject(err ?? new Error('no socket'));
        if (signal.aborted) return void socket.destroy();
        resolve(socket);
      },
    );
  });
}
