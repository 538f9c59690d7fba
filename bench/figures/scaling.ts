import { cpus } from 'node:os';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { scanTokens } from '../../src/core/scan/tokenScan';
import { type BenchLab } from '../lib/lab';
import { trackEngineSockets } from '../lib/socketTracker';
import { describe, summarize } from '../lib/stats';
import { type FigureResult } from '../lib/types';

/** How many diagnoses run at once at most (the rest queue): bounded, like a worker pool. */
export const MAX_CONCURRENT = 16;


async function settledHeapMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function pool<T>(count: number, limit: number, work: (i: number) => Promise<T>): Promise<{ results: T[]; peak: number }> {
  const results: T[] = [];
  let next = 0;
  let active = 0;
  let peak = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      active++;
      peak = Math.max(peak, active);
      results[i] = await work(i);
      active--;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return { results, peak };
}

interface Batch { servers: number; ms: number; ok: number; peakConcurrent: number; tlsOpened: number; socketsOpenAfter: number; heapAfterMb: number }

type Tracker = ReturnType<typeof trackEngineSockets>;

/** N distinct endpoints of the same lab: the same server under N URL spellings is not possible over TLS, so N full diagnoses of its endpoint, each with its own HTTP client and connections. */
async function batch(lab: BenchLab, servers: number, sockets: Tracker): Promise<Batch> {
  const openedBefore = sockets.opened();
  const t = performance.now();
  const { results, peak } = await pool(servers, MAX_CONCURRENT, () => diagnose({ url: lab.url, caFiles: [lab.caFile], token: lab.token, env: {} }));
  const ms = performance.now() - t;
  await new Promise((r) => setTimeout(r, 100));
  const ok = results.filter((r) => r.findings.some((f) => f.code === 'MCP_OK') && !r.findings.some((f) => f.severity === 'error')).length;
  return { servers, ms, ok, peakConcurrent: peak, tlsOpened: sockets.opened() - openedBefore, socketsOpenAfter: sockets.live(), heapAfterMb: await settledHeapMb() };
}

/** Figure 5a: diagnosing 1, 10 and 50 servers. */
export async function serversFigure(lab: BenchLab, reps: number): Promise<FigureResult> {
  const sockets = trackEngineSockets();
  try {
    await batch(lab, 1, sockets);
    const heapBeforeMb = await settledHeapMb();
    const runs: Record<number, Batch[]> = { 1: [], 10: [], 50: [] };
    for (let i = 0; i < reps; i++) for (const n of [1, 10, 50] as const) runs[n].push(await batch(lab, n, sockets));
    return serversResult(runs, heapBeforeMb);
  } finally {
    sockets.stop();
  }
}

function serversResult(runs: Record<number, Batch[]>, heapBeforeMb: number): FigureResult {
  const s = (n: number) => summarize(runs[n]!.map((b) => b.ms));
  const one = s(1);
  const fifty = s(50);
  const r = Math.round((fifty.median / one.median) * 100) / 100;
  const all = Object.values(runs).flat();
  const failed = all.reduce((sum, b) => sum + (b.servers - b.ok), 0);
  const leftOpen = Math.max(...all.map((b) => b.socketsOpenAfter));
  const heapGrowth = Math.max(...all.map((b) => b.heapAfterMb)) - heapBeforeMb;
  const perRun = (n: number) => (runs[n]![0]!.tlsOpened / n).toFixed(1);
  return {
    id: 'servers',
    title: '5a. Scaling: 1, 10 and 50 servers',
    lines: [
      `Each "server" is a full diagnose() (auth probes on) of the healthy lab endpoint with its own HTTP client; at most ${MAX_CONCURRENT} run at once. One nginx (1 worker), one MCP backend and the authorization server (both in this process) answer all of them, on the same ${cpus().length} CPUs as the clients.`,
      `- 1 server: ${describe(one)}`,
      `- 10 servers: ${describe(s(10))}`,
      `- 50 servers: ${describe(fifty)} (peak concurrency ${Math.max(...runs[50]!.map((b) => b.peakConcurrent))})`,
      `50 / 1: **${r}x** (linear would be 50x). Healthy reports: ${all.reduce((sum, b) => sum + b.ok, 0)}/${all.reduce((sum, b) => sum + b.servers, 0)}.`,
      `TLS connections opened by the engine per diagnosis: ${perRun(1)} (1 server), ${perRun(10)} (10), ${perRun(50)} (50); still open 100 ms after a batch: at most ${leftOpen} (counted by wrapping node:tls connect: the TLS step's handshake and the engine's undici connections, see lib/socketTracker.ts).`,
      `Heap after GC: ${heapBeforeMb.toFixed(1)} MB before, growth at most ${heapGrowth.toFixed(1)} MB across ${all.length} batches.`,
    ],
    targets: [
      { target: '50 servers < 5x one server', measured: `${r}x`, holds: failed === 0 ? r < 5 : undefined, note: failed ? `${failed} diagnoses were not healthy` : undefined },
      { target: 'no socket growth (engine sockets all closed after a batch)', measured: `${leftOpen} left open`, holds: leftOpen === 0 },
      { target: 'no memory growth (< 5 MB)', measured: `${heapGrowth.toFixed(1)} MB`, holds: heapGrowth < 5 },
    ],
    data: { runs, ratio: r, leftOpen, heapBeforeMb, heapGrowthMb: heapGrowth },
  };
}

