import { execFile } from 'node:child_process';
import { findOnPath } from '../fs/onPath';

/** Runs a command and returns its stdout; rejects on failure, timeout or abort. Injectable for tests. */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options: { readonly timeoutMs: number; readonly signal?: AbortSignal },
) => Promise<string>;

export const execCommand: CommandRunner = (command, args, options) =>
  new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { timeout: options.timeoutMs, signal: options.signal, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8', windowsHide: true },
      (err, stdout) => {
        if (err) reject(err);
        else resolve(stdout);
      },
    );
  });

/** What the local Python's TLS stack looks like; every field optional because Python may be absent. */
export interface PythonTlsInfo {
  /** `certifi.where()`: the bundle httpx and requests use by default. */
  readonly certifi?: string;
  /** `ssl.create_default_context().security_level` (2 on Python 3.10+). */
  readonly securityLevel?: number;
  readonly openssl?: string;
  /** `httpx.__version__` / `requests.__version__` when installed: their trust rules differ by version. */
  readonly httpx?: string;
  readonly requests?: string;
  /** urllib3 1.x (under requests) still falls back to the CN; 2.x never does. */
  readonly urllib3?: string;
  /** Why nothing could be learned (no python3, no certifi, timeout). */
  readonly unavailable?: string;
}

const PYTHON_PROBE = [
  'import json, ssl',
  'out = {"securityLevel": ssl.create_default_context().security_level, "openssl": ssl.OPENSSL_VERSION}',
  'try:',
  '    import certifi; out["certifi"] = certifi.where()',
  'except Exception:',
  '    pass',
  'for name in ("httpx", "requests", "urllib3"):',
  '    try:',
  '        out[name] = __import__(name).__version__',
  '    except Exception:',
  '        pass',
  'print(json.dumps(out))',
].join('\n');

const pythonCache = new Map<string, Promise<PythonTlsInfo>>();

/** Asks python3 (once per process and command) where certifi lives and how strict its ssl is. */
export function pythonTlsInfo(python: string, run: CommandRunner, timeoutMs = 4000): Promise<PythonTlsInfo> {
  const key = `${python}\0${run === execCommand ? 'exec' : 'custom'}`;
  let cached = pythonCache.get(key);
  if (!cached) {
    cached = probePython(python, run, timeoutMs);
    if (run === execCommand) pythonCache.set(key, cached);
  }
  return cached;
}

async function probePython(python: string, run: CommandRunner, timeoutMs: number): Promise<PythonTlsInfo> {
  try {
    const parsed = JSON.parse(await run(python, ['-c', PYTHON_PROBE], { timeoutMs })) as Record<string, unknown>;
    const info: PythonTlsInfo = {
      certifi: typeof parsed.certifi === 'string' ? parsed.certifi : undefined,
      securityLevel: typeof parsed.securityLevel === 'number' ? parsed.securityLevel : undefined,
      openssl: typeof parsed.openssl === 'string' ? parsed.openssl : undefined,
      ...(typeof parsed.httpx === 'string' ? { httpx: parsed.httpx } : {}),
      ...(typeof parsed.requests === 'string' ? { requests: parsed.requests } : {}),
      ...(typeof parsed.urllib3 === 'string' ? { urllib3: parsed.urllib3 } : {}),
    };
    return info.certifi ? info : { ...info, unavailable: 'certifi is not installed for ' + python };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { unavailable: code === 'ENOENT' ? `${python} not found` : `${python} did not answer (${String(code ?? 'error')})` };
  }
}

let mkcertRoot: Promise<string | undefined> | undefined;

/**
 * `mkcert -CAROOT`, when the mkcert binary exists. Asked once per process with the real runner
 * (like Python): a process spawn per diagnosis was the largest single cost of a warm run.
 */
export function mkcertCaRoot(run: CommandRunner): Promise<string | undefined> {
  if (run !== execCommand) return askMkcert(run);
  // Spawning a command that is not installed still costs a fork: look on PATH first.
  mkcertRoot ??= findOnPath('mkcert', process.env).then((found) => (found ? askMkcert(run) : undefined));
  return mkcertRoot;
}

async function askMkcert(run: CommandRunner): Promise<string | undefined> {
  try {
    const out = (await run('mkcert', ['-CAROOT'], { timeoutMs: 3000 })).trim();
    return out || undefined;
  } catch {
    return undefined;
  }
}

/** The curl on PATH: its version decides how it combines SSL_CERT_FILE and SSL_CERT_DIR. */
export interface CurlInfo {
  readonly version?: string;
}

const curlCache = new Map<string, Promise<CurlInfo | undefined>>();

/** `curl --version` (first line "curl 7.88.1 (...)"), once per process with the real runner; undefined when curl is absent. */
export function curlInfo(command: string, run: CommandRunner): Promise<CurlInfo | undefined> {
  if (run !== execCommand) return askCurl(command, run);
  let cached = curlCache.get(command);
  if (!cached) {
    cached = findOnPath(command, process.env).then((found) => (found ? askCurl(command, run) : undefined));
    curlCache.set(command, cached);
  }
  return cached;
}

async function askCurl(command: string, run: CommandRunner): Promise<CurlInfo | undefined> {
  try {
    const version = /^curl (\d+\.\d+(?:\.\d+)?)/.exec(await run(command, ['--version'], { timeoutMs: 3000 }))?.[1];
    return version ? { version } : undefined;
  } catch {
    return undefined;
  }
}
