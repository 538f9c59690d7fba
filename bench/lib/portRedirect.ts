/* eslint-disable @typescript-eslint/no-require-imports -- patching the real node:tls module object */
import { isIP } from 'node:net';
import type * as tlsTypes from 'node:tls';
import { nodeNetTransport, type NetTransport } from '../../src/core/net/transport';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Sends the engine's connections to loopback ports through other ports (the latency proxies)
 * without changing a URL: `tls.connect` (the TLS step's handshake and undici's connections) is
 * wrapped, and the returned transport (DiagnoseOptions.net) does the same for the TCP step.
 * Host name, SNI and certificate checks are unchanged. `restore()` unwraps.
 */
export function redirectPorts(ports: ReadonlyMap<number, number>): { net: NetTransport; restore(): void } {
  const tls = require('node:tls') as typeof tlsTypes;
  const original = tls.connect;
  (tls as { connect: unknown }).connect = function (this: unknown, ...args: unknown[]) {
    const options = args[0] as tlsTypes.ConnectionOptions | undefined;
    const to =
      typeof options === 'object' && !options.socket && LOOPBACK.has(options.host ?? 'localhost')
        ? ports.get(Number(options.port))
        : undefined;
    if (to !== undefined) {
      const host = options!.host ?? 'localhost';
      args[0] = { ...options, host: '127.0.0.1', port: to, servername: options!.servername ?? (isIP(host) ? undefined : host) };
    }
    return (original as (...a: unknown[]) => tlsTypes.TLSSocket).apply(this, args);
  };
  const net: NetTransport = {
    ...nodeNetTransport,
    connect: (host, port, signal) => {
      const to = LOOPBACK.has(host) ? ports.get(port) : undefined;
      return nodeNetTransport.connect(to === undefined ? host : '127.0.0.1', to ?? port, signal);
    },
  };
  return { net, restore: () => void ((tls as { connect: unknown }).connect = original) };
}
