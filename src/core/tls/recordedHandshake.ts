import { type X509Certificate } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type * as tls from 'node:tls';
import { errorCode } from '../net/errors';
import { type NetTransport } from '../net/transport';
import { type HandshakeTarget, sentChain } from './handshake';
import { parseServerFlight, type ServerFlight } from './serverFlight';

/** What one handshake attempt with given client settings showed, on the wire and in Node. */
export interface RecordedHandshake {
  /** The handshake completed (verification off: only the handshake itself is judged). */
  readonly completed: boolean;
  /** Node's error code when it did not. */
  readonly errorCode?: string;
  readonly protocol?: string;
  readonly cipher?: string;
  /** Certificates Node saw (completed handshakes only). */
  readonly sent: readonly X509Certificate[];
  /** What the server sent in the clear. */
  readonly flight: ServerFlight;
}

/** Enough for any ServerHello…ServerHelloDone flight; the rest is not read. */
const MAX_RECORDED_BYTES = 64 * 1024;

/**
 * One handshake with the given client settings, recording the server's bytes on their way to
 * OpenSSL. The socket is opened here (directly or through the target's tunnel) and always destroyed.
 */
export async function recordHandshake(
  net: NetTransport,
  target: HandshakeTarget,
  settings: tls.ConnectionOptions,
  signal: AbortSignal,
): Promise<RecordedHandshake> {
  const raw = target.tunnel ? await target.tunnel(signal) : await net.connect(target.address, target.port, signal);
  const recorder = new RecordingStream(raw);
  let socket: tls.TLSSocket | undefined;
  try {
    socket = await net.tlsConnect(
      {
        socket: recorder,
        ...(isIP(target.hostname) ? {} : { servername: target.hostname }),
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
        ...target.clientCert,
        ...settings,
      },
      signal,
    );
    socket.on('error', () => undefined);
    const cipher = socket.getCipher();
    return {
      completed: true,
      protocol: socket.getProtocol() ?? undefined,
      cipher: cipher?.standardName ?? cipher?.name,
      sent: sentChain(socket),
      flight: parseServerFlight(recorder.received()),
    };
  } catch (err) {
    signal.throwIfAborted();
    return { completed: false, errorCode: errorCode(err) ?? 'UNKNOWN', sent: [], flight: parseServerFlight(recorder.received()) };
  } finally {
    socket?.destroy();
    recorder.destroy();
    raw.destroy();
  }
}

/** Passes bytes between the TLS layer and the socket unchanged, keeping a copy of what the server sent. */
class RecordingStream extends Duplex {
  private readonly chunks: Buffer[] = [];
  private recorded = 0;

  constructor(private readonly inner: Socket) {
    super();
    inner.on('data', (chunk: Buffer) => {
      if (this.recorded < MAX_RECORDED_BYTES) {
        this.chunks.push(chunk.subarray(0, MAX_RECORDED_BYTES - this.recorded));
        this.recorded += chunk.length;
      }
      if (!this.push(chunk)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (err) => this.destroy(err));
    inner.on('close', () => this.destroy());
  }

  received(): Buffer {
    return Buffer.concat(this.chunks);
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.inner.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.inner.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner.destroy();
    callback(error);
  }
}
