import { type TrustSource, type TrustSources } from './trustSources';
import { type ClientId } from './types';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Which stores one client reads with a given environment, and whether it cannot start at all.
 * Each rule below is written down, with its source, in docs/client-trust.md (one section per
 * client); change both together.
 */
export interface StoreChoice {
  readonly stores: readonly TrustSource[];
  /** A store the client was told to use and cannot load: every HTTPS request then fails. */
  readonly broken?: { readonly source: TrustSource; readonly why: string };
  /** Which rule applied, for the matrix's "trust from" text (e.g. "curl 7.88: SSL_CERT_DIR hides SSL_CERT_FILE"). */
  readonly rule?: string;
}

/** The sources a rule can pick from, already loaded (see loadTrustSources). */
interface Ctx {
  readonly env: Env;
  readonly sources: TrustSources;
}

const VARIABLE_SOURCE = {
  SSL_CERT_FILE: 'ssl-cert-file',
  SSL_CERT_DIR: 'ssl-cert-dir',
  REQUESTS_CA_BUNDLE: 'requests-ca-bundle',
  CURL_CA_BUNDLE: 'curl-ca-bundle',
} as const;

/** The source a variable selects; an empty value counts as unset (curl_getenv, Python's `or`, httpx's truthiness). */
function fromVariable(ctx: Ctx, variable: keyof typeof VARIABLE_SOURCE): TrustSource | undefined {
  return ctx.env[variable] ? ctx.sources.get(VARIABLE_SOURCE[variable]) : undefined;
}

function os(ctx: Ctx): TrustSource {
  return ctx.sources.get('os')!;
}

function isFile(source: TrustSource): boolean {
  return source.pathKind === 'file';
}

function isDirectory(source: TrustSource): boolean {
  return source.pathKind === 'directory';
}

/** A CA *file* that OpenSSL's SSL_CTX_load_verify_file / load_verify_locations(cafile=) refuses. */
function unloadableFile(source: TrustSource): string | undefined {
  if (source.pathKind === 'directory') return 'EISDIR';
  return source.unavailable;
}

