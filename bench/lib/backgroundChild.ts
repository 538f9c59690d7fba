/**
 * Child process for figure 6 (run with --expose-gc): repeated status-bar checks against the lab,
 * counting every TLS connection this process opens, per port. The lab runs in the parent, so the
 * count is exactly the checker's. Input in env: BENCH_URL, BENCH_CA, BENCH_TOKEN, BENCH_CHECKS,
 * BENCH_SPACING_MS (pause between checks, default 0) and BENCH_MODE:
 * - 'shipped': what the extension runs: one long-lived client per server from the extension's own
 *   BackgroundHttp (default 300 s interval) and diagnose() in background mode;
 * - 'before': what it ran before: a new HTTP client per check, the full TLS step and GET-stream probe.
 * Prints one JSON line.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- patching the real node:tls module object */
import { channel } from 'node:diagnostics_channel';
import type * as tlsTypes from 'node:tls';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { memoryStore } from '../../src/core/store/jsonStore';
import { BackgroundHttp } from '../../src/extension/backgroundHttp';
import { engine } from '../../src/extension/engineBundle';
import { SETTING_DEFAULTS } from '../../src/extension/settings';

const tls = require('node:tls') as typeof tlsTypes;
const byPort = new Map<number, number>();
let resumed = 0;
const originalConnect = tls.connect;
(tls as { connect: unknown }).connect = function (this: unknown, ...args: unknown[]) {
  const socket = (originalConnect as (...a: unknown[]) => tlsTypes.TLSSocket).apply(this, args);
  const options = args.find((a): a is tlsTypes.ConnectionOptions => typeof a === 'object' && a !== null);
  const port = Number(options?.port ?? 0);
  byPort.set(port, (byPort.get(port) ?? 0) + 1);
  socket.once('secureConnect', () => void (socket.isSessionReused() && resumed++));
  return socket;
};
const total = () => [...byPort.values()].reduce((a, b) => a + b, 0);

/**
 * Responses in which the server announced it closes the connection (`Connection: close`, e.g. nginx
 * after keepalive_requests, 1000 by default): the next request needs a new one whatever the client does.
 */
let serverCloses = 0;
channel('undici:request:headers').subscribe((message) => {
  const headers = (message as { response: { headers: Buffer[] } }).response.headers;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (headers[i]!.toString().toLowerCase() === 'connection' && /\bclose\b/i.test(headers[i + 1]!.toString())) serverCloses++;
  }
});

async function heapMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 10));
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function main(): Promise<void> {
  const checks = Number(process.env.BENCH_CHECKS ?? 20);
  const spacingMs = Number(process.env.BENCH_SPACING_MS ?? 0);
  const shipped = process.env.BENCH_MODE === 'shipped';
  const url = process.env.BENCH_URL!;
  const targetPort = Number(new URL(url).port);
  const holder = new BackgroundHttp();
  const http = shipped
    ? holder.clientFor(engine, 'bench', { proxy: {}, env: {}, intervalSeconds: SETTING_DEFAULTS.statusBarIntervalSeconds })
    : undefined;
  const store = memoryStore();
  const perCheck: number[] = [];
  const perCheckTarget: number[] = [];
  const closesBefore: number[] = [];
  const tlsFrom: string[] = [];
  const durations: number[] = [];
  let healthy = 0;
  let heapAfterFirst = 0;
  for (let i = 0; i < checks; i++) {
    if (i > 0 && spacingMs > 0) await new Promise((r) => setTimeout(r, spacingMs));
    const [before, beforeTarget] = [total(), byPort.get(targetPort) ?? 0];
    closesBefore.push(serverCloses);
    const t = performance.now();
    const report = await diagnose({
      url,
      caFiles: [process.env.BENCH_CA!],
      client: 'node',
      token: process.env.BENCH_TOKEN,
      env: {},
      timeoutMs: 10_000,
      store,
      http,
      background: shipped,
      auth: { authProbes: false },
    });
    durations.push(performance.now() - t);
    perCheck.push(total() - before);
    perCheckTarget.push((byPort.get(targetPort) ?? 0) - beforeTarget);
    tlsFrom.push(report.tls?.httpConnection ?? 'own handshake');
    if (!report.findings.some((f) => f.severity === 'error')) healthy++;
    if (i === 0) heapAfterFirst = await heapMb();
  }
  const heapEnd = await heapMb();
  await holder.dispose();
  process.stdout.write(
    JSON.stringify({
      checks,
      spacingMs,
      healthy,
      perCheck,
      perCheckTarget,
      closesBefore,
      serverCloses,
      tlsFrom,
      durations,
      resumed,
      heapAfterFirst,
      heapEnd,
    }),
  );
}

main().catch((err: unknown) => {
  process.stdout.write(JSON.stringify({ error: String(err instanceof Error ? err.stack : err) }));
  process.exitCode = 1;
});
