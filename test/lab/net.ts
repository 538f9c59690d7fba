import * as net from 'node:net';
import { type Server } from 'node:net';

/** Loopback addresses a server listens on so that `localhost` works whether it resolves to 127.0.0.1, ::1 or both. */
const IPV4 = '127.0.0.1';
const IPV6 = '::1';

let ipv6Loopback: boolean | undefined;

/** Whether ::1 can be bound on this machine (containers often lack IPv6). Cached. */
export async function hasIpv6Loopback(): Promise<boolean> {
  if (ipv6Loopback === undefined) {
    const probe = net.createServer();
    ipv6Loopback = await listenOn(probe, 0, IPV6).then(
      () => true,
      () => false,
    );
    await closeServer(probe);
  }
  return ipv6Loopback;
}

/** Listens `server` on host:port; rejects on the first error (EADDRINUSE etc.). */
export function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Closes a server (and its open connections); never rejects. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const withConnections = server as Server & { closeAllConnections?: () => void };
    server.close(() => resolve());
    withConnections.closeAllConnections?.();
  });
}

/**
 * Listens servers made by `make` on 127.0.0.1 and, where available, ::1 with the SAME OS-chosen
 * port. Retries a few times when the port is taken on ::1. Returns the port and the servers.
 */
export async function listenLoopback(make: () => Server): Promise<{ port: number; servers: Server[] }> {
  const dual = await hasIpv6Loopback();
  for (let attempt = 0; attempt < 5; attempt++) {
    const first = make();
    const port = await listenOn(first, 0, IPV4);
    if (!dual) return { port, servers: [first] };
    const second = make();
    try {
      await listenOn(second, port, IPV6);
      return { port, servers: [first, second] };
    } catch {
      await closeServer(first);
    }
  }
  throw new Error('could not find a port free on both 127.0.0.1 and ::1');
}

/** A port that was free on the loopback addresses a moment ago (for processes that bind it themselves, like nginx). */
export async function reservePort(): Promise<number> {
  const { port, servers } = await listenLoopback(() => net.createServer());
  await Promise.all(servers.map(closeServer));
  return port;
}

/** Both loopback hosts to put in a `listen` directive (nginx), honouring IPv6 availability. */
export async function loopbackHosts(): Promise<string[]> {
  return (await hasIpv6Loopback()) ? [IPV4, `[${IPV6}]`] : [IPV4];
}
