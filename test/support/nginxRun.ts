// A throwaway real nginx for config tests: `nginx -t` on a config, or nginx in the foreground on it.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { nginxBinary } from '../lab/nginx';

/** The lines every test config needs in its http block, so nginx writes nothing outside `dir`. */
export function tempPaths(dir: string): string {
  return ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, 'nginx-temp', t)};`).join('\n  ');
}

/** The main-context lines: pid and error log in `dir`, root's worker user. */
export function mainContext(dir: string): string {
  return `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;\npid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'nginx-error.log')} warn;\nevents { worker_connections 64; }\n`;
}

/** `nginx -t`: resolves with nginx's own verdict (ok and its stderr). */
export async function nginxTest(dir: string, conf: string): Promise<{ ok: boolean; output: string }> {
  await mkdir(join(dir, 'nginx-temp'), { recursive: true });
  return new Promise((resolve) => {
    execFile(
      nginxBinary()!,
      ['-t', '-p', dir, '-c', conf, '-e', join(dir, 'nginx-error.log')],
      { timeout: 10_000 },
      (err, _stdout, stderr) => resolve({ ok: !err, output: stderr }),
    );
  });
}

/** nginx in the foreground on `conf`; resolves once its pid file says every listener is bound. */
export async function runNginx(dir: string, conf: string): Promise<{ stop(): Promise<void> }> {
  await mkdir(join(dir, 'nginx-temp'), { recursive: true });
  const child = spawn(nginxBinary()!, ['-p', dir, '-c', conf, '-e', join(dir, 'nginx-error.log'), '-g', 'daemon off;'], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${readText(join(dir, 'nginx-error.log'))}`);
    if (readText(join(dir, 'nginx.pid')).trim() === String(child.pid)) return { stop };
    await new Promise((r) => setTimeout(r, 25));
  }
  await stop();
  throw new Error('nginx did not start within 5 s');
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
