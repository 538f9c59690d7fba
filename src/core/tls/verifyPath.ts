import { type X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { describeCertificate, isIssuedBy, isSelfSigned } from './certInfo';
import { type CertificateInfo, type ChainLink, type ChainProblem, type TrustVerdict } from './types';

/** How strict one client is, beyond which roots it trusts. */
export interface TrustPolicy {
  /** OpenSSL security level: 1 for Node's bundled OpenSSL 3, 2 for Python 3.10+. */
  readonly securityLevel: number;
  /** Falls back to the CN when a certificate has no DNS SAN (Node, httpx); urllib3 2 (requests) never does. */
  readonly cnFallback: boolean;
  /** Refuses a CA certificate (cA:true) whose keyUsage lacks keyCertSign, as Chromium's verifier does (RFC 5280 4.2.1.3). */
  readonly requireKeyCertSign?: boolean;
}

/** A trusted certificate and the id of the source it came from. */
export interface Anchor {
  readonly cert: X509Certificate;
  readonly source: string;
}

/** Trust anchors indexed by subject, so path building does not verify every root. */
export interface AnchorSet {
  readonly bySubject: ReadonlyMap<string, readonly Anchor[]>;
  readonly fingerprints: ReadonlySet<string>;
  readonly size: number;
}

export function anchorSet(anchors: readonly Anchor[]): AnchorSet {
  const bySubject = new Map<string, Anchor[]>();
  const fingerprints = new Set<string>();
  for (const anchor of anchors) {
    if (fingerprints.has(anchor.cert.fingerprint256)) continue;
    fingerprints.add(anchor.cert.fingerprint256);
    const list = bySubject.get(anchor.cert.subject) ?? [];
    list.push(anchor);
    bySubject.set(anchor.cert.subject, list);
  }
  return { bySubject, fingerprints, size: fingerprints.size };
}

export interface PathInput {
  /** The certificates the server sent, in order; the first is the leaf. */
  readonly sent: readonly X509Certificate[];
  readonly anchors: AnchorSet;
  /** Host name or IP literal the client connects to. */
  readonly host: string;
  readonly now: number;
  readonly policy: TrustPolicy;
}

interface Link {
  readonly cert: X509Certificate;
  readonly from: string;
}

const MAX_DEPTH = 10;

/**
 * Builds the path a client would build (trusted issuers first, as OpenSSL does) and lists every
 * reason it would reject it, each naming the certificate at fault. The local twin of OpenSSL's
 * verification, so each trust store can be judged without another handshake.
 */
export function verifyChain(input: PathInput): TrustVerdict {
  const leaf = input.sent[0];
  if (!leaf) return { trusted: false, path: [], problems: [{ kind: 'issuer-unknown', at: -1, detail: 'no certificate' }] };
  const { links, problem } = buildPath(leaf, input);
  const infos = links.map((l) => describeCertificate(l.cert, input.now));
  const anchored = problem === undefined;
  const path = infos.map((info, i) => toLink(info, links[i]!.from, i, anchored && i === infos.length - 1));
  const problems = [...(problem ? [problem] : []), ...checkPath(path, input)];
  if (!leafMatchesHost(leaf, input)) problems.push({ kind: 'hostname-mismatch', at: 0, detail: input.host });
  return { trusted: problems.length === 0, path, problems };
}

function toLink(info: CertificateInfo, from: string, index: number, isAnchor: boolean): ChainLink {
  const role = index === 0 ? 'leaf' : info.selfSigned || isAnchor ? 'root' : 'intermediate';
  return { ...info, role, from };
}

function buildPath(leaf: X509Certificate, input: PathInput): { links: Link[]; problem?: ChainProblem } {
  const links: Link[] = [{ cert: leaf, from: 'sent' }];
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const current = links[depth]!.cert;
    if (isSelfSigned(current)) {
      if (input.anchors.fingerprints.has(current.fingerprint256)) return { links };
      return { links, problem: { kind: depth === 0 ? 'self-signed' : 'untrusted-root', at: depth } };
    }
    const trusted = findTrustedIssuer(current, input);
    if (trusted) {
      links.push({ cert: trusted.cert, from: trusted.source });
      if (isSelfSigned(trusted.cert)) return { links };
      continue;
    }
    const sent = input.sent.find((c) => !links.some((l) => l.cert.fingerprint256 === c.fingerprint256) && isIssuedBy(current, c));
    if (!sent) return { links, problem: { kind: 'issuer-unknown', at: depth, detail: current.issuer } };
    links.push({ cert: sent, from: 'sent' });
  }
  return { links, problem: { kind: 'issuer-unknown', at: links.length - 1, detail: 'chain too long' } };
}

