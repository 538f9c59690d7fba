/**
 * The real Caddy (Debian 2.6) as a child process with a Caddyfile, for the deployment lab: a reverse
 * proxy in front of one MCP server (`streamProxies.ts`) or a load balancer over replicas (`balancers.ts`).
 * Its admin endpoint is off and its data and config homes are the lab's temp directory.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findExecutable, startListeningProcess } from './proxyProcess';

export function caddyBinary(): string | undefined {
  return findExecutable('caddy', ['/usr/bin', '/usr/local/bin']);
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
  return startListeningProcess({
    name: 'caddy',
    bin,
    args: ['run', '--config', file, '--adapter', 'caddyfile'],
    env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
    port,
    timeoutMs: 10_000,
  });
}
