// Test-only: real clients in child processes, each with exactly the environment the test gives it,
// so trust-matrix predictions are checked against what Node, Python and curl actually do.
import { execFile } from 'node:child_process';

export type RealClient = 'node' | 'python-httpx' | 'python-stdlib' | 'python-requests' | 'curl';

export interface ClientOutcome {
  /** The TLS connection was accepted and an HTTP response (any status) came back. */
  readonly ok: boolean;
  /** The client's error text (first line), for assertion messages. */
  readonly detail: string;
}

const NODE_GET = `
const https = require('node:https');
https.get(process.argv[1], { timeout: 5000 }, (res) => { res.resume(); res.on('end', () => process.exit(0)); })
  .on('error', (e) => { console.error(e.code || e.message); process.exit(2); });`;

// The real httpx (Debian's python3-httpx for /usr/bin/python3): any HTTP status is a completed TLS exchange.
const PYTHON_HTTPX = `
import sys, httpx
httpx.get(sys.argv[1], timeout=5)`;

/**
 * Debian's interpreter, which has httpx, requests and a certifi patched to the OS bundle; the
 * python3 on PATH may be another one (pyenv) without them. The engine is pointed at the same one.
 */
export const PYTHON = '/usr/bin/python3';

const PYTHON_STDLIB = `
import ssl, sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], context=ssl.create_default_context(), timeout=5).read()
except urllib.error.HTTPError:
    pass`;

const PYTHON_REQUESTS = `
import sys, requests
requests.get(sys.argv[1], timeout=5, allow_redirects=False)`;

function command(client: RealClient, url: string): [string, string[]] {
  switch (client) {
    case 'node':
      return [process.execPath, ['-e', NODE_GET, url]];
    case 'python-httpx':
      return [PYTHON, ['-c', PYTHON_HTTPX, url]];
    case 'python-stdlib':
      return [PYTHON, ['-c', PYTHON_STDLIB, url]];
    case 'python-requests':
      return [PYTHON, ['-c', PYTHON_REQUESTS, url]];
    case 'curl':
      return ['curl', ['-sS', '--max-time', '5', '-o', '/dev/null', url]];
  }
}

/** Runs one real client against `url` with only PATH (and HOME) plus `env` set. */
export function runRealClient(
  client: RealClient,
  url: string,
  env: Record<string, string> = {},
  extraArgs: string[] = [],
): Promise<ClientOutcome> {
  const [cmd, args] = command(client, url);
  const childEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
  return new Promise((resolve) => {
    // Each client bounds its own network wait (5 s); this outer bound only catches a stuck process,
    // and is generous because starting Python on a loaded two-CPU machine can take seconds.
    execFile(cmd, [...extraArgs, ...args], { env: childEnv, timeout: 30_000, encoding: 'utf8' }, (err, _stdout, stderr) => {
      if (err?.killed)
        return resolve({
          ok: false,
          detail: `${client} was killed after 30 s without finishing (an overloaded machine, not a TLS verdict)`,
        });
      const lines = stderr.trim().split('\n');
      // curl's own line ("curl: (60) ...") says more than the advice it prints after it.
      const line = lines.find((l) => /^curl: \(\d+\)/.test(l)) ?? lines[lines.length - 1];
      resolve({ ok: !err, detail: err ? (line ?? String(err)) : 'ok' });
    });
  });
}

/** Whether a command exists on PATH (python3 with certifi and requests, curl). */
export function available(cmd: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => execFile(cmd, args, { timeout: 10_000 }, (err) => resolve(!err)));
}
