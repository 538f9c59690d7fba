import { type DiagnosisState } from '../state';
import { type HttpClient, type PooledHttpClient } from '../../http/client';
import { type ConnectionTls } from '../../http/liveConnections';
import { phaseTimeouts } from './mcp';
import { type StepContext } from '../../pipeline/types';
import { targetRoute } from './proxy';
import { httpTlsOptions } from './tlsOptions';
import { type HandshakeResult } from '../../tls/handshake';

type ConnectionSource = Pick<PooledHttpClient, 'liveTls' | 'openTls'>;

/**
 * The client whose connections a background run may analyse: only over a direct route without a
 * client certificate (a proxy needs the interception check's own handshakes, mutual TLS the alert
 * checks), and only when the client keeps connections (a test double does not).
 */
function reusableSource(state: DiagnosisState): ConnectionSource | undefined {
  const { input } = state;
  if (!input.background || input.url.protocol !== 'https:' || input.clientCert || state.clientCert) return undefined;
  if (targetRoute(state).mode === 'proxy') return undefined;
  const http = input.http as (HttpClient & Partial<ConnectionSource>) | undefined;
  return typeof http?.liveTls === 'function' && typeof http.openTls === 'function' ? (http as ConnectionSource) : undefined;
}

/**
 * A usable handshake: verified, full (a resumed one shows no certificates), and no certificate has
 * expired since (the server has probably renewed it: a new handshake shows what clients get now).
 */
function usable(facts: ConnectionTls | undefined, now: number): facts is ConnectionTls {
  return (
    facts !== undefined && facts.verified && !facts.resumed && facts.sent.length > 0 && facts.sent.every((c) => Date.parse(c.validTo) > now)
  );
}

/** In a background run, the live verified connection the requests will use, if the HTTP client has one. */
export function liveConnection(state: DiagnosisState, now: number): ConnectionTls | undefined {
  const found = reusableSource(state)?.liveTls(state.input.url, httpTlsOptions(state, state.input.url));
  return usable(found, now) ? found : undefined;
}

/**
 * In a background run, the handshake of the HTTP client's live connection to the server, or of one
 * it opens now and its first request then uses: one handshake per connection instead of two. Any
 * failure (an untrusted chain, a refused connection) returns undefined: the TLS step then runs its
 * own handshake, which explains the failure.
 */
export async function connectionHandshake(ctx: StepContext<DiagnosisState>): Promise<HandshakeResult | undefined> {
  const source = reusableSource(ctx.state);
  if (!source) return undefined;
  const url = ctx.state.input.url;
  const tls = httpTlsOptions(ctx.state, url);
  const now = ctx.clock.now();
  let live = source.liveTls(url, tls);
  if (live && !usable(live, now)) {
    source.liveTls(url, tls, 0); // closes it (it is idle): the requests must not go on over the old handshake
    live = undefined;
  }
  const facts =
    live ??
    (await source.openTls(url, tls, { connectMs: phaseTimeouts(ctx.timeoutMs).connectMs, signal: ctx.signal }).catch(() => undefined));
  ctx.signal.throwIfAborted();
  if (!usable(facts, now)) return undefined;
  return {
    capture: {
      sent: facts.sent,
      protocol: facts.protocol,
      cipher: facts.cipher,
      alpn: facts.alpn,
      authorized: true,
      clientCertRequired: false,
      relaxed: false,
    },
    httpConnection: live === facts ? 'kept' : 'opened',
  };
}
