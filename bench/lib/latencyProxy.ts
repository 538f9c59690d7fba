import { createServer, Socket } from 'node:net';

/** A loopback TCP relay that holds every chunk (and the end of each direction) for a fixed one-way delay. */
export interface LatencyProxy {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts a relay on 127.0.0.1 (OS-chosen port) to 127.0.0.1:`targetPort`. Each chunk is forwarded
 * `oneWayMs` after it arrived, in order (equal timeouts fire in insertion order), so a request and
 * its answer cost 2 × oneWayMs more. TCP connection setup itself is not delayed: a userland relay
 * accepts at once.
 */
export async function startLatencyProxy(targetPort: number, oneWayMs: number): Promise<LatencyProxy> {
  const open = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = new Socket().connect({ host: '127.0.0.1', port: targetPort });
    for (const s of [client, upstream]) {
      open.add(s);
      s.once('close', () => open.delete(s));
    }
    relay(client, upstream, oneWayMs);
    relay(upstream, client, oneWayMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function relay(from: Socket, to: Socket, delayMs: number): void {
  from.on('data', (chunk: Buffer) => void setTimeout(() => to.destroyed || to.write(chunk), delayMs));
  from.once('end', () => void setTimeout(() => to.destroyed || to.end(), delayMs));
  from.once('error', () => void setTimeout(() => to.destroy(), delayMs));
  from.once('close', (hadError) => void (hadError && setTimeout(() => to.destroy(), delayMs)));
}
