/**
 * The real nginx (Debian binary) as a child process terminating TLS in front of the lab backend.
 * Everything (config, pid, logs, temp paths) lives in the lab's temp directory.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { onProcessEnd } from './exitGuard';
import { isExecutable } from './proxyProcess';
import { loopbackHosts } from './net';

/** Thrown when no nginx binary can be found (install the Debian `nginx` package, or set NGINX_BIN). */
export class NginxUnavailableError extends Error {
  override readonly name = 'NginxUnavailableError';
  constructor() {
    super('nginx is not installed (apt-get install nginx, or set NGINX_BIN to its path)');
  }
}

/**
 * - `incident`: the configuration that produced `307 Location: http://localhost/mcp/` in real life.
 * - `fixed`: `/mcp` served directly, correct Host and X-Forwarded-Proto.
 * - `plain-http`: like `fixed`, but the port speaks plain HTTP (no `ssl` on the listener).
 */
export type NginxMode = 'incident' | 'fixed' | 'plain-http';

export interface NginxOptions {
  readonly dir: string;
  readonly port: number;
  readonly backendPort: number;
  readonly mode: NginxMode;
  /** Certificate chain file as served (leaf first) and its key; unused for `plain-http`. */
  readonly certFile: string;
  readonly keyFile: string;
}

export interface NginxProcess {
  readonly pid: number;
  readonly port: number;
  /** Fast shutdown (SIGTERM: master stops its workers); SIGKILL after a grace period. Idempotent. */
  stop(): Promise<void>;
}

let binary: string | null | undefined;

/** Path of the nginx binary (NGINX_BIN, PATH, then the usual sbin dirs), or null. Cached. */
export function nginxBinary(): string | null {
  if (binary !== undefined) return binary;
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin'];
  const candidates = [process.env.NGINX_BIN, ...dirs.filter(Boolean).map((d) => join(d, 'nginx'))];
  binary = candidates.find((c): c is string => !!c && isExecutable(c)) ?? null;
  return binary;
}

/** Whether nginx can be started here (tests that need it skip with a printed reason otherwise). */
export function nginxAvailable(): boolean {
  return nginxBinary() !== null;
}

/** Writes the config and starts nginx in the foreground; resolves once the port accepts connections. */
export async function startNginx(options: NginxOptions): Promise<NginxProcess> {
  return runNginx(options.dir, options.port, renderNginxConfig(options, await loopbackHosts()));
}

/**
 * Starts nginx in the foreground with a complete configuration text (the deployment lab writes its
 * own upstream blocks); its pid file must be `dir/nginx.pid`, its logs and temp paths inside `dir`.
 */
export async function runNginx(dir: string, port: number, config: string): Promise<NginxProcess> {
  const bin = nginxBinary();
  if (!bin) throw new NginxUnavailableError();
  const conf = join(dir, 'nginx.conf');
  const errorLog = join(dir, 'nginx-error.log');
  await mkdir(join(dir, 'nginx-temp'), { recursive: true });
  await writeFile(conf, config);
  const child = spawn(bin, ['-p', dir, '-c', conf, '-e', errorLog, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const unguard = onProcessEnd(() => safeKill(child, 'SIGTERM'));
  const stop = once(async () => {
    unguard();
    await terminate(child, exited);
  });
  try {
    await waitForPidFile(join(dir, 'nginx.pid'), child, 5000);
  } catch (err) {
    await stop();
    throw new Error(`nginx did not start: ${(stderr || readLog(errorLog) || String(err)).trim()}`);
  }
  return { pid: child.pid ?? -1, port, stop };
}

/**
 * The start of every lab nginx.conf, up to inside `http {`: one worker, pid, error log and temp paths
 * in the lab's `dir` (as root, workers must run as root to read it).
 */
export function nginxHead(dir: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, 'nginx-temp', t)};`);
  return `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'nginx-error.log')} warn;
events { worker_connections 256; }
http {
  access_log off;
  ${temp.join('\n  ')}`;
}

/** The nginx.conf for a mode (exported so tests and docs can show it). */
export function renderNginxConfig(options: NginxOptions, hosts: readonly string[] = ['127.0.0.1']): string {
  const { dir, port, backendPort, mode } = options;
  const ssl = mode === 'plain-http' ? '' : ' ssl';
  const tls =
    mode === 'plain-http'
      ? []
      : [`ssl_certificate ${options.certFile};`, `ssl_certificate_key ${options.keyFile};`, 'ssl_protocols TLSv1.2 TLSv1.3;'];
  return `# Generated by test/lab/nginx.ts for the MCP Doctor lab (mode: ${mode}).
${nginxHead(dir)}
  upstream mcp_backend { server 127.0.0.1:${backendPort}; keepalive 8; }
  server {
    ${hosts.map((h) => `listen ${h}:${port}${ssl};`).join('\n    ')}
    server_name localhost;
    ${tls.join('\n    ')}
    proxy_http_version 1.1;
    proxy_buffering off;
    proxy_read_timeout 300s;
${mode === 'incident' ? incidentLocations() : fixedLocations()}
  }
}
`;
}

function incidentLocations(): string {
  const proxy = 'proxy_pass http://mcp_backend; proxy_set_header Host $host; proxy_set_header Connection "";';
  return `    # THE INCIDENT. With only "location /mcp/", nginx itself answers POST /mcp with
    # "301 Location: https://localhost:PORT/mcp/" (right URL, but 301 turns POST into GET), so an
    # exact "location = /mcp" was added to hand /mcp to the app. The app (like Starlette/FastMCP
    # redirect_slashes) answers 307 with a URL built from its own scheme (http: TLS ended here)
    # and the Host header, and "$host" carries no port: "Location: http://localhost/mcp/".
    # proxy_redirect cannot help: that Location does not start with the proxy_pass URL.
    location = /mcp { ${proxy} }
    location /mcp/ { ${proxy} }
    location /.well-known/ { ${proxy} }`;
}

function fixedLocations(): string {
  const headers =
    'proxy_set_header Host $http_host; proxy_set_header X-Forwarded-Proto $scheme; proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_set_header Connection "";';
  return `    # FIXED. /mcp is served directly (the upstream URI becomes /mcp/, no redirect at all), and the
    # app sees the Host the client used (with its port) and the original scheme.
    location = /mcp { proxy_pass http://mcp_backend/mcp/; ${headers} }
    location /mcp/ { proxy_pass http://mcp_backend; ${headers} }
    location /.well-known/ { proxy_pass http://mcp_backend; ${headers} }`;
}

/** nginx writes its pid file only after binding every listener: a reliable readiness signal. */
async function waitForPidFile(file: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`nginx exited (${child.exitCode ?? child.signalCode})`);
    if (readText(file).trim() === String(child.pid)) return;
    await delay(10);
  }
  throw new Error(`nginx wrote no pid file within ${timeoutMs} ms`);
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  safeKill(child, 'SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), delay(3000).then(() => false)]);
  if (!graceful) {
    safeKill(child, 'SIGKILL');
    await exited;
  }
}

function safeKill(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    child.kill(signal);
  } catch {
    // already gone
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function readLog(file: string): string {
  return readText(file).split('\n').slice(-5).join('\n');
}
