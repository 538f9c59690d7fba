import { makeFinding } from '../../findings/finding';
import { errorCode } from '../../net/errors';
import { portOf } from '../../net/transport';
import { type Step } from '../../pipeline/types';
import { throughProxyReason } from './proxy';
import { liveConnection } from './tlsReuse';
import { type DiagnosisState } from '../state';

/** Codes that share the connection evidence recorded below. */
type ConnectCode = 'NET_CONNECTION_REFUSED' | 'NET_CONNECT_TIMEOUT' | 'NET_UNREACHABLE' | 'NET_RESET_BEFORE_RESPONSE';

const CODE_FINDINGS: Record<string, ConnectCode> = {
  ECONNREFUSED: 'NET_CONNECTION_REFUSED',
  ETIMEDOUT: 'NET_CONNECT_TIMEOUT',
  EHOSTUNREACH: 'NET_UNREACHABLE',
  ENETUNREACH: 'NET_UNREACHABLE',
  EADDRNOTAVAIL: 'NET_UNREACHABLE',
  // Accepted and immediately reset: the crash-on-startup signature, seen this early on loopback.
  ECONNRESET: 'NET_RESET_BEFORE_RESPONSE',
  EPIPE: 'NET_RESET_BEFORE_RESPONSE',
};

/** Connects to the resolved addresses in order, as a client would, and keeps the first that answers. */
export const tcpStep: Step<DiagnosisState> = {
  name: 'tcp',
  label: 'Connecting',
  skipReason: (s) => throughProxyReason(s) ?? (s.addresses?.length ? undefined : 'no address to connect to'),
  async run(ctx) {
    const port = portOf(ctx.state.input.url);
    // A background run whose HTTP client holds a live verified connection: that connection is the answer.
    const live = liveConnection(ctx.state, ctx.clock.now());
    if (live?.remoteAddress) {
      ctx.state.connected = { address: live.remoteAddress, port };
      return;
    }
    let last: { address: string; code: string } | undefined;
    for (const { address } of ctx.state.addresses ?? []) {
      try {
        const socket = await ctx.state.input.net.connect(address, port, ctx.signal);
        socket.destroy();
        ctx.state.connected = { address, port };
        return;
      } catch (err) {
        // A step-deadline abort is a connect timeout; the runner marks a caller's cancel separately.
        last = { address, code: ctx.signal.aborted ? 'ETIMEDOUT' : (errorCode(err) ?? 'unknown') };
        if (ctx.signal.aborted) break;
      }
    }
    if (!last) return;
    const evidence = { address: last.address, port, errorCode: last.code, timeoutMs: ctx.timeoutMs, during: 'TCP connect' };
    ctx.add(makeFinding(CODE_FINDINGS[last.code] ?? 'NET_UNREACHABLE', evidence));
    ctx.stopAfterThis('nothing accepted the connection');
  },
};
