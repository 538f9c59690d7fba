import * as net from 'node:net';
import { closeServer, listenLoopback } from './net';

export interface ResetServer {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * A port that accepts TCP and immediately resets the connection (RST, no bytes sent): what a client
 * sees when a container's published port is up but the server process inside crashed at startup.
 */
export async function startResetServer(): Promise<ResetServer> {
  const { port, servers } = await listenLoopback(() => net.createServer((socket) => socket.resetAndDestroy()));
  return { port, stop: () => Promise.all(servers.map(closeServer)).then(() => undefined) };
}
