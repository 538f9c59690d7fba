/**
 * MCP server replicas for the deployment lab: the official SDK's Streamable HTTP transport in this
 * process (`test/servers/sdkStreamable.ts`), or the npm "everything" server as a child process.
 * Every replica keeps its sessions in memory, as real replicas do: a session lives on one of them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startSdkStreamableServer } from '../servers/sdkStreamable';
import { onProcessEnd } from './exitGuard';
import { reservePort } from './net';

export type ReplicaKind = 'sdk' | 'everything';

export interface Replica {
  readonly port: number;
  /** The MCP path on this replica ('/mcp' for both kinds). */
  readonly path: string;
  stop(): Promise<void>;
}

export async function startReplicas(kind: ReplicaKind, count: number): Promise<Replica[]> {
  const replicas: Replica[] = [];
  try {
    for (let i = 0; i < count; i++) replicas.push(kind === 'sdk' ? await startSdkReplica() : await startEverythingReplica());
  } catch (err) {
    await Promise.all(replicas.map((r) => r.stop()));
    throw err;
  }
  return replicas;
}

async function startSdkReplica(): Promise<Replica> {
  const server = await startSdkStreamableServer({ path: '/mcp' });
  return { port: server.port, path: '/mcp', stop: () => server.close() };
}

/** The everything server's entry point, found through its package (no `bin` lookup on PATH). */
export function everythingEntry(): string | undefined {
  try {
    const require = createRequire(__filename);
    return join(dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')), 'dist', 'index.js');
  } catch {
    return undefined;
  }
}

/** `node dist/index.js streamableHttp` with PORT set; ready when it logs that it listens. */
async function startEverythingReplica(): Promise<Replica> {
  const entry = everythingEntry();
  if (!entry) throw new Error('@modelcontextprotocol/server-everything is not installed');
  const port = await reservePort();
  const child = spawn(process.execPath, [entry, 'streamableHttp'], {
    env: { PATH: process.env.PATH ?? '', PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const unguard = onProcessEnd(() => child.kill('SIGKILL'));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    unguard();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, delay(3000).then(() => child.kill('SIGKILL'))]);
  };
  try {
    await waitForOutput(child, /listening on port/i, 10_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, path: '/mcp', stop };
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`everything server did not start within ${timeoutMs} ms: ${text.slice(-300)}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (pattern.test(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`everything server exited (${code}): ${text.slice(-300)}`));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
