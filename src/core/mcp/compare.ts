import { makeFinding, type Finding } from '../findings/finding';
import { probeEndpoint, type EndpointProbe } from './probe';
import { type ProbeDeps } from './run';
import { type EndpointOutcome } from './types';

/**
 * Sums up one endpoint probe. `tlsUntrusted`: the real client would fail TLS there even though
 * the probe looked past it with the certificate pinned.
 */
export function endpointOutcome(probe: EndpointProbe, tlsUntrusted = false): EndpointOutcome {
  const url = probe.url.href;
  const { facts, findings } = probe.run;
  const firstError = [...probe.redirects.findings, ...findings].find((f) => f.severity === 'error');
  if (tlsUntrusted)
    return { url, works: false, reachedLayer: 'tls', failureCode: 'TLS', summary: 'the client does not trust the certificate' };
  if (probe.stoppedByRedirect) {
    const hop = probe.walk.hops.find((h) => h.nextUrl !== undefined);
    return {
      url,
      works: false,
      reachedLayer: 'http',
      failureCode: firstError?.code,
      summary: `redirected to ${hop?.nextUrl ?? 'elsewhere'}`,
    };
  }
  if (facts.reached) return { url, works: true, reachedLayer: 'mcp', summary: mcpSummary(probe) };
  if (facts.unauthorized) {
    const { status, tokenSent } = facts.unauthorized;
    return {
      url,
      works: !tokenSent,
      reachedLayer: 'auth',
      failureCode: tokenSent ? `HTTP ${status}` : undefined,
      summary: `${status}${tokenSent ? ', token rejected' : ', token required'}`,
    };
  }
  const layer = firstError?.code.startsWith('NET_') ? 'network' : 'http';
  return {
    url,
    works: false,
    reachedLayer: layer,
    failureCode: firstError?.code,
    summary: firstError ? `${firstError.code}: ${firstError.title}` : 'no MCP answer',
  };
}

function mcpSummary(probe: EndpointProbe): string {
  const { era, protocolVersion, toolCount } = probe.run.facts;
  return `MCP ${era ?? ''} ${protocolVersion ?? ''}, ${toolCount ?? 0} tools`.replace(/\s+/g, ' ');
}

/** States whether a failure is specific to the TLS/proxy path, from the two outcomes. */
export function compareOutcomes(primary: EndpointOutcome, alternate: EndpointOutcome): Finding {
  const evidence = {
    primaryUrl: primary.url,
    primarySummary: primary.summary,
    primaryCode: primary.failureCode,
    alternateUrl: alternate.url,
    alternateSummary: alternate.summary,
    alternateCode: alternate.failureCode,
    layer: layerName(primary),
  };
  if (primary.works && alternate.works) return makeFinding('HTTP_COMPARE_BOTH_WORK', evidence);
  if (alternate.works) return makeFinding('HTTP_COMPARE_PROXY_PATH_FAILS', evidence);
  if (primary.works) return makeFinding('HTTP_COMPARE_ALTERNATE_FAILS', evidence);
  return makeFinding('HTTP_COMPARE_BOTH_FAIL', evidence);
}

function layerName(outcome: EndpointOutcome): string {
  if (outcome.reachedLayer === 'tls') return 'TLS';
  if (outcome.failureCode?.startsWith('REDIRECT_')) return 'proxy (redirect)';
  return 'TLS/proxy';
}

/**
 * Probes the alternate URL (e.g. the backend's plain-HTTP port) and compares it with the primary
 * outcome. The token goes to the alternate only over HTTPS or on a loopback host.
 */
export async function compareEndpoints(
  deps: ProbeDeps,
  primary: EndpointOutcome,
  alternateUrl: URL,
): Promise<{ outcome: EndpointOutcome; finding: Finding; probe: EndpointProbe }> {
  const safeForToken = alternateUrl.protocol === 'https:' || isLoopback(alternateUrl.hostname);
  const probe = await probeEndpoint(
    { ...deps, token: safeForToken ? deps.token : undefined, headers: safeForToken ? deps.headers : undefined },
    alternateUrl,
  );
  const outcome = endpointOutcome(probe);
  return { outcome, finding: compareOutcomes(primary, outcome), probe };
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
}
