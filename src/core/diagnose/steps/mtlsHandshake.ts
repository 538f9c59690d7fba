import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { type Socket } from 'node:net';
import { type DiagnosisState } from '../state';
import { makeFinding } from '../../findings/finding';
import { portOf, socketHost } from '../../net/transport';
import { type StepContext } from '../../pipeline/types';
import { displayName, isSelfSigned } from '../../tls/certInfo';
import { captureHandshake, type HandshakeCapture, type HandshakeResult } from '../../tls/handshake';
import { opensslAcceptableCas, type AcceptableCaProbe, type AcceptableCas } from '../../mtls/acceptableCas';
import { chainsToAccepted, clientCertEvidence, type ClientCertTls } from '../../mtls/clientCert';
import { targetRoute } from './proxy';
import { tunnelOpener } from '../../proxy/tunnel';

/** How the TLS step reaches the server: through the proxy's tunnel when one applies, with the client certificate. */
export function handshakePath(state: DiagnosisState): { tunnel?: (signal: AbortSignal) => Promise<Socket>; clientCert?: ClientCertTls } {
  const route = targetRoute(state);
  const host = socketHost(state.input.url);
  const port = portOf(state.input.url);
  const tunnel = route.mode === 'proxy' ? tunnelOpener(state.input.net, route.proxy!, { host, port }) : undefined;
  return { tunnel, clientCert: state.clientCert?.tls };
}

/** Alerts a server sends about the client's certificate (TLS 1.2 during the handshake, TLS 1.3 right after). */
const CERT_ALERT = /ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_EXPIRED|CERTIFICATE_REVOKED|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|ACCESS_DENIED|DECRYPT_ERROR|HANDSHAKE_FAILURE|CERTIFICATE_REQUIRED)/;

interface Where { readonly hostname: string; readonly port: number; readonly probe?: AcceptableCaProbe }

/** Asks for the server's acceptable client-CA list, bounded by the step's signal and a few seconds. */
export async function acceptedCas(ctx: StepContext<DiagnosisState>, where: Where): Promise<AcceptableCas> {
  const route = targetRoute(ctx.state);
  const probe = where.probe ?? opensslAcceptableCas;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.min(5000, ctx.timeoutMs))]);
  try {
    return await probe({ host: where.hostname, port: where.port, servername: ctx.state.input.url.hostname, proxy: route.mode === 'proxy' ? route.proxy : undefined }, signal);
  } catch {
    return { note: 'the probe failed' };
  }
}

function casEvidence(found: AcceptableCas): Record<string, unknown> {
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
  const plain = await captureHandshake(ctx.state.input.net, { address, port: where.port, hostname: where.hostname, tunnel }, signal).catch(() => undefined);
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
  ctx.add(makeFinding('TLS_CLIENT_CERT_REJECTED', {
    host: where.hostname, port: where.port, alert, ...clientCertEvidence(loaded, ctx.clock.now()), ...casEvidence(found), chainsToAccepted: chains,
  }));
  ctx.stopAfterThis('the server refused the client certificate');
  return true;
}

/**
 * TLS 1.2 servers that demand a certificate fail the handshake with a generic alert (handshake
 * failure). If openssl saw a CertificateRequest there, say so with the accepted CAs. Returns whether it did.
 */
export async function certificateDemandedInHandshake(ctx: StepContext<DiagnosisState>, result: HandshakeResult, where: Where): Promise<boolean> {
  const code = result.error?.code ?? '';
  if (ctx.state.clientCert || result.capture?.sent.length || !/ALERT_(HANDSHAKE_FAILURE|CERTIFICATE_REQUIRED)/.test(code)) return false;
  const found = await acceptedCas(ctx, where);
  if (found.cas === undefined) return false;
  ctx.add(makeFinding('TLS_CLIENT_CERT_REQUIRED', { host: where.hostname, port: where.port, errorCode: code, ...casEvidence(found) }));
  ctx.stopAfterThis('the server requires a client certificate');
  return true;
}

