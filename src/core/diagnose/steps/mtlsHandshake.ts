import { type DiagnosisState } from '../state';
import { type AcceptedCasEvidence } from '../../findings/evidence/common';
import { makeFinding } from '../../findings/finding';
import { type StepContext } from '../../pipeline/types';
import { captureHandshake, type HandshakeCapture, type HandshakeResult } from '../../tls/handshake';
import { opensslAcceptableCas, type AcceptableCaProbe, type AcceptableCas } from '../../mtls/acceptableCas';
import { chainsToAccepted, clientCertEvidence } from '../../mtls/clientCert';
import { targetRoute } from './proxy';
import { handshakePath } from './proxyTls';

/** Alerts a server sends about the client's certificate (TLS 1.2 during the handshake, TLS 1.3 right after). */
const CERT_ALERT =
  /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED|DECRYPT_ERROR|HANDSHAKE_FAILURE|CERTIFICATE_REQUIRED)/;

interface Where {
  readonly hostname: string;
  readonly port: number;
  readonly probe?: AcceptableCaProbe;
}

/** Asks for the server's acceptable client-CA list, bounded by the step's signal and a few seconds. */
export async function acceptedCas(ctx: StepContext<DiagnosisState>, where: Where): Promise<AcceptableCas> {
  const route = targetRoute(ctx.state);
  const probe = where.probe ?? opensslAcceptableCas;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.min(5000, ctx.timeoutMs))]);
  try {
    return await probe(
      {
        host: where.hostname,
        port: where.port,
        servername: ctx.state.input.url.hostname,
        proxy: route.mode === 'proxy' ? route.proxy : undefined,
      },
      signal,
    );
  } catch {
    return { note: 'the probe failed' };
  }
}

function casEvidence(found: AcceptableCas): AcceptedCasEvidence {
  return { acceptedCas: found.cas, acceptedCasNote: found.note };
}

const RESET = /^(ECONNRESET|EPIPE|UND_ERR_SOCKET)$/;

/**
 * Servers that verify in application code (Node's tls with rejectUnauthorized) reset the connection
 * instead of sending an alert. A reset means a refused certificate only if, without one, the server
 * asks for one.
 */
async function demandsCertificate(ctx: StepContext<DiagnosisState>, where: Where): Promise<boolean> {
  const { tunnel } = handshakePath(ctx.state);
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.min(3000, ctx.timeoutMs / 2))]);
  const address = ctx.state.connected?.address ?? where.hostname;
  const plain = await captureHandshake(ctx.state.input.net, { address, port: where.port, hostname: where.hostname, tunnel }, signal).catch(
    () => undefined,
  );
  return plain?.capture?.clientCertRequired === true || CERT_ALERT.test(plain?.error?.code ?? '');
}

/** With a configured certificate, a certificate alert (or a reset where a bare client is asked for one) means the server refused it. */
export async function clientCertRejected(ctx: StepContext<DiagnosisState>, result: HandshakeResult, where: Where): Promise<boolean> {
  const loaded = ctx.state.clientCert;
  let alert = result.capture?.alert ?? result.error?.code;
  if (!loaded || !alert) return false;
  if (!CERT_ALERT.test(alert)) {
    if (!RESET.test(alert) || !(await demandsCertificate(ctx, where))) return false;
    alert = `${alert}: the server closed the connection once the certificate was presented`;
  }
  const found = await acceptedCas(ctx, where);
  const chains = found.cas && found.cas.length > 0 ? chainsToAccepted(loaded, found.cas) : undefined;
  ctx.add(
    makeFinding('TLS_CLIENT_CERT_REJECTED', {
      host: where.hostname,
      port: where.port,
      alert,
      ...clientCertEvidence(loaded, ctx.clock.now()),
      ...casEvidence(found),
      chainsToAccepted: chains,
    }),
  );
  ctx.stopAfterThis('the server refused the client certificate');
  return true;
}

/** Evidence for TLS_CLIENT_CERT_REQUIRED: the CA names the server accepts. */
export async function requiredCertEvidence(ctx: StepContext<DiagnosisState>, where: Where): Promise<AcceptedCasEvidence> {
  return casEvidence(await acceptedCas(ctx, where));
}

/** Records that the configured certificate was presented and the handshake held. */
export function clientCertAccepted(ctx: StepContext<DiagnosisState>, capture: HandshakeCapture, where: Where): void {
  const loaded = ctx.state.clientCert;
  if (!loaded || capture.alert || capture.relaxed) return;
  ctx.add(
    makeFinding('TLS_CLIENT_CERT_ACCEPTED', { host: where.hostname, port: where.port, ...clientCertEvidence(loaded, ctx.clock.now()) }),
  );
}
