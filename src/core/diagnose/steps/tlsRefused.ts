import { type DiagnosisState } from '../state';
import { makeFinding } from '../../findings/finding';
import { type StepContext } from '../../pipeline/types';
import { type AcceptableCaProbe } from '../../mtls/acceptableCas';
import { requiredCertEvidence } from './mtlsHandshake';
import { handshakePath } from './proxyTls';
import { type HandshakeResult } from '../../tls/handshake';
import { explainRefusal } from '../../tls/refusal';

interface Where {
  readonly hostname: string;
  readonly port: number;
  readonly probe?: AcceptableCaProbe;
}

/** Node's codes for a server that answered the ClientHello with an alert (or named no common ground). */
const REFUSAL = /_ALERT_|NO_SHARED_CIPHER|NO_SUITABLE_SIGNATURE_ALGORITHM|NO_CIPHERS_AVAILABLE/;

/**
 * A handshake that failed on an alert before any server certificate was seen. A client-certificate
 * demand is known only from a CertificateRequest on the wire; anything else is a refusal whose
 * cause the retries narrow down. Returns whether it reported the failure (the pipeline then stops).
 * With a client certificate configured, a CertificateRequest is left to the rejected-certificate check.
 */
export async function explainRefusedHandshake(ctx: StepContext<DiagnosisState>, result: HandshakeResult, where: Where): Promise<boolean> {
  const code = result.error?.code ?? '';
  if (result.capture?.sent.length || !REFUSAL.test(code) || code.includes('CERTIFICATE_REQUIRED')) return false;
  const address = ctx.state.connected?.address ?? where.hostname;
  const budgetMs = Math.min(6000, ctx.timeoutMs / 2);
  const explained = await explainRefusal(
    ctx.state.input.net,
    { address, port: where.port, hostname: where.hostname, ...handshakePath(ctx.state) },
    ctx.signal,
    { budgetMs },
  );
  if (explained.cause === 'client-certificate') {
    if (ctx.state.clientCert) return false;
    ctx.add(
      makeFinding('TLS_CLIENT_CERT_REQUIRED', {
        host: where.hostname,
        port: where.port,
        protocol: explained.protocol,
        errorCode: code,
        certificateRequestSeen: true,
        ...(await requiredCertEvidence(ctx, where)),
      }),
    );
    ctx.stopAfterThis('the server requires a client certificate');
    return true;
  }
  // A protocol_version alert that even TLS 1.0 could not get past: an SSLv3-era server, which the
  // connection-failure classification already names (TLS_PROTOCOL_TOO_OLD).
  if (explained.cause === 'unknown' && code.includes('ALERT_PROTOCOL_VERSION')) return false;
  const cert = explained.certificate;
  const details = cert?.publicKey.asymmetricKeyDetails;
  ctx.add(
    makeFinding('TLS_HANDSHAKE_REFUSED', {
      host: where.hostname,
      port: where.port,
      errorCode: code,
      alert: explained.alert,
      cause: explained.cause,
      protocol: explained.protocol,
      cipher: explained.cipher,
      keyType: cert?.publicKey.asymmetricKeyType,
      keyBits: details?.modulusLength ?? curveBits(details?.namedCurve),
      certificateName: cert ? /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] : undefined,
      attempts: explained.attempts.map((a) => ({ offered: a.offered, outcome: a.outcome })),
    }),
  );
  ctx.stopAfterThis('the server refused the TLS handshake');
  return true;
}

function curveBits(curve: string | undefined): number | undefined {
  const bits = /(\d{3})/.exec(curve ?? '')?.[1];
  return bits ? Number(bits) : undefined;
}