/** Evidence for TLS_CLIENT_CERT_REQUIRED: the CA names the server accepts. */
export async function requiredCertEvidence(ctx: StepContext<DiagnosisState>, where: Where): Promise<Record<string, unknown>> {
  return casEvidence(await acceptedCas(ctx, where));
}

/** Records that the configured certificate was presented and the handshake held. */
export function clientCertAccepted(ctx: StepContext<DiagnosisState>, capture: HandshakeCapture, where: Where): void {
  const loaded = ctx.state.clientCert;
  if (!loaded || capture.alert || capture.relaxed) return;
  ctx.add(makeFinding('TLS_CLIENT_CERT_ACCEPTED', { host: where.hostname, port: where.port, ...clientCertEvidence(loaded, ctx.clock.now()) }));
}

/** Certificate issuers of TLS inspection products, for when the server cannot be reached directly to compare. */
const INSPECTION_ISSUER = /zscaler|netskope|fortinet|fortigate|palo alto|blue ?coat|symantec web|forcepoint|websense|sophos|mcafee web|cisco umbrella|checkpoint|check point|barracuda|kaspersky|mitmproxy|charles proxy|fiddler|burp|squid|inspection|ssl.?decrypt/i;

/** The CA that issued the chain the client saw: the top certificate's issuer (or itself, when self-signed). */
function issuingCa(sent: readonly X509Certificate[]): string {
  const top = sent[sent.length - 1]!;
  return displayName(isSelfSigned(top) ? top.subject : top.issuer);
}

let publicRoots: X509Certificate[] | undefined;

/** Whether the chain ends in one of Node's bundled public roots: inspection CAs never are. */
function endsInPublicRoot(sent: readonly X509Certificate[]): boolean {
  publicRoots ??= rootCertificates.map((pem) => new X509Certificate(pem));
  const top = sent[sent.length - 1]!;
  return publicRoots.some((root) => root.subject === top.issuer && top.checkIssued(root) && top.verify(root.publicKey))
    || publicRoots.some((root) => root.fingerprint256 === top.fingerprint256);
}

/**
 * Through a proxy, compares the leaf seen through the tunnel with the leaf the server presents directly
 * (a short, bounded handshake), unless the chain ends in a public root. When the direct path is
 * closed, falls back to known inspection issuers.
 */
export async function checkInterception(ctx: StepContext<DiagnosisState>, capture: HandshakeCapture, where: Where): Promise<void> {
  const { state } = ctx;
  const route = targetRoute(state);
  if (route.mode !== 'proxy' || capture.sent.length === 0) return;
  const proxiedLeaf = capture.sent[0]!.fingerprint256;
  if (endsInPublicRoot(capture.sent)) {
    state.proxy = { ...(state.proxy ?? { path: 'proxy', proxy: route.display }), interception: { detected: false, issuer: issuingCa(capture.sent), proxiedLeaf, method: 'public-ca' } };
    return;
  }
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.min(3000, ctx.timeoutMs / 2))]);
  const direct = await captureHandshake(state.input.net, { address: where.hostname, port: where.port, hostname: where.hostname }, signal).catch(() => undefined);
  const directSent = direct?.capture?.sent;
  const proxyCa = issuingCa(capture.sent);
  const detected = directSent?.length ? directSent[0]!.fingerprint256 !== proxiedLeaf : INSPECTION_ISSUER.test(proxyCa);
  const method = directSent?.length ? 'compared' : detected ? 'issuer-name' : 'unverified';
  state.proxy = { ...(state.proxy ?? { path: 'proxy', proxy: route.display }), interception: { detected, issuer: proxyCa, proxiedLeaf, directLeaf: directSent?.[0]?.fingerprint256, method } };
  if (!detected) return;
  const trusted = capture.authorized && !capture.relaxed;
  ctx.add(makeFinding('PROXY_TLS_INTERCEPTION', {
    proxy: route.display, proxyHost: route.proxy!.host, host: where.hostname, port: where.port, url: state.input.url.href, proxyCa, trusted, method,
    directIssuer: directSent?.length ? issuingCa(directSent) : undefined,
  }, trusted ? { severity: 'warning' } : {}));
}
