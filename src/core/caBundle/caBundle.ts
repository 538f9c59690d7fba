import { randomBytes, type X509Certificate } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { nodeNetTransport, portOf, socketHost, type NetTransport } from '../net/transport';
import { tunnelOpener } from '../proxy/tunnel';
import { isSelfSigned, parseCertificate } from '../tls/certInfo';
import { CLIENT_BUNDLE_VARIABLES, exportLine, type BundleVariable } from '../tls/fixText';
import { captureHandshake } from '../tls/handshake';
import { loadTrustSources, type TrustEnvironmentOptions, type TrustSource } from '../tls/trustSources';
import { type CertRole, type LoadedCa, type TrustSourceId } from '../tls/types';
import { anchorSet, verifyChain } from '../tls/verifyPath';

type Env = Readonly<Record<string, string | undefined>>;

export interface CaBundleOptions {
  /** An https URL whose chain decides which CA is missing. */
  readonly url?: URL;
  /** Or the chain already observed (PEM, in the order the server sent it). */
  readonly chainPems?: readonly string[];
  /** CA files the user named (--ca), already loaded. */
  readonly userCas?: readonly LoadedCa[];
  /** The environment the clients run with (trust variables, CAROOT, HOME). */
  readonly env: Env;
  readonly trust?: Omit<TrustEnvironmentOptions, 'env' | 'userCas' | 'signal'>;
  readonly net?: NetTransport;
  /** Read the chain through this http:// proxy (CONNECT), as clients behind it see it (an inspecting proxy's CA). */
  readonly proxy?: URL;
  readonly signal?: AbortSignal;
  readonly now?: number;
}

export interface AddedCertificate {
  readonly name: string;
  readonly subject: string;
  readonly fingerprint256: string;
  readonly role: CertRole;
  /** Where it came from: "sent by the server", or a trust source with its file. */
  readonly source: string;
  readonly pem: string;
}

export interface CaBundleResult {
  /** The bundle: base roots, then the added CAs (each preceded by a comment line). */
  readonly pem: string;
  readonly base: { readonly label: string; readonly origin?: string; readonly count: number };
  readonly added: readonly AddedCertificate[];
  /** Whether, with this bundle, the server's chain reaches a trusted root (always true without a chain). */
  readonly completesChain: boolean;
  /** The CA the chain needs but no source on this machine has. */
  readonly missing?: { readonly name: string; readonly subject: string; readonly neededBy: string };
  /** Why the server's chain could not be read. */
  readonly chainError?: { readonly code: string; readonly message: string };
}

/** Sources searched for a missing CA, most specific first; the base store is searched implicitly. */
const SEARCH_ORDER: readonly TrustSourceId[] = [
  'user-ca',
  'mkcert',
  'node-extra',
  'ssl-cert-file',
  'ssl-cert-dir',
  'requests-ca-bundle',
  'curl-ca-bundle',
  'os',
  'certifi',
  'node-bundled',
];

/**
 * Builds one CA bundle every client can use: the OS roots (Node's bundled roots where there is no
 * OS bundle) plus the CA the server's chain is missing, found in the chain itself, --ca files,
 * mkcert's CAROOT, the trust variables or the OS store. Without a chain: OS roots + --ca + mkcert.
 */
