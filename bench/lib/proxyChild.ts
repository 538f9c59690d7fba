/**
 * Child process for figure 5a's latency variant: one lib/latencyProxy.ts relay per target port, in
 * its own process so relaying costs neither the client's nor the lab's CPU. Env: BENCH_TARGET_PORTS
 * (comma-separated), BENCH_ONE_WAY_MS. Prints one JSON line {"<target>": <relay port>, ...}; closes
 * the relays and exits when stdin closes or on SIGTERM.
 */
import { type LatencyProxy, startLatencyProxy } from './latencyProxy';

const proxies: LatencyProxy[] = [];

function stop(code: number): void {
  setTimeout(() => process.exit(code), 2000).unref();
  void Promise.all(proxies.map((p) => p.close())).finally(() => process.exit(code));
}

async function main(): Promise<void> {
  process.stdin.on('close', () => stop(0));
  process.stdin.resume();
  process.once('SIGTERM', () => stop(0));
  const delay = Number(process.env.BENCH_ONE_WAY_MS ?? 10);
  const ports: Record<string, number> = {};
  for (const target of (process.env.BENCH_TARGET_PORTS ?? '').split(',').filter(Boolean).map(Number)) {
    const proxy = await startLatencyProxy(target, delay);
    proxies.push(proxy);
    ports[target] = proxy.port;
  }
  process.stdout.write(`${JSON.stringify(ports)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`proxy child failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  stop(1);
});
