import { type DiagnosisState } from '../state';
import { makeFinding, type Finding } from '../../findings/finding';
import { portOf, socketHost } from '../../net/transport';
import { type StepContext } from '../../pipeline/types';
import { chainsToAccepted, clientCertEvidence } from '../../mtls/clientCert';
import { clientCertPage } from '../../mtls/httpAnswer';
import { acceptedCas } from './mtlsHandshake';

/**
 * An HTML 400 whose title is nginx's client-certificate page means mutual TLS is required (no
 * certificate sent) or the certificate was refused: report that instead of "not an MCP endpoint".
 */
export async function clientCertHttpAnswer(ctx: StepContext<DiagnosisState>, findings: readonly Finding[]): Promise<boolean> {
  const page = clientCertPage(findings);
  if (!page) return false;
  const url = ctx.state.input.url;
  const where = { hostname: socketHost(url), port: portOf(url) };
  const found = await acceptedCas(ctx, where);
  const answer = `HTTP 400 "${String(page.evidence.pageTitle)}"`;
  const cas = { acceptedCas: found.cas, acceptedCasNote: found.note };
  const loaded = ctx.state.clientCert;
  if (!loaded) {
    ctx.add(makeFinding('TLS_CLIENT_CERT_REQUIRED', { ...where, host: where.hostname, errorCode: answer, ...cas }));
    return true;
  }
  const chains = found.cas && found.cas.length > 0 ? chainsToAccepted(loaded, found.cas) : undefined;
  ctx.add(
    makeFinding('TLS_CLIENT_CERT_REJECTED', {
      host: where.hostname,
      port: where.port,
      alert: answer,
      ...clientCertEvidence(loaded, ctx.clock.now()),
      ...cas,
      chainsToAccepted: chains,
    }),
  );
  return true;
}
