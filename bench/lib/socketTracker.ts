/* eslint-disable @typescript-eslint/no-require-imports -- patching the real node:tls module object */
import type * as tlsTypes from 'node:tls';

/**
 * Tracks the TLS sockets the engine opens in this process (created from a stack inside src/core;
 * the lab's own client connections are not counted). `live()` is how many are still open.
 */
export function trackEngineSockets(): { live(): number; opened(): number; stop(): void } {
  const tls = require('node:tls') as typeof tlsTypes;
  const original = tls.connect;
  const open = new Set<tlsTypes.TLSSocket>();
  let opened = 0;
  (tls as { connect: unknown }).connect = function (this: unknown, ...args: unknown[]) {
    const socket = (original as (...a: unknown[]) => tlsTypes.TLSSocket).apply(this, args);
    if (/[\\/]src[\\/]core[\\/]/.test(new Error().stack ?? '')) {
      opened++;
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    }
    return socket;
  };
  return { live: () => open.size, opened: () => opened, stop: () => void ((tls as { connect: unknown }).connect = original) };
}
