import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reservePort } from '../../lab/net';
import { waitForPort } from '../../support/net';
import { requires } from '../../support/requires';

export const TINYPROXY = '/usr/bin/tinyproxy';

/** Why the tinyproxy tests cannot run here, or undefined when they can. */
export function tinyproxyMissing(): string | undefined {
  return requires('tinyproxy') || undefined;
}

export interface TinyproxyOptions {
  /** Require these credentials (Proxy-Authorization: Basic). */
  readonly basicAuth?: { readonly user: string; readonly password: string };
  /** Allow CONNECT only to these ports (tinyproxy answers 403 to others). Default: all ports. */
  readonly connectPorts?: readonly number[];
}

export interface RunningProxy {
  /** http://127.0.0.1:<port> (no credentials). */
  readonly url: string;
  readonly port: number;
  /** "host:port" of every CONNECT tinyproxy logged so far. */
  connects(): Promise<string[]>;
  stop(): Promise<void>;
}

function config(port: number, dir: string, opts: TinyproxyOptions): string {
  return (
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 30',
      'Allow 127.0.0.1',
      'MaxClients 50',
      'LogLevel Connect',
      `LogFile "${join(dir, 'tinyproxy.log')}"`,
      `PidFile "${join(dir, 'tinyproxy.pid')}"`,
      ...(opts.basicAuth ? [`BasicAuth ${opts.basicAuth.user} ${opts.basicAuth.password}`] : []),
      ...(opts.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
    ].join('\n') + '\n'
  );
}

/** Resolves once something accepts TCP on the port; at most `tries` attempts, 50 ms apart. */

/** Runs tinyproxy in the foreground on a free loopback port with a generated configuration. */
export async function startTinyproxy(opts: TinyproxyOptions = {}): Promise<RunningProxy> {
  const dir = await mkdtemp(join(tmpdir(), 'mcpd-tinyproxy-'));
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await reservePort();
    const file = join(dir, 'tinyproxy.conf');
    await writeFile(file, config(port, dir, opts));
    const child = spawn(TINYPROXY, ['-d', '-c', file], { stdio: 'ignore' });
    if (await waitForPort(port, () => child.exitCode === null)) {
      const stop = async () => {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
          if (child.exitCode === null) child.kill('SIGKILL');
        }
        await rm(dir, { recursive: true, force: true });
      };
      const connects = async () => {
        const log = await readFile(join(dir, 'tinyproxy.log'), 'utf8').catch(() => '');
        return [...log.matchAll(/Request \(file descriptor \d+\): CONNECT (\S+)/g)].map((m) => m[1]!);
      };
      return { url: `http://127.0.0.1:${port}`, port, connects, stop };
    }
    child.kill('SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error('tinyproxy did not start');
}
