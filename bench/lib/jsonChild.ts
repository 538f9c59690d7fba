import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A helper process (a bench/lib script run with tsx) that printed one JSON line when ready. */
export interface JsonChild<T> {
  readonly ready: T;
  readonly pid: number;
  /** Closes its stdin (the script stops and exits); SIGKILL after 10 s, then `afterKill`. Idempotent. */
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Spawns `node --import tsx bench/lib/<script>` with `env` added and waits (bounded) for its first
 * stdout line, parsed as JSON. On any failure the child is killed before rejecting. The script
 * must exit when its stdin closes.
 */
export async function startJsonChild<T>(
  script: string,
  env: Record<string, string> = {},
  afterKill?: (ready: T | undefined) => void,
): Promise<JsonChild<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, script)], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => void (stderr = (stderr + c.toString()).slice(-4000)));
  let ready: T | undefined;
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= stopChild(child, () => afterKill?.(ready)));
  try {
    ready = await readyLine<T>(child, script, () => stderr);
    return { ready, pid: child.pid!, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function readyLine<T>(child: ChildProcess, script: string, stderr: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`${script} ${why}: ${stderr()}`));
    };
    const timer = setTimeout(() => fail(`not ready within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (err) => fail(`could not start (${err.message})`));
    child.once('exit', (code) => fail(`exited with ${code}`));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, out.indexOf('\n'))) as T);
      } catch {
        reject(new Error(`${script} printed no JSON: ${out}`));
      }
    });
  });
}

async function stopChild(child: ChildProcess, afterKill: () => void): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.stdin?.end();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    exited.then(() => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), STOP_TIMEOUT_MS))),
  ]);
  clearTimeout(timer);
  if (!timedOut) return;
  child.kill('SIGKILL');
  await exited;
  afterKill();
}
