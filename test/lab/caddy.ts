/**
 * The real Caddy (Debian 2.6) as a child process with a Caddyfile, for the deployment lab: a reverse
 * proxy in front of one MCP server (`streamProxies.ts`) or a load balancer over replicas (`balancers.ts`).
 * Its admin endpoint is off and its data and config homes are the lab's temp directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { onProcessEnd } from './exitGuard';

export function caddyBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/local/bin'];
  return dirs
    .filter(Boolean)
    .map((d) => join(d, 'caddy'))
    .find(isExecutable);
}

/** The head of every lab Caddyfile: no admin API (no fixed port 2019 shared by parallel labs), no certificates. */
export const CADDY_GLOBALS = `{
  admin off
  auto_https off
}`;

/** Writes the Caddyfile into `dir` and runs Caddy; resolves with its stop function once `port` accepts connections. */
export async function runCaddy(dir: string, port: number, config: string): Promise<() => Promise<void>> {
  const bin = caddyBinary();
  if (!bin) throw new Error('caddy is not installed');
  const file = join(dir, 'Caddyfile');
  await writeFile(file, config);
  const child = spawn(bin, ['run', '--config', file, '--adapter', 'caddyfile'], {
    env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
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
    await waitForPort(child, port, 10_000);
  } catch (err) {
    await stop();
    throw new Error(`caddy did not start: ${stderr.slice(-500).trim() || String(err)}`);
  }
  return stop;
}

async function waitForPort(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await delay(25);
  }
  throw new Error(`port ${port} not open within ${timeoutMs} ms`);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
