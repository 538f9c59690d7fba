import { type X509Certificate } from 'node:crypto';
import { certificateNameKeys } from './der';
import { type TrustSource, type TrustSources } from './trustSources';

/** Issuer links followed from the chain into a store (cross-signed roots), at most. */
const MAX_HOPS = 10;

/**
 * The trust sources as one chain sees them: each source's `certs` holds only the certificates
 * whose subject is a name the chain carries (the issuer or subject of a certificate it sent),
 * followed on through those certificates' own issuers. Path building and every per-source verdict
 * only ever look certificates up by those names, so the answers do not change; the ~140 other
 * roots of each store are never parsed. `count` keeps the source's real size.
 */
export function narrowToChain(sources: TrustSources, sent: readonly X509Certificate[]): TrustSources {
  const names = sent.flatMap((cert) => {
    const keys = certificateNameKeys(cert.raw);
    return keys ? [keys.subject, keys.issuer] : [];
  });
  const list = sources.list.map((source) => narrowSource(source, names));
  return { ...sources, list, get: (id) => list.find((s) => s.id === id) };
}

function narrowSource(source: TrustSource, chainNames: readonly string[]): TrustSource {
  const { set } = source;
  if (!set) return source;
  const wanted = new Set(chainNames);
  const found = new Map<string, X509Certificate>();
  let frontier = [...wanted];
  for (let hop = 0; hop < MAX_HOPS && frontier.length; hop++) {
    const next: string[] = [];
    for (const cert of frontier.flatMap((name) => set.named(name))) {
      if (found.has(cert.fingerprint256)) continue;
      found.set(cert.fingerprint256, cert);
      const issuer = certificateNameKeys(cert.raw)?.issuer;
      if (issuer !== undefined && !wanted.has(issuer)) {
        wanted.add(issuer);
        next.push(issuer);
      }
    }
    frontier = next;
  }
  return {
    id: source.id,
    label: source.label,
    origin: source.origin,
    variable: source.variable,
    unavailable: source.unavailable,
    ...(source.pathKind ? { pathKind: source.pathKind } : {}),
    count: set.size,
    certs: [...found.values()],
  };
}
