import { execFile } from 'node:child_process';

/** How one child process ended. Never throws: a program that is missing is an outcome too. */
export interface SpawnResult {
  /** Exit status, or null when the process was killed (timeout, abort) or never started. */
  readonly exitCode: number | null;
  readonly stdout: string;
  /** Set when the process could not run (ENOENT, EACCES) or was killed (`timeout`, `aborted`). */
  readonly failure?: string;
}

export interface SpawnOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** Runs a program with arguments (no shell). Injectable so unit tests need no real clients. */
export type ProcessSpawner = (command: string, args: readonly string[], options: SpawnOptions) => Promise<SpawnResult>;

/** A probe prints one short JSON line; anything longer is not ours. */
const MAX_OUTPUT_BYTES = 16 * 1024;

export const nodeSpawner: ProcessSpawner = (command, args, options) =>
  new Promise((resolve) => {
    if (options.signal?.aborted) return resolve({ exitCode: null, stdout: '', failure: 'aborted' });
    execFile(
      command,
      [...args],
      {
        env: definedOnly(options.env),
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        signal: options.signal,
        encoding: 'utf8',
        windowsHide: true,
      },
      (error, stdout) => {
        if (!error) return resolve({ exitCode: 0, stdout });
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: string | number };
        if (typeof e.code === 'number') return resolve({ exitCode: e.code, stdout });
        const failure = e.name === 'AbortError' ? 'aborted' : e.killed ? 'timeout' : (e.code ?? 'spawn-failed');
        resolve({ exitCode: null, stdout, failure });
      },
    );
  });

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
