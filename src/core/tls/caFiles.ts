import { X509Certificate } from 'node:crypto';
import { makeFinding, type Finding } from '../findings/finding';
import { readBoundedText, readBoundedTextSync } from '../fs/boundedRead';
import { splitPem } from './pem';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The one loader for CA files a client is told to use: --ca / ca_cert_path files and
 * NODE_EXTRA_CA_CERTS, for every front (the diagnosis, `ca-bundle`, `jwt --jwks`, the extension's
 * own fetches). A file that cannot be used is always the same finding, never dropped in silence.
 */
export interface CaFileLoad {
  readonly path: string;
  /** The environment variable that named the file, when one did. */
  readonly variable?: string;
  /** The parsable PEM certificates; empty when `problem` is set. */
  readonly pems: readonly string[];
  /** CONFIG_CA_FILE_MISSING or CONFIG_CA_FILE_INVALID, saying why. */
  readonly problem?: Finding;
}

/** Reads one CA file (bounded; a FIFO or a device is refused, never read). */
export async function loadCaFile(path: string, variable?: string): Promise<CaFileLoad> {
  try {
    return fromText(path, variable, await readBoundedText(path));
  } catch (err) {
    return { path, variable, pems: [], problem: caFileProblem(path, variable, errnoOf(err)) };
  }
}

/** {@link loadCaFile} for synchronous callers (the per-request CA list). */
export function loadCaFileSync(path: string, variable?: string): CaFileLoad {
  try {
    return fromText(path, variable, readBoundedTextSync(path));
  } catch (err) {
    return { path, variable, pems: [], problem: caFileProblem(path, variable, errnoOf(err)) };
  }
}

/** NODE_EXTRA_CA_CERTS (when set) and then the configured files, as a Node client would add them to its roots. */
export async function loadNodeExtraCas(env: Env, caFiles: readonly string[]): Promise<CaFileLoad[]> {
  const named = env.NODE_EXTRA_CA_CERTS ? [loadCaFile(env.NODE_EXTRA_CA_CERTS, 'NODE_EXTRA_CA_CERTS')] : [];
  return Promise.all([...named, ...caFiles.map((path) => loadCaFile(path))]);
}

/**
 * The finding for a CA file that cannot be used. `error` is an errno code (ENOENT, EACCES), ENOTREG /
 * EFBIG from the bounded read, EISDIR, "EMPTY" (no PEM certificate), "UNPARSABLE" or "NOT_HASHED"
 * (a CA directory whose certificates have no `openssl rehash` links).
 */
export function caFileProblem(path: string, variable: string | undefined, error: string): Finding {
  const reason = INVALID_REASONS[error];
  const named = variable ? { variable } : {};
  if (reason)
    return makeFinding('CONFIG_CA_FILE_INVALID', { path, ...named, reason: variable ? `${variable}: ${reason(path)}` : reason(path) });
  return makeFinding('CONFIG_CA_FILE_MISSING', { path, ...named, errorCode: error });
}

const INVALID_REASONS: Record<string, (path: string) => string> = {
  ENOTREG: () => 'it is not a regular file (a directory, a pipe or a device)',
  EISDIR: () => 'it is a directory, where a file is expected',
  EFBIG: () => 'it is larger than 32 MB, far more than any CA bundle',
  EMPTY: () => 'no BEGIN CERTIFICATE block',
  UNPARSABLE: () => 'the PEM blocks do not parse as X.509',
  NOT_HASHED: (path) =>
    `the directory holds certificates but no hash links, so OpenSSL-based clients find none of them: run openssl rehash ${path}`,
};

/**
 * Configured files are small and each block is parsed, so a corrupt one is named. A file named by a
 * variable is often the whole OS bundle (~140 roots, 20-30 ms to parse) and is read on every run:
 * its blocks are taken as they are, as Node takes them, and the trust step checks each one's DER.
 */
function fromText(path: string, variable: string | undefined, text: string): CaFileLoad {
  const blocks = splitPem(text);
  const pems = variable ? blocks : blocks.filter(isParsable);
  if (pems.length > 0) return { path, variable, pems };
  return { path, variable, pems: [], problem: caFileProblem(path, variable, blocks.length ? 'UNPARSABLE' : 'EMPTY') };
}

function errnoOf(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'EIO';
}

function isParsable(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