/** A log with real JWTs, opaque bearer values and adversarial runs (long base64url, repeated eyJ). */
export function logText(megabytes: number): string {
  const jwt = 'eyJhbGciOiJSUzI1NiIsImtpZCI6ImxhYi0yMDI1In0.eyJpc3MiOiJodHRwczovL2xvY2FsaG9zdCIsInN1YiI6InVzZXIiLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWdvLWhlcmUtYW5kLW1vcmU';
  const runB64 = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODktXw'.repeat(2000);
  const eyj = 'eyJ'.repeat(40_000);
  const dotted = 'eyJhbGciOi.'.repeat(10_000);
  const block = [
    `2026-11-21T20:00:00Z INFO request id=1 Authorization: Bearer ${jwt}`,
    '2026-11-21T20:00:01Z DEBUG Authorization: Bearer opaque-token-value-1234567890',
    `2026-11-21T20:00:02Z WARN payload=${runB64}`,
    `2026-11-21T20:00:03Z WARN weird=${eyj}`,
    `2026-11-21T20:00:04Z WARN dotted=${dotted}`,
    ...Array.from({ length: 50 }, (_, i) => `2026-11-21T20:00:05Z INFO line ${i} token=${jwt} user=alice path=/mcp status=200`),
  ].join('\n');
  const target = Math.round(megabytes * 1024 * 1024);
  return block.repeat(Math.ceil(target / block.length)).slice(0, target);
}

/** Figure 5b: the JWT scanner over 1, 10 and 50 MB. */
export function scannerFigure(reps: number): FigureResult {
  const sizes = [1, 10, 50];
  const perSize: Record<number, { ms: ReturnType<typeof summarize>; tokens: number; steps: number }> = {};
  for (const mb of sizes) {
    const text = logText(mb);
    scanTokens(text, { maxTokens: Number.MAX_SAFE_INTEGER });
    const times: number[] = [];
    let tokens = 0;
    let steps = 0;
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      const result = scanTokens(text, { maxTokens: Number.MAX_SAFE_INTEGER });
      times.push(performance.now() - t);
      tokens = result.tokens.length;
      steps = result.steps;
    }
    perSize[mb] = { ms: summarize(times), tokens, steps };
  }
  const perMb = (mb: number) => perSize[mb]!.ms.median / mb;
  const linearity = Math.round((perMb(50) / perMb(1)) * 100) / 100;
  const fiftyMs = perSize[50]!.ms.median;
  return {
    id: 'scanner',
    title: '5b. JWT scanner over log text',
    lines: [
      'Log text: real JWTs and opaque `Bearer` values among 160 KB runs of base64url, 120 KB of repeated `eyJ` and 110 KB of `eyJhbGciOi.` per block; every token is collected (maxTokens unbounded).',
      ...sizes.map((mb) => `- ${mb} MB: ${describe(perSize[mb]!.ms)}; ${perSize[mb]!.tokens} tokens, ${perSize[mb]!.steps} steps (${(perSize[mb]!.steps / (mb * 1024 * 1024)).toFixed(2)} per character)`),
      `Cost per MB at 50 MB / at 1 MB: **${linearity}x** (1.0 = perfectly linear).`,
    ],
    targets: [
      { target: '50 MB in < 1 s', measured: `${fiftyMs} ms`, holds: fiftyMs < 1000 },
      { target: 'linear (per-MB cost at 50 MB within 1.5x of 1 MB)', measured: `${linearity}x`, holds: linearity <= 1.5 },
    ],
    data: { perSize, linearity },
  };
}
