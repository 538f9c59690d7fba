// Loopback helpers shared by tests: a port nothing listens on, and waiting for a child to listen.
import { connect, createServer } from 'node:net';

/** A loopback port that was free a moment ago: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls until something accepts on the port (bounded: `tries` × 50 ms), or `alive()` turns false. */
export async function waitForPort(port: number, alive: () => boolean = () => true, tries = 60): Promise<boolean> {
  for (let i = 0; i < tries && alive(); i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
