import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { type Socket } from 'node:net';
import { type DiagnosisState } from '../state';
import { makeFinding } from '../../findings/finding';
import { portOf, socketHost } from '../../net/transport';
import { type StepContext } from '../../pipeline/types';
import { tunnelOpener } from '../../proxy/tunnel';
import { displayName, isSelfSigned } from '../../tls/certInfo';
import { captureHandshake, type HandshakeCapture } from '../../tls/handshake';
import { type ClientCertTls } from '../../tls/types';
import { targetRoute } from './proxy';

/** How the TLS step reaches the server: through the proxy's tunnel when one applies, with the client certificate. */
export function handshakePath(state: DiagnosisState): { tunnel?: (signal: AbortSignal) => Promise<Socket>; clientCert?: ClientCertTls } {
  const route = targetRoute(state);
  const host = socketHost(state.input.url);
  const port = portOf(state.input.url);
  const tunnel = route.mode === 'proxy' ? tunnelOpener(state.input.net, route.proxy!, { host, port }) : undefined;
  return { tunnel, clientCert: state.clientCert?.tls };
}

interface Where {
  readonly hostname: string;
  readonly port: number;
}

/** Certificate issuers of TLS inspection products, for when the server cannot be reached directly to compare. */
const INSPECTION_ISSUER =
  /zscaler|netskope|fortinet|fortigate|palo alto|blue ?coat|symantec web|forcepoint|websense|sophos|mcafee web|cisco umbrella|checkpoint|check point|barracuda|kaspersky|mitmproxy|charles proxy|fiddler|burp|squid|inspection|ssl.?decrypt/i;

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
  return (
    publicRoots.some((root) => root.subject === top.issuer && top.checkIssued(root) && top.verify(root.publicKey)) ||
    publicRoots.some((root) => root.fingerprint256 === top.fingerprint256)
  );
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
    state.proxy = {
      ...(state.proxy ?? { path: 'proxy', proxy: route.display }),
      interception: { detected: false, issuer: issuingCa(capture.sent), proxiedLeaf, method: 'public-ca' },
    };
    return;
  }
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(Math.min(3000, ctx.timeoutMs / 2))]);
  const direct = await captureHandshake(
    state.input.net,
    { address: where.hostname, port: where.port, hostname: where.hostname },
    signal,
  ).catch(() => undefined);
  const directSent = direct?.capture?.sent;
  const proxyCa = issuingCa(capture.sent);
  const detected = directSent?.length ? directSent[0]!.fingerprint256 !== proxiedLeaf : INSPECTION_ISSUER.test(proxyCa);
  const method = directSent?.length ? 'compared' : detected ? 'issuer-name' : 'unverified';
  state.proxy = {
    ...(state.proxy ?? { path: 'proxy', proxy: route.display }),
    interception: { detected, issuer: proxyCa, proxiedLeaf, directLeaf: directSent?.[0]?.fingerprint256, method },
  };
  if (!detected) return;
  const trusted = capture.authorized && !capture.relaxed;
  ctx.add(
    makeFinding(
      'PROXY_TLS_INTERCEPTION',
      {
        proxy: route.display,
        proxyHost: route.proxy!.host,
        host: where.hostname,
        port: where.port,
        url: state.input.url.href,
        proxyCa,
        trusted,
        method,
        directIssuer: directSent?.length ? issuingCa(directSent) : undefined,
      },
      trusted ? { severity: 'warning' } : {},
    ),
  );
}
