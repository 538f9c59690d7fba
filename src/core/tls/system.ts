import { execFile } from 'node:child_process';
import { findOnPath } from '../fs/onPath';

/** Runs a command and returns its stdout; rejects on failure, timeout or abort. Injectable for tests. */
export type CommandRunner = (command: string, args: readonly string[], options: { readonly timeoutMs: number; readonly signal?: AbortSignal }) => Promise<string>;

export const execCommand: CommandRunner = (command, args, options) =>
  new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: options.timeoutMs, signal: options.signal, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8', windowsHide: true }, (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout);
    });
  });

/** What the local Python's TLS stack looks like; every field optional because Python may be absent. */
export interface PythonTlsInfo {
  /** `certifi.where()`: the bundle httpx and requests use by default. */
  readonly certifi?: string;
  /** `ssl.create_default_context().security_level` (2 on Python 3.10+). */
  readonly securityLevel?: number;
  readonly openssl?: string;
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
