import { isIP, type Socket } from 'node:net';
import * as tls from 'node:tls';
import type * as Undici from 'undici';
import { buildConnector } from './undici';
import { type NetTransport } from '../net/transport';
import { openTunnel, TUNNEL_REFUSED, type TunnelRefusal } from '../proxy/tunnel';
import { withSharedCaContext } from '../tls/secureContext';

/**
 * TLS options for a request. `pinnedFingerprint256` continues past an untrusted certificate for
 * diagnosis only while the server presents exactly that leaf: Node skips `checkServerIdentity`
 * when verification is off, so the pin is checked on the socket after the handshake instead.
 */
export interface ClientTlsOptions extends tls.ConnectionOptions {
  readonly pinnedFingerprint256?: string;
}

/** Code of the error raised when a pinned server presents a different certificate. */
export const PIN_MISMATCH = 'ERR_MCPDOCTOR_CERT_CHANGED';

/** undici connector for a direct connection; with a pin, the presented leaf is checked after the handshake. */
export function connector(
  options: ClientTlsOptions | undefined,
  connectMs: number | undefined,
  resume: boolean,
): Undici.buildConnector.connector {
  const { pinnedFingerprint256: pin, ...tlsOptions } = options ?? {};
  // A resumed TLS session presents no certificate to check, so pinned connections never resume.
  const base = buildConnector({
    ...withSharedCaContext(tlsOptions),
    timeout: connectMs,
    ...(pin || !resume ? { maxCachedSessions: 0 } : {}),
  } as Undici.buildConnector.BuildOptions);
  if (!pin) return base;
  return (opts, callback) =>
    base(opts, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('no socket'), null);
      if (opts.protocol !== 'https:') return callback(null, socket);
      const mismatch = pinMismatch(socket as tls.TLSSocket, pin);
      if (!mismatch) return callback(null, socket);
      socket.destroy();
      callback(mismatch, null);
    });
}

function pinMismatch(socket: tls.TLSSocket, pin: string | undefined): Error | undefined {
  if (!pin) return undefined;
  const presented = socket.getPeerX509Certificate?.()?.fingerprint256;
  if (presented === pin) return undefined;
  return Object.assign(new Error(`the server presented a different certificate (${presented ?? 'none'}) than the one diagnosed (${pin})`), {
    code: PIN_MISMATCH,
  });
}

/**
 * Connects through an http:// proxy: CONNECT host:port, then (for https) TLS over the tunnel with the
 * same options and pin as a direct connection. undici's own ProxyAgent cannot carry the pin check.
 */
export function tunnelConnector(
  proxy: URL,
  options: ClientTlsOptions | undefined,
  connectMs: number | undefined,
  net: NetTransport,
): Undici.buildConnector.connector {
  const { pinnedFingerprint256: pin, ...tlsOptions } = options ?? {};
  return (opts, callback) => {
    let settled = false;
    const settle = (err: Error | null, socket: Socket | null) => {
      if (settled) return void socket?.destroy();
      settled = true;
      if (err) callback(err, null);
      else callback(null, socket!);
    };
    const host = opts.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
    openTunnel(net, proxy, { host, port }, AbortSignal.timeout(connectMs ?? 10_000)).then(
      (tunnel) => {
        if (!tunnel.ok) return settle(tunnelError(tunnel, `${host}:${port}`), null);
        if (opts.protocol !== 'https:') return settle(null, tunnel.socket);
        const servername = opts.servername || (isIP(host) ? undefined : host);
        const socket = tls.connect({
          ...withSharedCaContext(tlsOptions),
          socket: tunnel.socket,
          host,
          servername,
          ALPNProtocols: ['http/1.1'],
        });
        const onError = (err: Error) => {
          socket.destroy();
          settle(err, null);
        };
        socket.once('error', onError);
        socket.once('secureConnect', () => {
          socket.off('error', onError);
          const mismatch = pinMismatch(socket, pin);
          if (mismatch) {
            socket.destroy();
            return settle(mismatch, null);
          }
          settle(null, socket);
        });
      },
      (err: unknown) => settle(err instanceof Error ? err : new Error(String(err)), null),
    );
  };
}

function tunnelError(refusal: TunnelRefusal, target: string): Error {
  const what = refusal.status ? `${refusal.status} ${refusal.statusText ?? ''}`.trim() : (refusal.errorCode ?? 'no answer');
  return Object.assign(new Error(`the proxy did not open a tunnel to ${target} (${what})`), {
    code: refusal.kind === 'unreachable' ? (refusal.errorCode ?? TUNNEL_REFUSED) : TUNNEL_REFUSED,
    status: refusal.status,
  });
}
