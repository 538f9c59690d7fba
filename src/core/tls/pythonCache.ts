import { stat } from 'node:fs/promises';
import { findOnPath } from '../fs/onPath';
import { type JsonStore } from '../store/jsonStore';
import { execCommand, pythonTlsInfo, type CommandRunner, type PythonTlsInfo } from './system';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * How long an answer from Python is reused across runs. Asking costs 100–200 ms (a pyenv shim is a
 * shell script), most of a CLI run's TLS step; a version switch through a file pyenv reads
 * (~/.pyenv/version) is seen at the latest after this long.
 */
export const PYTHON_CACHE_TTL_MS = 24 * 60 * 60 * 1000;

/** What else decides which interpreter, certifi and OpenSSL configuration `python3` means. */
const SELECTORS = ['PYENV_VERSION', 'VIRTUAL_ENV', 'CONDA_PREFIX', 'PYTHONPATH', 'PYTHONHOME', 'PYTHONNOUSERSITE', 'OPENSSL_CONF'] as const;

interface Remembered {
  readonly executable: string;
  readonly mtimeMs: number;
  readonly selectors: string;
  readonly at: number;
  readonly info: PythonTlsInfo;
}

/** Where the context comes from; injectable for tests. */
export interface PythonCacheContext {
  readonly env?: Env;
  readonly cwd?: string;
  readonly now?: number;
}

/** The platform's default Python command, as `loadTrustSources` runs it. */
export function defaultPythonCommand(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'python' : 'python3';
}

const perProcess = new Map<string, Promise<PythonTlsInfo>>();

/**
 * `pythonTlsInfo`, remembered in `store` across runs when Python runs for real: keyed by the
 * executable found on PATH, its mtime, the current directory and the variables that select an
 * interpreter; reused only while the remembered certifi bundle still exists and for at most a day.
 */
export function pythonTlsInfoFor(python: string, run: CommandRunner, store?: JsonStore): Promise<PythonTlsInfo> {
  if (run !== execCommand || !store || process.platform === 'win32') return pythonTlsInfo(python, run);
  let answer = perProcess.get(python);
  if (!answer) {
    answer = rememberedOrAsked(python, store);
    perProcess.set(python, answer);
  }
  return answer;
}

/** Starts the lookup ahead of the TLS step (it runs alongside DNS and TCP). */
export function prewarmPythonTls(store?: JsonStore): void {
  void pythonTlsInfoFor(defaultPythonCommand(), execCommand, store).catch(() => undefined);
}

/** Exported for tests; `pythonTlsInfoFor` is the entry point. */
export async function rememberedOrAsked(
  python: string,
  store: JsonStore,
  context: PythonCacheContext = {},
  ask = () => pythonTlsInfo(python, execCommand),
): Promise<PythonTlsInfo> {
  const env = context.env ?? process.env;
  const executable = await findOnPath(python, env);
  if (!executable) return ask();
  // v2: the answer now carries httpx / requests / urllib3 versions; an older answer lacks them.
  const key = `python-tls v2 ${executable.path}`;
  const selectors = JSON.stringify([context.cwd ?? process.cwd(), ...SELECTORS.map((name) => env[name] ?? null)]);
  const now = context.now ?? Date.now();
  const remembered = await store.get<Remembered>(key).catch(() => undefined);
  if (remembered && (await stillValid(remembered, { ...executable, selectors, now }))) return remembered.info;
  const info = await ask();
  if (info.certifi) {
    const entry: Remembered = { executable: executable.path, mtimeMs: executable.mtimeMs, selectors, at: now, info };
    await store.set(key, entry).catch(() => undefined);
  }
  return info;
}

async function stillValid(
  remembered: Remembered,
  current: { path: string; mtimeMs: number; selectors: string; now: number },
): Promise<boolean> {
  if (remembered.executable !== current.path || remembered.mtimeMs !== current.mtimeMs || remembered.selectors !== current.selectors)
    return false;
  if (!(current.now - remembered.at >= 0 && current.now - remembered.at < PYTHON_CACHE_TTL_MS)) return false;
  if (typeof remembered.info?.certifi !== 'string') return false;
  return (await stat(remembered.info.certifi).catch(() => undefined))?.isFile() === true;
}
