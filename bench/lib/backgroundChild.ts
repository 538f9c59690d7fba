/**
 * Child process for figure 6 (run with --expose-gc): repeated status-bar checks against the lab,
 * counting every TLS connection this process opens. The lab runs in the parent, so the count is
 * exactly the checker's. Input in env: BENCH_URL, BENCH_CA, BENCH_TOKEN, BENCH_CHECKS, BENCH_MODE
 * ('fresh': what the extension does, a new HTTP client per check; 'shared': one keep-alive client
 * for all checks, passed as DiagnoseOptions.http). Prints one JSON line.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- patching the real node:tls module object */
import type * as tlsTypes from 'node:tls';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { createHttpClient } from '../../src/core/http/client';
import { memoryStore } from '../../src/core/store/jsonStore';

const tls = require('node:tls') as typeof tlsTypes;
const counts = { connects: 0, resumed: 0 };
const originalConnect = tls.connect;
(tls as { connect: unknown }).connect = function (this: unknown, ...args: unknown[]) {
  const socket = (originalConnect as (...a: unknown[]) => tlsTypes.TLSSocket).apply(this, args);
  counts.connects++;
  socket.once('secureConnect', () => void (socket.isSessionReused() && counts.resumed++));
  return socket;
};

async function heapMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 10));
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function main(): Promise<void> {
  const checks = Number(process.env.BENCH_CHECKS ?? 20);
  const shared = process.env.BENCH_MODE === 'shared' ? createHttpClient() : undefined;
  const store = memoryStore();
  const perCheck: number[] = [];
  const durations: number[] = [];
  let healthy = 0;
  let heapAfterFirst = 0;
  for (let i = 0; i < checks; i++) {
    const before = counts.connects;
    const t = performance.now();
    const report = await diagnose({
      url: process.env.BENCH_URL!, caFiles: [process.env.BENCH_CA!], token: process.env.BENCH_TOKEN, env: {},
      timeoutMs: 10_000, store, http: shared, auth: { authProbes: false },
    });
    durations.push(performance.now() - t);
    perCheck.push(counts.connects - before);
    if (!report.findings.some((f) => f.severity === 'error')) healthy++;
    if (i === 0) heapAfterFirst = await heapMb();
  }
  const heapEnd = await heapMb();
  await shared?.close();
  process.stdout.write(JSON.stringify({ checks, healthy, perCheck, durations, resumed: counts.resumed, heapAfterFirst, heapEnd }));
}

main().catch((err: unknown) => {
  process.stdout.write(JSON.stringify({ error: String(err instanceof Error ? err.stack : err) }));
  process.exitCode = 1;
});
