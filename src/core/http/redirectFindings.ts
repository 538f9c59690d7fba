import { makeFinding, type Finding } from '../findings/finding';
import { type RedirectHopEvidence } from '../findings/evidence/common';
import { type RedirectEvidence } from '../findings/evidence/redirect';
import { portOf } from '../net/transport';
import { type RedirectWalk } from './redirects';
import { type RedirectHop } from './types';

/** What a walked chain means for the client and for the rest of the probe. */
export interface RedirectAnalysis {
  readonly findings: Finding[];
  /**
   * The URL to configure instead: the configured URL's scheme, host and port with the path the
   * server redirected to. Never taken from a Location that lost the scheme or port.
   */
  readonly correctedUrl?: URL;
  /** Some hop leaves the configured origin (scheme, host or port) or turns POST into GET. */
  readonly unsafe: boolean;
  /** At least one redirect was followed. */
  readonly redirected: boolean;
}

/** Turns a walked chain into findings, one per kind of problem (the first hop showing it). */
export function analyseRedirects(configured: URL, walk: RedirectWalk): RedirectAnalysis {
  const redirects = walk.hops.filter((h) => h.nextUrl !== undefined);
  // A loop or an endless chain has no "right" path to suggest.
  const correctedUrl = walk.stoppedBy ? undefined : correctedUrlFor(configured, redirects);
  const found = new Map<HopCode, RedirectHopEvidence>();
  redirects.forEach((hop, index) => {
    const evidence = { ...hopEvidence(hop, index, correctedUrl), ...nextHopFailure(walk, hop) };
    for (const code of codesFor(hop)) if (!found.has(code)) found.set(code, evidence);
  });
  const findings: Finding[] = [...found].map(([code, evidence]) => makeFinding(code, evidence));
  if (walk.stoppedBy) findings.push(makeFinding(walk.stoppedBy === 'loop' ? 'REDIRECT_LOOP' : 'REDIRECT_TOO_MANY', stopEvidence(walk)));
  const unsafe =
    walk.stoppedBy !== undefined ||
    redirects.some((h) => h.changed?.some((c) => c === 'scheme' || c === 'host' || c === 'port' || c === 'method'));
  return { findings, correctedUrl, unsafe, redirected: redirects.length > 0 };
}

/** Codes about one hop (the others, loop and too many, are about the whole walk). */
type HopCode = Exclude<keyof RedirectEvidence, 'REDIRECT_LOOP' | 'REDIRECT_TOO_MANY'>;

function codesFor(hop: RedirectHop): HopCode[] {
  const changed = new Set(hop.changed ?? []);
  const codes: HopCode[] = [];
  if (changed.has('scheme') && hop.url.startsWith('https:') && hop.nextUrl?.startsWith('http:')) codes.push('REDIRECT_SCHEME_DOWNGRADE');
  if (changed.has('port') && !changed.has('host')) codes.push('REDIRECT_PORT_DROPPED');
  if (changed.has('host')) codes.push('REDIRECT_CROSS_ORIGIN');
  if (changed.has('method')) codes.push('REDIRECT_METHOD_CHANGED');
  if (changed.has('trailing-slash')) codes.push('REDIRECT_TRAILING_SLASH');
  else if (changed.has('path') && !changed.has('host')) codes.push('REDIRECT_PATH_CHANGED');
  return codes;
}

function hopEvidence(hop: RedirectHop, index: number, correctedUrl: URL | undefined): RedirectHopEvidence {
  const from = new URL(hop.url);
  const to = new URL(hop.nextUrl ?? hop.url);
  const changed = hop.changed ?? [];
  return {
    hop: index + 1,
    method: hop.method,
    from: hop.url,
    status: hop.status,
    location: hop.location,
    to: to.href,
    toMethod: hop.nextMethod,
    changed: [...changed],
    lost: changed.filter((c) => c === 'scheme' || c === 'host' || c === 'port'),
    fromPath: from.pathname,
    toPath: to.pathname,
    slashAdded: to.pathname === `${from.pathname}/`,
    fromHost: from.hostname,
    toHost: to.hostname,
    fromPort: portOf(from),
    toPort: portOf(to),
    toPortExplicit: to.port !== '',
    ...(hop.server ? { server: hop.server } : {}),
    ...(correctedUrl ? { correctedUrl: correctedUrl.href } : {}),
  };
}

/** When the request the redirect leads to failed: where, and how (shown with the redirect, not as status 0). */
function nextHopFailure(walk: RedirectWalk, hop: RedirectHop): Pick<RedirectHopEvidence, 'nextFailedRequest' | 'nextError'> {
  const next = walk.hops[walk.hops.indexOf(hop) + 1];
  if (!next || next.status !== 0) return {};
  return {
    nextFailedRequest: `${next.method} ${next.url}`,
    nextError: `${next.errorCode ?? 'UNKNOWN'}${next.error ? `: ${next.error}` : ''}`,
  };
}

/** Configured origin + the first path the server redirected to, unless that hop changed host. */
function correctedUrlFor(configured: URL, redirects: readonly RedirectHop[]): URL | undefined {
  for (const hop of redirects) {
    const to = new URL(hop.nextUrl ?? hop.url);
    if (to.hostname.toLowerCase() !== configured.hostname.toLowerCase()) return undefined;
    if (to.pathname !== configured.pathname || to.search !== configured.search) {
      const corrected = new URL(configured.href);
      corrected.pathname = to.pathname;
      corrected.search = to.search;
      return corrected;
    }
  }
  return undefined;
}

const MAX_CHAIN_ITEMS = 6;

function stopEvidence(walk: RedirectWalk): RedirectEvidence['REDIRECT_LOOP'] {
  const last = walk.hops[walk.hops.length - 1];
  const steps = walk.hops.map((h) => `${h.status} ${h.url}`);
  const chain = steps.length > MAX_CHAIN_ITEMS ? [...steps.slice(0, MAX_CHAIN_ITEMS - 1), '…', steps[steps.length - 1]] : steps;
  return { url: last?.nextUrl ?? last?.url, hops: walk.hops.length, chain: chain.join(' → ') };
}
