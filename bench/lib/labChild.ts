/**
 * Child process for figure 5a: runs the lab (healthy scenario) in its own process, so its CPU
 * (the MCP SDK server, oidc-provider, the lab's TLS) no longer shares the bench's event loop.
 * Prints one JSON line {url, caFile, token, issuer, nginxPid} once ready; stops the lab and exits
 * when stdin closes or on SIGTERM. Started and always stopped by lib/labProcess.ts.
 */
import { startLab, type Lab } from '../../test/lab/index';

let lab: Lab | undefined;
let stopping = false;

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const deadline = setTimeout(() => process.exit(code || 1), 10_000);
  deadline.unref();
  try {
    await lab?.stop();
  } finally {
    process.exit(code);
  }
}

async function main(): Promise<void> {
  process.stdin.on('end', () => void stop(0));
  process.stdin.on('close', () => void stop(0));
  process.stdin.resume();
  process.once('SIGTERM', () => void stop(0));
  lab = await startLab({ scenario: 'healthy' });
  const token = await lab.mintToken({ expiresInSec: 3600 });
  process.stdout.write(`${JSON.stringify({ url: lab.url, caFile: lab.caFile, token, issuer: lab.issuer, nginxPid: lab.nginxPid })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`lab child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  void stop(1);
});
