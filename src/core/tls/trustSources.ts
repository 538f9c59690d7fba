import { type X509Certificate } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as tls from 'node:tls';
import { type LoadedCa } from './types';
import { readBoundedText, readRegularTextSync } from '../fs/boundedRead';
import { CertSet } from './certSet';
import { splitPem } from './pem';
import { type JsonStore } from '../store/jsonStore';
import { defaultPythonCommand, pythonTlsInfoFor } from './pythonCache';
import { curlInfoFor } from './curlCache';
import { execCommand, mkcertCaRoot, type CommandRunner, type CurlInfo, type PythonTlsInfo } from './system';
import { type TrustSourceId } from './types';

type Env = Readonly<Record<string, string | undefined>>;

/** One place trust can come from. */
export interface TrustSource {
  readonly id: TrustSourceId;
  readonly label: string;
  /** File, directory or command the certificates came from. */
  readonly origin?: string;
  /** Its certificates, parsed on first access; after `narrowToChain`, only those a chain can meet. */
  readonly certs: readonly X509Certificate[];
  /** How many certificates the source holds (`certs` may be narrowed); `certs.length` when absent. */
  readonly count?: number;
  /** The certificates unparsed, for narrowing (sources read by `loadTrustSources`). */
  readonly set?: CertSet;
  /** The environment variable that selected this source. */
  readonly variable?: string;
  /** Why the source could not be used: an errno code (ENOENT, EACCES), "EMPTY" (no certificate), "NOT_HASHED", or a sentence. */
  readonly unavailable?: string;
  /** What the variable's path is on disk (absent: it does not exist or is not a variable's): clients treat files and directories differently. */
  readonly pathKind?: 'file' | 'directory';
}

/** Where to look; every path and command is injectable so tests use real files and real env vars. */
export interface TrustEnvironmentOptions {
  /** The environment of the client being diagnosed (not necessarily this process's). */
  readonly env: Env;
  readonly platform?: NodeJS.Platform;
  readonly homeDir?: string;
  /** Linux/BSD bundle files to try for the OS store; the first that exists wins (VS Code's order). */
  readonly osBundlePaths?: readonly string[];
  readonly run?: CommandRunner;
  /** Python executable to ask for certifi, or false to never run Python. */
  readonly python?: string | false;
  /** curl executable to ask for its version, or false to never run it (then curl's current rules are assumed). */
  readonly curl?: string | false;
  /** CA files the user configured (--ca), already loaded. */
  readonly userCas?: readonly LoadedCa[];
  readonly signal?: AbortSignal;
  /** Remembers Python's answer across runs (see `pythonTlsInfoFor`); asked on every process start without one. */
  readonly store?: JsonStore;
}

export interface TrustSources {
  readonly list: readonly TrustSource[];
  readonly python: PythonTlsInfo;
  /** The curl on PATH (its trust rules changed across versions); absent when not installed or not asked. */
  readonly curl?: CurlInfo;
  get(id: TrustSourceId): TrustSource | undefined;
}

/** The Linux bundle locations VS Code reads, in its order, plus the BSD/Alpine one. */
export const DEFAULT_OS_BUNDLE_PATHS = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/ssl/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

const ENV_FILE_SOURCES: readonly { id: TrustSourceId; variable: string; label: string }[] = [
  { id: 'node-extra', variable: 'NODE_EXTRA_CA_CERTS', label: 'NODE_EXTRA_CA_CERTS' },
  { id: 'ssl-cert-file', variable: 'SSL_CERT_FILE', label: 'SSL_CERT_FILE' },
  { id: 'ssl-cert-dir', variable: 'SSL_CERT_DIR', label: 'SSL_CERT_DIR' },
  { id: 'requests-ca-bundle', variable: 'REQUESTS_CA_BUNDLE', label: 'REQUESTS_CA_BUNDLE' },
  { id: 'curl-ca-bundle', variable: 'CURL_CA_BUNDLE', label: 'CURL_CA_BUNDLE' },
];