/** A trusted issuer, preferring one that is currently valid (cross-signed and renewed roots). */
function findTrustedIssuer(cert: X509Certificate, input: PathInput): Anchor | undefined {
  const candidates = (input.anchors.bySubject.get(cert.issuer) ?? []).filter((a) => isIssuedBy(cert, a.cert));
  return candidates.find((a) => timeProblem(describeCertificate(a.cert, input.now), input.now) === undefined) ?? candidates[0];
}

function timeProblem(info: CertificateInfo, now: number): 'expired' | 'not-yet-valid' | undefined {
  if (now < Date.parse(info.notBefore)) return 'not-yet-valid';
  if (now > Date.parse(info.notAfter)) return 'expired';
  return undefined;
}

const SERVER_AUTH = ['serverAuth', 'anyExtendedKeyUsage'];

function checkPath(path: readonly ChainLink[], input: PathInput): ChainProblem[] {
  const problems: ChainProblem[] = [];
  path.forEach((link, i) => {
    const time = timeProblem(link, input.now);
    if (time) problems.push({ kind: time, at: i, detail: time === 'expired' ? link.notAfter : link.notBefore });
    const selfSignedTop = i === path.length - 1 && link.selfSigned && i > 0;
    if (!selfSignedTop && isWeakHash(link.signatureHash)) problems.push({ kind: 'weak-signature', at: i, detail: link.signatureAlgorithm });
    if (isWeakKey(link, input.policy.securityLevel))
      problems.push({ kind: 'weak-key', at: i, detail: `${link.keyType} ${link.keyBits ?? '?'} bits` });
    if (i > 0 && !selfSignedTop && !link.isCA) problems.push({ kind: 'not-a-ca', at: i });
    if (i > 0 && link.pathLength !== undefined && i - 1 > link.pathLength)
      problems.push({ kind: 'path-length', at: i, detail: `pathlen ${link.pathLength}` });
    if (input.policy.requireKeyCertSign && link.isCA && link.keyUsage && !link.keyUsage.includes('keyCertSign'))
      problems.push({ kind: 'ca-without-key-cert-sign', at: i, detail: `keyUsage ${link.keyUsage.join(', ')}` });
    const purpose = purposeProblem(link, i);
    if (purpose) problems.push({ kind: 'wrong-purpose', at: i, detail: purpose });
  });
  return problems;
}

/** Signature hashes OpenSSL 3 refuses at security level 1 and above. */
export function isWeakHash(hash: string | undefined): boolean {
  return hash === 'sha1' || hash === 'md5' || hash === 'md2';
}

/** Minimum key sizes per OpenSSL security level (RSA/DSA bits; EC bits). */
const MIN_BITS: Record<number, { rsa: number; ec: number }> = {
  0: { rsa: 0, ec: 0 },
  1: { rsa: 1024, ec: 160 },
  2: { rsa: 2048, ec: 224 },
  3: { rsa: 3072, ec: 256 },
};

export function isWeakKey(info: Pick<CertificateInfo, 'keyType' | 'keyBits'>, securityLevel: number): boolean {
  const min = MIN_BITS[Math.min(3, Math.max(0, securityLevel))]!;
  if (info.keyBits === undefined) return false;
  if (info.keyType === 'ec') return info.keyBits < min.ec;
  if (info.keyType === 'rsa' || info.keyType === 'rsa-pss' || info.keyType === 'dsa') return info.keyBits < min.rsa;
  return false;
}

function purposeProblem(link: ChainLink, index: number): string | undefined {
  if (link.extKeyUsage && !link.extKeyUsage.some((u) => SERVER_AUTH.includes(u))) return `extendedKeyUsage ${link.extKeyUsage.join(', ')}`;
  const usage = link.keyUsage;
  if (index === 0 && usage && !usage.some((u) => u === 'digitalSignature' || u === 'keyEncipherment' || u === 'keyAgreement'))
    return `keyUsage ${usage.join(', ')}`;
  return undefined;
}

function leafMatchesHost(leaf: X509Certificate, input: PathInput): boolean {
  if (isIP(input.host)) return leaf.checkIP(input.host) !== undefined;
  return leaf.checkHost(input.host, { subject: input.policy.cnFallback ? 'default' : 'never' }) !== undefined;
}