/** Major and minor of a "7.88.1" / "0.23.3" version, or undefined. */
export function versionOf(text: string | undefined): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(text ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

function atLeast(version: [number, number] | undefined, major: number, minor: number): boolean {
  return version !== undefined && (version[0] > major || (version[0] === major && version[1] >= minor));
}

/**
 * The curl tool (src/tool_operate.c): CURL_CA_BUNDLE alone if set; otherwise curl up to 7.88 takes
 * SSL_CERT_DIR *instead of* SSL_CERT_FILE, and later versions (cacertpaths()) take both. What the tool
 * does not set keeps libcurl's built-in CAfile / CApath (Debian: the OS bundle and /etc/ssl/certs).
 * A CAfile that cannot be loaded is curl error 77; a CApath that does not exist only finds nothing.
 */
export function curlStores(ctx: Ctx, curlVersion: string | undefined): StoreChoice {
  const bundle = fromVariable(ctx, 'CURL_CA_BUNDLE');
  const dir = fromVariable(ctx, 'SSL_CERT_DIR');
  const file = fromVariable(ctx, 'SSL_CERT_FILE');
  const oldRule = !atLeast(versionOf(curlVersion), 8, 0);
  const capath = bundle ? undefined : dir;
  const cafile = bundle ?? (dir && oldRule ? undefined : file);
  const rule =
    !bundle && dir && file && oldRule ? `curl ${curlVersion ?? '7.x'} ignores SSL_CERT_FILE while SSL_CERT_DIR is set` : undefined;
  // The built-in CAfile and CApath (Debian: /etc/ssl/certs/ca-certificates.crt and /etc/ssl/certs) are the OS store.
  const stores = unique([cafile ?? os(ctx), capath ?? os(ctx)]);
  const error = cafile ? unloadableFile(cafile) : undefined;
  return { stores, ...(rule ? { rule } : {}), ...(cafile && error ? { broken: { source: cafile, why: error } } : {}) };
}

/**
 * Python's ssl.create_default_context() → load_default_certs() → OpenSSL's
 * X509_STORE_set_default_paths: SSL_CERT_FILE (else OPENSSLDIR/cert.pem) AND SSL_CERT_DIR (else
 * OPENSSLDIR/certs), both, load errors ignored. On Debian both defaults are the OS store.
 */
export function pythonSslStores(ctx: Ctx): StoreChoice {
  const file = fromVariable(ctx, 'SSL_CERT_FILE');
  const dir = fromVariable(ctx, 'SSL_CERT_DIR');
  // A file variable naming a directory loads nothing (X509_LOOKUP_load_file fails, silently).
  const fileStore = file ? (isDirectory(file) ? undefined : file) : os(ctx);
  const dirStore = dir ?? os(ctx);
  return { stores: unique([fileStore, dirStore].filter((s): s is TrustSource => s !== undefined)) };
}

function unique(stores: readonly TrustSource[]): TrustSource[] {
  return stores.filter((s, i) => stores.indexOf(s) === i);
}

/**
 * httpx. 0.23–0.27 (_utils.get_ca_bundle_from_env + _config.SSLConfig.load_ssl_context_verify):
 * SSL_CERT_FILE if it is a file, else SSL_CERT_DIR if it is a directory, else certifi; a path that is
 * neither is skipped silently. 0.28+ (_config.create_ssl_context): SSL_CERT_FILE if set (missing:
 * the client fails), else SSL_CERT_DIR if set, else certifi. Never the OS defaults.
 */
export function httpxStores(ctx: Ctx, httpxVersion: string | undefined): StoreChoice {
  const certifi = ctx.sources.get('certifi')!;
  const file = fromVariable(ctx, 'SSL_CERT_FILE');
  const dir = fromVariable(ctx, 'SSL_CERT_DIR');
  if (isModernHttpx(httpxVersion)) {
    if (file) return { stores: [file], ...(unloadableFile(file) ? { broken: { source: file, why: unloadableFile(file)! } } : {}) };
    if (dir) return { stores: [dir] };
    return { stores: [certifi] };
  }
  if (file && isFile(file)) return { stores: [file], ...(file.unavailable ? { broken: { source: file, why: file.unavailable } } : {}) };
  if (dir && isDirectory(dir)) return { stores: [dir] };
  const skipped = [file, dir].filter((s) => s !== undefined).map((s) => s!.variable);
  return {
    stores: [certifi],
    ...(skipped.length
      ? {
          rule: `httpx < 0.28 skips ${skipped.join(' and ')} (not an existing ${skipped.length > 1 ? 'file / directory' : isDirOnly(skipped) ? 'directory' : 'file'})`,
        }
      : {}),
  };
}

/**
 * httpx 0.28+ rules; also when the version is unknown (httpx not installed for the Python we asked):
 * a fresh `pip install mcp` brings the current httpx.
 */
export function isModernHttpx(version: string | undefined): boolean {
  return version === undefined || atLeast(versionOf(version), 0, 28);
}

/** urllib3 1.26 (Debian 12's requests) still matches the CN when there is no DNS SAN; 2.x (and an unknown version) never does. */
export function urllib3FallsBackToCn(version: string | undefined): boolean {
  const v = versionOf(version);
  return v !== undefined && v[0] < 2;
}

function isDirOnly(variables: readonly (string | undefined)[]): boolean {
  return variables.length === 1 && variables[0] === 'SSL_CERT_DIR';
}

/**
 * requests (sessions.Session.merge_environment_settings, adapters.HTTPAdapter.cert_verify):
 * REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE, else certifi; a path that does not exist raises OSError
 * on every request; a directory is used as ca_cert_dir.
 */
export function requestsStores(ctx: Ctx): StoreChoice {
  const chosen = fromVariable(ctx, 'REQUESTS_CA_BUNDLE') ?? fromVariable(ctx, 'CURL_CA_BUNDLE');
  if (!chosen) return { stores: [ctx.sources.get('certifi')!] };
  const why = isDirectory(chosen) ? undefined : chosen.unavailable;
  return { stores: [chosen], ...(why ? { broken: { source: chosen, why } } : {}) };
}

/** Client ids whose stores come from this module. */
export type RuledClient = Extract<ClientId, 'curl' | 'python-ssl' | 'python-httpx' | 'python-requests'>;