/** Loads every trust source a client on this machine might use. Never throws. */
export async function loadTrustSources(options: TrustEnvironmentOptions): Promise<TrustSources> {
  const run = options.run ?? execCommand;
  const pythonCommand = options.python ?? defaultPythonCommand(options.platform ?? process.platform);
  const [os, python, mkcert, curl, ...envSources] = await Promise.all([
    loadOsStore(options, run),
    pythonCommand === false
      ? Promise.resolve<PythonTlsInfo>({ unavailable: 'Python checks disabled' })
      : pythonTlsInfoFor(pythonCommand, run, options.store),
    loadMkcert(options, run),
    options.curl === false ? Promise.resolve(undefined) : curlInfoFor(options.curl ?? 'curl', run, options.store),
    ...ENV_FILE_SOURCES.filter((s) => options.env[s.variable]).map((s) => loadEnvSource(s, options.env[s.variable]!)),
  ]);
  const bundled = bundledSource();
  const list: TrustSource[] = [bundled, os, ...envSources, await loadCertifi(python, bundled), mkcert];
  const user = userSource(options.userCas ?? []);
  if (user) list.push(user);
  return { list, python, ...(curl ? { curl } : {}), get: (id) => list.find((s) => s.id === id) };
}

/** A source over a set of certificates that parses them only when `certs` is read. */
function fromSet(fields: Omit<TrustSource, 'certs' | 'count' | 'set'>, set: CertSet): TrustSource {
  return {
    ...fields,
    count: set.size,
    set,
    get certs() {
      return set.certificates();
    },
  };
}

/** The number of certificates a source holds, narrowed or not. */
export function certificateCount(source: TrustSource): number {
  return source.count ?? source.certs.length;
}

let bundledSet: CertSet | undefined;

function bundledSource(): TrustSource {
  bundledSet ??= CertSet.fromPems(tls.rootCertificates);
  return fromSet({ id: 'node-bundled', label: "Node's bundled Mozilla roots", origin: `node ${process.version}` }, bundledSet);
}

async function loadOsStore(options: TrustEnvironmentOptions, run: CommandRunner): Promise<TrustSource> {
  const label = 'OS trust store';
  const platform = options.platform ?? process.platform;
  const runtime = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (!options.osBundlePaths && runtime) {
    return fromSet({ id: 'os', label, origin: "tls.getCACertificates('system')" }, CertSet.fromPems(runtime('system')));
  }
  if (platform === 'darwin' && !options.osBundlePaths) return loadMacKeychains(run, options.signal);
  if (platform === 'win32' && !options.osBundlePaths) {
    return {
      id: 'os',
      label,
      certs: [],
      unavailable: 'the Windows certificate store is only readable from Node 22.15+ (tls.getCACertificates)',
    };
  }
  for (const path of options.osBundlePaths ?? DEFAULT_OS_BUNDLE_PATHS) {
    const loaded = await readCertificates(path);
    if (!loaded.error) return fromSet({ id: 'os', label, origin: path }, loaded.set);
  }
  return { id: 'os', label, certs: [], unavailable: 'no CA bundle found at the usual locations' };
}

async function loadMacKeychains(run: CommandRunner, signal?: AbortSignal): Promise<TrustSource> {
  const keychains = [[], ['/System/Library/Keychains/SystemRootCertificates.keychain']];
  const outputs = await Promise.all(
    keychains.map((extra) => run('security', ['find-certificate', '-a', '-p', ...extra], { timeoutMs: 5000, signal }).catch(() => '')),
  );
  const set = CertSet.fromPems(outputs.flatMap(splitPem));
  return fromSet(
    {
      id: 'os',
      label: 'OS trust store',
      origin: 'macOS keychains (security find-certificate)',
      unavailable: set.size ? undefined : 'security find-certificate returned nothing',
    },
    set,
  );
}

async function loadEnvSource(spec: { id: TrustSourceId; variable: string; label: string }, value: string): Promise<TrustSource> {
  const paths = spec.id === 'ssl-cert-dir' ? value.split(delimiter).filter(Boolean) : [value];
  const loaded = await Promise.all(paths.map(readCertificates));
  const set = loaded.length === 1 ? loaded[0]!.set : CertSet.fromPems(loaded.flatMap((l) => l.set.pems));
  const error = set.size ? undefined : (loaded.find((l) => l.error)?.error ?? 'EMPTY');
  const pathKind = loaded.some((l) => l.kind === 'directory') ? 'directory' : loaded.some((l) => l.kind === 'file') ? 'file' : undefined;
  return fromSet(
    { id: spec.id, label: spec.label, variable: spec.variable, origin: value, unavailable: error, ...(pathKind ? { pathKind } : {}) },
    set,
  );
}

