/**
 * Running a real proxy (Caddy, haproxy) as a child process for the lab: finding its binary, starting
 * it, waiting until its port accepts connections, and stopping it (SIGTERM, then SIGKILL after 3 s).
 * A lab that exits early still kills it (exitGuard).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { onProcessEnd } from './exitGuard';

/** `name` on PATH, then in `extraDirs`; undefined when none is executable. */
export function findExecutable(name: string, extraDirs: readonly string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs];
  return dirs
    .filter(Boolean)
    .map((d) => join(d, name))
    .find(isExecutable);
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface ListeningProcessOptions {
  /** For the error message: `<name> did not start: …`. */
  readonly name: string;
  readonly bin: string;
  readonly args: readonly string[];
  /** The child's whole environment; the parent's when absent. */
  readonly env?: NodeJS.ProcessEnv;
  readonly port: number;
  readonly timeoutMs: number;
}

/** Starts the process; resolves with its stop function once `port` accepts connections, or stops it and throws with its stderr. */
export async function startListeningProcess(options: ListeningProcessOptions): Promise<() => Promise<void>> {
  const child = spawn(options.bin, [...options.args], {
    ...(options.env ? { env: options.env } : {}),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const unguard = onProcessEnd(() => child.kill('SIGKILL'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    unguard();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, delay(3000).then(() => child.kill('SIGKILL'))]);
  };
  try {
    await waitForPort(child, options.port, options.timeoutMs);
  } catch (err) {
    await stop();
    throw new Error(`${options.name} did not start: ${stderr.slice(-500).trim() || String(err)}`);
  }
  return stop;
}

async function waitForPort(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
    if (await accepts(port)) return;
    await delay(25);
  }
  throw new Error(`port ${port} not open within ${timeoutMs} ms`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
