import { type X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { type FindingCode } from '../findings/catalog/index';
import { type CertificateEvidence } from '../findings/evidence/index';
import { makeFinding, type Finding } from '../findings/finding';
import { matrixClientName } from './leadClient';
import { isIssuedBy } from './certInfo';
import { type ClientEvaluation } from './clientMatrix';
import { type HandshakeCapture } from './handshake';
import { certificateFacts, recogniseKnownCa } from './knownCas';
import { type LeadPerspective } from './leadView';
import { type TrustSources } from './trustSources';
import { type ChainLink, type ChainProblem, type TrustVerdict } from './types';
import { isWeakKey } from './verifyPath';

export interface AnalysisInput {
  readonly capture: HandshakeCapture;
  /** The verdict with the trust of the diagnosed client: bundled + NODE_EXTRA_CA_CERTS + --ca. */
  readonly effective: TrustVerdict;
  readonly effectiveTrustFrom: string;
  readonly clients: readonly ClientEvaluation[];
  readonly sources: TrustSources;
  readonly host: string;
  readonly url: string;
  readonly now: number;
  readonly expiringSoonDays: number;
  /**
   * CA files were configured for this very server (--ca): an issuer that is still unknown then points to a
   * missing intermediate. Never set for NODE_EXTRA_CA_CERTS, which is process-wide and unrelated to the chain.
   */
  readonly hasUserTrust: boolean;
  /** Why the normal handshake failed, when only a relaxed one (legacy protocol, SECLEVEL=0) worked. */
  readonly failureCode?: string;
  /** Whose view the findings take (default: Node's real handshake, nobody chosen). */
  readonly lead?: LeadPerspective;
}

const DAY_MS = 86_400_000;

/** Turns the chain analysis into findings: each names the certificate at fault, with dates. */
export function tlsFindings(input: AnalysisInput): Finding[] {
  const findings: Finding[] = [];
  const predicted = input.lead?.predicted;
  const rejected = input.capture.relaxed || (predicted ? !predicted.trusted : !input.capture.authorized);
  if (rejected) {
    const seen = new Set<string>();
    for (const problem of input.effective.problems) {
      const finding = problemFinding(problem, input);
      if (finding && !seen.has(finding.code + String(finding.evidence.fingerprint256))) {
        seen.add(finding.code + String(finding.evidence.fingerprint256));
        findings.push(finding);
      }
    }
    // A predicted rejection without a chain problem is an unreadable store, reported by the config findings.
    const fallback = handshakeFinding(input, findings.length === 0 && !(predicted && !input.capture.relaxed));
    // An outdated protocol breaks every client whatever it trusts: it leads the certificate problems.
    if (fallback?.code === 'TLS_PROTOCOL_TOO_OLD') findings.unshift(fallback);
    else if (fallback) findings.push(fallback);
  }
  findings.push(...advisoryFindings(input, findings));
  const ok = !rejected && !findings.some((f) => f.severity === 'error');
  const differs = trustDiffers(input.clients, input.lead);
  if (differs) findings.push(differs);
  if (ok) findings.push(okFinding(input));
  return findings;
}

function clientName(input: AnalysisInput): string {
  return input.lead?.name ?? 'Node.js';
}

/** Evidence naming one certificate: role, names, dates, fingerprint. */
export function certEvidence(link: ChainLink): CertificateEvidence {
  return {
    certificate: link.role,
    name: link.name,
    subject: link.subject,
    issuer: link.issuer,
    notBefore: link.notBefore,
    notAfter: link.notAfter,
    fingerprint256: link.fingerprint256,
    serialNumber: link.serialNumber,
  };
}

function problemFinding(problem: ChainProblem, input: AnalysisInput): Finding | undefined {
  const link = input.effective.path[problem.at];
  if (!link) return undefined;
  const base = { ...certEvidence(link), host: input.host, url: input.url, client: clientName(input) };
  const simple: Partial<
    Record<ChainProblem['kind'], 'TLS_WEAK_SIGNATURE' | 'TLS_NOT_A_CA' | 'TLS_PATH_LENGTH_EXCEEDED' | 'TLS_WRONG_PURPOSE'>
  > = {
    'weak-signature': 'TLS_WEAK_SIGNATURE',
    'not-a-ca': 'TLS_NOT_A_CA',
    'path-length': 'TLS_PATH_LENGTH_EXCEEDED',
    'wrong-purpose': 'TLS_WRONG_PURPOSE',
  };
  switch (problem.kind) {
    case 'self-signed':
      return makeFinding('TLS_SELF_SIGNED', { ...base, ...knownCaEvidence(input), rootAvailable: true });
    case 'untrusted-root':
      return makeFinding('TLS_UNTRUSTED_ROOT', {
        ...base,
        root: link.name,
        rootSubject: link.subject,
        rootFingerprint256: link.fingerprint256,
        rootSent: true,
        trustFrom: input.effectiveTrustFrom,
        foundIn: foundIn(link.fingerprint256, input),
        ...knownCaEvidence(input),
        rootAvailable: true,
      });
    case 'issuer-unknown':
      return missingIssuerFinding(problem.at, input);
    case 'expired':
      return makeFinding('TLS_EXPIRED', { ...base, daysAgo: Math.floor((input.now - Date.parse(link.notAfter)) / DAY_MS) });
    case 'not-yet-valid':
      return makeFinding('TLS_NOT_YET_VALID', { ...base, now: new Date(input.now).toISOString() });
    case 'hostname-mismatch':
      return hostnameFinding(link, input);
    case 'weak-key':
      return makeFinding(
        'TLS_WEAK_KEY',
        { ...base, keyType: link.keyType, keyBits: link.keyBits, rejectedBy: rejectedBy(input, 'weak-key') },
        { severity: 'error' },
      );
    default: {
      const code = simple[problem.kind]!;
      return makeFinding(code, {
        ...base,
        signatureAlgorithm: link.signatureAlgorithm,
        issuedName: input.effective.path[problem.at - 1]?.name,
        pathLength: link.pathLength,
        detail: problem.detail,
      });
    }
  }
}

/**
 * When the normal handshake failed and only a relaxed one worked, say why: an outdated protocol,
 * or (if no certificate defect explains it) the raw handshake failure. Otherwise Node's own code.
 */
function handshakeFinding(input: AnalysisInput, nothingElse: boolean): Finding | undefined {
  const { capture } = input;
  if (capture.relaxed && capture.protocol && /^(SSLv|TLSv1(\.[01])?$)/.test(capture.protocol)) {
    return makeFinding('TLS_PROTOCOL_TOO_OLD', { protocol: capture.protocol, host: input.host, errorCode: input.failureCode });
  }
  if (!nothingElse) return undefined;
  if (capture.relaxed)
    return makeFinding('TLS_HANDSHAKE_FAILED', {
      host: input.host,
      errorCode: input.failureCode,
      message: 'the handshake only succeeds with OpenSSL security level 0',
    });
  return makeFinding('TLS_VERIFY_FAILED', { errorCode: capture.authorizationError });
}

function hostnameFinding(leaf: ChainLink, input: AnalysisInput): Finding {
  const dnsNames = leaf.sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  return makeFinding('TLS_HOSTNAME_MISMATCH', {
    ...certEvidence(leaf),
    host: input.host,
    isIp: isIP(input.host) !== 0,
    names: leaf.sans.length ? leaf.sans : [`CN=${leaf.name} (no subjectAltName)`],
    suggestedHost: dnsNames.find((n) => !n.includes('*')),
  });
}

/**
 * The issuer of a certificate is neither sent nor trusted. If some source on this machine has
 * it we know whether it is a root (trust it) or an intermediate (the server must send it);
 * otherwise configured extra trust or an AIA URL point to a missing intermediate.
 */
function missingIssuerFinding(at: number, input: AnalysisInput): Finding {
  const link = input.effective.path[at]!;
  const base = {
    ...certEvidence(link),
    host: input.host,
    url: input.url,
    client: clientName(input),
    sentCount: input.capture.sent.length,
    missingIssuer: link.issuerName,
  };
  const x509 = findX509(link.fingerprint256, input);
  const found = x509 ? findIssuers(x509, input.sources) : [];
  const root = found.find((f) => f.cert.subject === f.cert.issuer);
  const foundText = found.length ? found.map((f) => f.where).join(', ') : undefined;
  const intermediateLikely = found.length ? !root : at === 0 && (link.caIssuersUrls !== undefined || input.hasUserTrust);
  // `ca-bundle URL` finds the missing CA only in the chain or a store on this machine; otherwise the fix must say where to get it.
  const available = { ...knownCaEvidence(input, link.issuer), rootAvailable: found.length > 0 };
  if (intermediateLikely)
    return makeFinding('TLS_INCOMPLETE_CHAIN', { ...base, foundIn: foundText, caIssuersUrls: link.caIssuersUrls, ...available });
  return makeFinding('TLS_UNTRUSTED_ROOT', {
    ...base,
    root: link.issuerName,
    rootSubject: link.issuer,
    rootFingerprint256: root?.cert.fingerprint256,
    rootSent: false,
    trustFrom: input.effectiveTrustFrom,
    foundIn: foundText,
    ...available,
  });
}

/** A recognised development CA, placeholder certificate or inspection CA in the chain (or its missing root's name). */
function knownCaEvidence(input: AnalysisInput, missingIssuer?: string): { knownCa?: ReturnType<typeof recogniseKnownCa> } {
  const knownCa = recogniseKnownCa(certificateFacts(input.capture.sent, missingIssuer));
  return knownCa ? { knownCa } : {};
}

function findX509(fingerprint: string, input: AnalysisInput): X509Certificate | undefined {
  return (
    input.capture.sent.find((c) => c.fingerprint256 === fingerprint) ??
    input.sources.list.flatMap((s) => s.certs).find((c) => c.fingerprint256 === fingerprint)
  );
}

function findIssuers(cert: X509Certificate, sources: TrustSources): { cert: X509Certificate; where: string }[] {
  return sources.list.flatMap((s) =>
    s.certs
      .filter((c) => c.subject === cert.issuer && isIssuedBy(cert, c))
      .map((c) => ({ cert: c, where: s.origin ? `${s.label} (${s.origin})` : s.label })),
  );
}

function foundIn(fingerprint: string, input: AnalysisInput): string | undefined {
  const where = input.sources.list
    .filter((s) => s.certs.some((c) => c.fingerprint256 === fingerprint))
    .map((s) => (s.origin ? `${s.label} (${s.origin})` : s.label));
  return where.length ? where.join(', ') : undefined;
}

function rejectedBy(input: AnalysisInput, kind: ChainProblem['kind']): string[] | undefined {
  const labels = input.clients.filter((c) => c.verdict.problems.some((p) => p.kind === kind)).map((c) => c.report.label);
  return labels.length ? labels : undefined;
}

/** Findings that hold whether or not the chain is accepted: small keys, near expiry, old protocols. */
function advisoryFindings(input: AnalysisInput, already: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  const has = (code: FindingCode, fp: string) => already.some((f) => f.code === code && f.evidence.fingerprint256 === fp);
  for (const link of input.effective.path) {
    if (isWeakKey(link, 2) && !has('TLS_WEAK_KEY', link.fingerprint256)) {
      out.push(
        makeFinding('TLS_WEAK_KEY', {
          ...certEvidence(link),
          keyType: link.keyType,
          keyBits: link.keyBits,
          rejectedBy: rejectedBy(input, 'weak-key'),
        }),
      );
    }
    if (expiringSoon(link, input)) {
      const daysLeft = Math.floor((Date.parse(link.notAfter) - input.now) / DAY_MS);
      out.push(makeFinding('TLS_EXPIRING_SOON', { ...certEvidence(link), daysLeft, thresholdDays: input.expiringSoonDays }));
    }
  }
  return out;
}

/**
 * Within the threshold, and with less than a third of its lifetime left: a 30-day or 24-hour
 * certificate that is renewed automatically (at two thirds, as certbot does) is not "expiring".
 */
function expiringSoon(link: ChainLink, input: AnalysisInput): boolean {
  const start = Date.parse(link.notBefore);
  const end = Date.parse(link.notAfter);
  const left = end - input.now;
  return start <= input.now && left >= 0 && left <= input.expiringSoonDays * DAY_MS && left < (end - start) / 3;
}

/** Node rows a more specific Node row supersedes: the one with the user's extra CAs speaks for Node. */
const SUPERSEDED: Record<string, readonly string[]> = { 'node-extra-ca': ['node'], 'node-configured': ['node', 'node-extra-ca'] };

/**
 * The clients that do not trust the server although others do. The lead client's own failure has
 * its own finding, so it is not repeated here. When the user named their client the others are a
 * warning; when nobody did, every client is somebody's, so each failure is an error.
 */
function trustDiffers(all: readonly ClientEvaluation[], lead: LeadPerspective | undefined): Finding | undefined {
  const hidden = new Set(all.flatMap((c) => SUPERSEDED[c.report.client] ?? []));
  const clients = all.filter((c) => !hidden.has(c.report.client));
  const trusting = clients.filter((c) => c.report.trusts).map((c) => c.report.label);
  const leadRows = lead?.rows ?? ['node', 'node-extra-ca', 'node-configured'];
  const failingRows = clients.filter((c) => !c.report.trusts && !leadRows.includes(c.report.client));
  const failing = failingRows.map((c) => ({ client: c.report.client, label: c.report.label, reason: c.report.reason, fix: c.report.fix }));
  if (trusting.length === 0 || failing.length === 0) return undefined;
  const failingNames = failingRows.map((c) => matrixClientName(c.report.client));
  return makeFinding(
    'TLS_TRUST_DIFFERS',
    { trustedBy: trusting, failing, failingNames, leadClient: lead?.name ?? 'Node.js', chosen: lead?.chosen === true },
    { severity: lead?.chosen ? 'warning' : 'error' },
  );
}

function okFinding(input: AnalysisInput): Finding {
  const path = input.effective.path;
  const leaf = path[0]!;
  const anchor = path[path.length - 1]!;
  const source = input.sources.list.find((s) => s.id === anchor.from);
  return makeFinding('TLS_OK', {
    client: clientName(input),
    host: input.host,
    protocol: input.capture.protocol,
    cipher: input.capture.cipher,
    name: leaf.name,
    fingerprint256: leaf.fingerprint256,
    root: anchor.name,
    rootSubject: anchor.subject,
    rootSource: source?.label ?? anchor.from,
    notAfter: leaf.notAfter,
    daysLeft: leaf.daysLeft,
  });
}
