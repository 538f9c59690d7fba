/* eslint-disable @typescript-eslint/no-require-imports -- patching the real node:tls module object */
import type * as tlsTypes from 'node:tls';

/**
 * Tracks the TLS sockets the engine opens in this process: created from a stack inside src/core
 * (the TLS step's handshake) or with the engine's shared SecureContext (its undici connections,
 * whose stacks start in undici). The lab's own client (a plain `ca` agent) is not counted.
 * `live()` is how many are still open.
 */
export function trackEngineSockets(): { live(): number; opened(): number; stop(): void } {
  const tls = require('node:tls') as typeof tlsTypes;
  const original = tls.connect;
  const open = new Set<tlsTypes.TLSSocket>();
  let opened = 0;
  (tls as { connect: unknown }).connect = function (this: unknown, ...args: unknown[]) {
    const socket = (original as (...a: unknown[]) => tlsTypes.TLSSocket).apply(this, args);
    const options = (typeof args[0] === 'object' ? args[0] : args[2]) as { secureContext?: unknown } | undefined;
    if (options?.secureContext !== undefined || /[\\/]src[\\/]core[\\/]/.test(new Error().stack ?? '')) {
      opened++;
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    }
    return socket;
  };
  return { live: () => open.size, opened: () => opened, stop: () => void ((tls as { connect: unknown }).connect = original) };
}
