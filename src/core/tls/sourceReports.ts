import { type X509Certificate } from 'node:crypto';
import { isTrustProblem } from './problemText';
import { certificateCount, type TrustSource } from './trustSources';
import { type TrustSourceReport } from './types';
import { anchorSet, verifyChain } from './verifyPath';

/**
 * Judges each trust source on its own: does it hold the anchor for this chain? Certificate
 * defects (expiry, host name) are reported once elsewhere, so only the anchor question counts.
 */
export function evaluateSources(
  sent: readonly X509Certificate[],
  sources: readonly TrustSource[],
  host: string,
  now: number,
): TrustSourceReport[] {
  return sources.map((source) => {
    const base = {
      id: source.id,
      label: source.label,
      origin: source.origin,
      certificateCount: certificateCount(source),
      ...(source.unavailable ? { unavailable: source.unavailable } : {}),
    };
    if (base.certificateCount === 0)
      return { ...base, trusts: false, reason: source.unavailable ? `not usable (${source.unavailable})` : 'empty' };
    const anchors = anchorSet(source.certs.map((cert) => ({ cert, source: source.id })));
    const verdict = verifyChain({ sent, anchors, host, now, policy: { securityLevel: 0, cnFallback: true } });
    const missing = verdict.problems.find((p) => isTrustProblem(p.kind));
    if (!missing) {
      const anchor = verdict.path[verdict.path.length - 1];
      return { ...base, trusts: true, reason: `holds "${anchor?.name}" (${anchor?.fingerprint256})` };
    }
    const top = verdict.path[missing.at];
    const wanted = missing.kind === 'issuer-unknown' ? top?.issuerName : top?.name;
    return { ...base, trusts: false, reason: `does not hold "${wanted}"` };
  });
}