async function loadCertifi(python: PythonTlsInfo, bundled: TrustSource): Promise<TrustSource> {
  const label = 'certifi (Python)';
  if (python.certifi) {
    const loaded = await readCertificates(python.certifi);
    if (!loaded.error) return fromSet({ id: 'certifi', label, origin: python.certifi }, loaded.set);
  }
  const why = python.unavailable ?? 'certifi bundle unreadable';
  return fromSet({ id: 'certifi', label, origin: `Node's bundled roots stand in for certifi (${why})` }, bundled.set!);
}

async function loadMkcert(options: TrustEnvironmentOptions, run: CommandRunner): Promise<TrustSource> {
  const label = 'mkcert local CA';
  for (const dir of await mkcertDirs(options, run)) {
    const path = join(dir, 'rootCA.pem');
    const loaded = await readCertificates(path);
    if (!loaded.error) return fromSet({ id: 'mkcert', label, origin: path }, loaded.set);
  }
  return { id: 'mkcert', label, certs: [], unavailable: 'no mkcert CAROOT found' };
}

async function mkcertDirs(options: TrustEnvironmentOptions, run: CommandRunner): Promise<string[]> {
  const { env } = options;
  if (env.CAROOT) return [env.CAROOT];
  const home = options.homeDir ?? env.HOME ?? homedir();
  const platform = options.platform ?? process.platform;
  const fromBinary = await mkcertCaRoot(run);
  const defaults =
    platform === 'darwin'
      ? [join(home, 'Library', 'Application Support', 'mkcert')]
      : platform === 'win32'
        ? env.LOCALAPPDATA
          ? [join(env.LOCALAPPDATA, 'mkcert')]
          : []
        : [join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'mkcert')];
  return [...(fromBinary ? [fromBinary] : []), ...defaults];
}

function userSource(cas: readonly LoadedCa[]): TrustSource | undefined {
  if (cas.length === 0) return undefined;
  return fromSet(
    { id: 'user-ca', label: 'configured CA files (--ca)', origin: cas.map((c) => c.path).join(', ') },
    CertSet.fromPems(cas.flatMap((c) => c.pems)),
  );
}

interface ReadResult {
  readonly set: CertSet;
  readonly error?: string;
  readonly kind?: 'file' | 'directory';
}

const NONE = CertSet.fromPems([]);

const fileCache = new Map<string, ReadResult>();
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_DIR_ENTRIES = 4000;

/** Reads every certificate in a PEM file (or a directory of them), unparsed. Errors become codes, not throws. */
async function readCertificates(path: string): Promise<ReadResult> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return { ...(await readDirectory(path)), kind: 'directory' };
    if (info.size > MAX_FILE_BYTES) return { set: NONE, error: 'EFBIG', kind: 'file' };
    const key = `${path}\0${info.mtimeMs}\0${info.size}`;
    const cached = fileCache.get(key);
    if (cached) return cached;
    const set = CertSet.fromPems(splitPem(await readBoundedText(path, MAX_FILE_BYTES)));
    const result: ReadResult = set.size ? { set, kind: 'file' } : { set, error: 'EMPTY', kind: 'file' };
    if (fileCache.size > 64) fileCache.clear();
    fileCache.set(key, result);
    return result;
  } catch (err) {
    return { set: NONE, error: String((err as { code?: unknown }).code ?? 'EIO') };
  }
}

/** OpenSSL's names in a hashed CA directory: `<subject hash>.<n>` (c_rehash / openssl rehash). */
const HASHED_NAME = /^[0-9a-f]{8}\.\d+$/;

/**
 * The certificates of a CA directory as OpenSSL-based clients (curl, Python) find them: only the
 * hash-named links count (OpenSSL's by_dir lookup opens `<hash>.<n>` and nothing else), which also
 * halves the reads of /etc/ssl/certs. Certificates without links are reported, never counted.
 */
async function readDirectory(dir: string): Promise<ReadResult> {
  const names = (await readdir(dir)).slice(0, MAX_DIR_ENTRIES);
  const hashed = names.filter((n) => HASHED_NAME.test(n));
  const set = CertSet.fromPems(hashed.flatMap((n) => splitPem(readRegularTextSync(join(dir, n), MAX_FILE_BYTES) ?? '')));
  if (set.size) return { set };
  // Only a glance, to say "run openssl rehash": a few certificate-looking files, small reads.
  const unlinked = names
    .filter((n) => /\.(pem|crt|cer)$/i.test(n))
    .slice(0, 8)
    .some((n) => splitPem(readRegularTextSync(join(dir, n), 256 * 1024) ?? '').length > 0);
  return { set, error: unlinked ? 'NOT_HASHED' : 'EMPTY' };
}