export async function createCaBundle(options: CaBundleOptions): Promise<CaBundleResult> {
  const sources = await loadTrustSources({ ...options.trust, env: options.env, userCas: options.userCas, signal: options.signal });
  const os = sources.get('os');
  const baseSource = os && os.certs.length ? os : sources.get('node-bundled')!;
  const base = { label: baseSource.label, origin: baseSource.origin, count: baseSource.certs.length };
  const chain = await readChain(options);
  if ('error' in chain) return finish(baseSource, base, [], { completesChain: false, chainError: chain.error });
  if (!chain.sent) {
    const extras = [sources.get('user-ca'), sources.get('mkcert')].filter((s): s is TrustSource => !!s);
    const added = extras.flatMap((s) => s.certs.map((c) => toAdded(c, describeSource(s))));
    return finish(baseSource, base, added, { completesChain: true });
  }
  const ordered = [baseSource, ...SEARCH_ORDER.map((id) => sources.get(id)).filter((s): s is TrustSource => !!s && s !== baseSource)];
  const anchors = anchorSet(ordered.flatMap((s) => s.certs.map((cert) => ({ cert, source: s.id }))));
  const host = options.url ? socketHost(options.url) : 'localhost';
  const verdict = verifyChain({
    sent: chain.sent,
    anchors,
    host,
    now: options.now ?? Date.now(),
    policy: { securityLevel: 0, cnFallback: true },
  });
  const sent = chain.sent;
  const lookup = (fp: string) => [...sent, ...ordered.flatMap((s) => s.certs)].find((c) => c.fingerprint256 === fp)!;
  const added: AddedCertificate[] = [];
  for (const link of verdict.path.slice(verdict.path[0]?.selfSigned ? 0 : 1)) {
    if (link.from === baseSource.id) continue;
    if (link.from === 'sent' && !link.selfSigned) continue;
    const source = link.from === 'sent' ? 'sent by the server' : describeSource(ordered.find((s) => s.id === link.from)!);
    added.push(toAdded(lookup(link.fingerprint256), source, link.role));
  }
  const gap = verdict.problems.find((p) => p.kind === 'issuer-unknown');
  const missingLink = gap ? verdict.path[gap.at] : undefined;
  const missing = missingLink ? { name: missingLink.issuerName, subject: missingLink.issuer, neededBy: missingLink.name } : undefined;
  return finish(baseSource, base, added, { completesChain: !gap, missing });
}

type ChainRead = { sent?: X509Certificate[] } | { error: { code: string; message: string } };

async function readChain(options: CaBundleOptions): Promise<ChainRead> {
  if (options.chainPems?.length) {
    return { sent: options.chainPems.map((p) => parseCertificate(p)).filter((c): c is X509Certificate => !!c) };
  }
  if (!options.url) return {};
  const signal = options.signal ?? AbortSignal.timeout(10_000);
  const hostname = socketHost(options.url);
  try {
    const net = options.net ?? nodeNetTransport;
    const port = portOf(options.url);
    const tunnel = options.proxy && tunnelOpener(net, options.proxy, { host: hostname, port });
    const result = await captureHandshake(net, { address: hostname, port, hostname, tunnel }, signal);
    if (result.capture?.sent.length) return { sent: [...result.capture.sent] };
    return { error: result.error ?? { code: 'UNKNOWN', message: 'the server sent no certificate' } };
  } catch (err) {
    return {
      error: { code: String((err as { code?: unknown }).code ?? 'ABORTED'), message: err instanceof Error ? err.message : String(err) },
    };
  }
}

function describeSource(source: TrustSource): string {
  return source.origin ? `${source.label} (${source.origin})` : source.label;
}

function toAdded(cert: X509Certificate, source: string, role?: CertRole): AddedCertificate {
  const subject = cert.subject.split('\n').join(', ');
  const name = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? subject;
  return {
    name,
    subject,
    fingerprint256: cert.fingerprint256,
    role: role ?? (isSelfSigned(cert) ? 'root' : 'intermediate'),
    source,
    pem: cert.toString().trim(),
  };
}

function finish(
  baseSource: TrustSource,
  base: CaBundleResult['base'],
  added: AddedCertificate[],
  rest: Pick<CaBundleResult, 'completesChain' | 'missing' | 'chainError'>,
): CaBundleResult {
  const inBase = new Set(baseSource.certs.map((c) => c.fingerprint256));
  const unique = added.filter(
    (a, i) => !inBase.has(a.fingerprint256) && added.findIndex((b) => b.fingerprint256 === a.fingerprint256) === i,
  );
  const pem =
    [
      ...baseSource.certs.map((c) => c.toString().trim()),
      ...unique.map((a) => `# Added by mcp-doctor: ${a.name} (${a.source}), SHA-256 ${a.fingerprint256}\n${a.pem}`),
    ].join('\n') + '\n';
  return { pem, base, added: unique, ...rest };
}

/** The line to export per client variable for a bundle written to `path`. */
export function bundleExportLines(path: string, platform: NodeJS.Platform = process.platform): Record<BundleVariable, string> {
  const variables = Object.keys(CLIENT_BUNDLE_VARIABLES) as BundleVariable[];
  return Object.fromEntries(variables.map((v) => [v, exportLine(v, path, platform)])) as Record<BundleVariable, string>;
}

/** Writes a file atomically (temporary file + rename) so a client never reads half a bundle. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o644 });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
