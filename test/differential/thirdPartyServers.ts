// Test-only: TLS servers nobody here wrote, each a child process bound to 127.0.0.1 on a free port,
// serving certificate files made at test time: Debian's Caddy and uvicorn (Starlette), and the npm
// "everything" MCP server (plain HTTP, put behind the lab's nginx by the test).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { closedPort, waitForPort } from '../support/net';
import { missingReason, requires } from '../support/requires';

export interface ChildServer {
  readonly port: number;
  stop(): Promise<void>;
}

/** Where each third-party server's binary lives; a test skips with this reason when one is absent. */
export function missingServer(kind: 'caddy' | 'uvicorn' | 'everything'): string | undefined {
  // The paths these servers are started from, so a caddy elsewhere on PATH does not count.
  if (kind === 'caddy') return existsSync('/usr/bin/caddy') ? undefined : missingReason(['caddy']);
  if (kind === 'uvicorn') return requires('python3-uvicorn', 'python3-starlette') || undefined;
  return existsSync(EVERYTHING_BIN) ? undefined : missingReason(['server-everything']);
}

const EVERYTHING_BIN = join(__dirname, '..', '..', 'node_modules', '.bin', 'mcp-server-everything');

/** Caddy 2 with a Caddyfile using our certificate files: no admin API, storage in `dir`, no ACME, no port 80. */
export async function startCaddy(dir: string, certFile: string, keyFile: string): Promise<ChildServer> {
  const port = await closedPort();
  const caddyfile = join(dir, 'Caddyfile');
  writeFileSync(
    caddyfile,
    `{
  admin off
  auto_https off
  storage file_system ${join(dir, 'caddy-storage')}
}
https://localhost:${port} {
  bind 127.0.0.1
  tls ${certFile} ${keyFile}
  respond "caddy ok" 200
}
`,
  );
  const env = { PATH: '/usr/bin:/bin', HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
  return startChild('/usr/bin/caddy', ['run', '--config', caddyfile, '--adapter', 'caddyfile'], env, port);
}

/** uvicorn serving a two-line Starlette app over TLS (Debian's /usr/bin/python3). */
export async function startUvicorn(dir: string, certFile: string, keyFile: string): Promise<ChildServer> {
  const port = await closedPort();
  writeFileSync(
    join(dir, 'tlsapp.py'),
    [
      'from starlette.applications import Starlette',
      'from starlette.responses import PlainTextResponse',
      'from starlette.routing import Route',
      'async def home(request):',
      '    return PlainTextResponse("uvicorn ok")',
      'app = Starlette(routes=[Route("/", home)])',
      '',
    ].join('\n'),
  );
  const args = [
    '-m',
    'uvicorn',
    'tlsapp:app',
    '--app-dir',
    dir,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--ssl-certfile',
    certFile,
    '--ssl-keyfile',
    keyFile,
    '--log-level',
    'warning',
  ];
  return startChild('/usr/bin/python3', args, { PATH: '/usr/bin:/bin', HOME: dir }, port);
}

/** The npm "everything" MCP server, Streamable HTTP on a free port (plain HTTP: nginx terminates TLS). */
export async function startEverything(): Promise<ChildServer> {
  const port = await closedPort();
  return startChild(
    process.execPath,
    [EVERYTHING_BIN, 'streamableHttp'],
    { PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: String(port) },
    port,
  );
}

async function startChild(command: string, args: string[], env: Record<string, string>, port: number): Promise<ChildServer> {
  const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const stop = () => stopChild(child);
  if (!(await waitForPort(port, () => child.exitCode === null && child.signalCode === null, 200))) {
    await stop();
    throw new Error(`${command} did not listen on ${port}: ${stderr.trim()}`);
  }
  return { port, stop };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
