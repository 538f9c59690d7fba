import { describe, summarize } from '../lib/stats';
import { type FigureResult, type TargetCheck } from '../lib/types';

/** How many diagnoses run at once at most (the rest queue): `check`'s default --concurrency. */
export const MAX_CONCURRENT = 16;
/** Loopback target: 50 servers' wall time at most this multiple of the CPU floor. */
export const FLOOR_FACTOR = 1.25;
/** Loopback target: the client's CPU per server at 50 at most this multiple of that at 1 (it must not grow with the batch). */
export const CLIENT_GROWTH_LIMIT = 1.1;
/** The latency variant's one-way delay (a ~20 ms round trip, like a server in the same region). */
export const ONE_WAY_DELAY_MS = 10;
export const BATCH_SIZES = [1, 10, 50] as const;
/** 1-server batches per repetition (10- and 50-server batches: one each). */
export const ONE_SERVER_SAMPLES = 5;

/** CPU milliseconds spent during a batch, per process, and by the whole machine (/proc/stat: every process, every CPU). */
export interface CpuSplit {
  readonly clientMs: number;
  readonly labMs: number;
  readonly nginxMs: number;
  readonly relayMs: number;
  readonly machineBusyMs: number;
  readonly machineIdleMs: number;
}

export interface Batch {
  readonly servers: number;
  readonly ms: number;
  readonly ok: number;
  readonly peakConcurrent: number;
  readonly tlsOpened: number;
  readonly socketsOpenAfter: number;
  readonly heapAfterMb: number;
  readonly cpu: CpuSplit;
}

export type Runs = Record<number, Batch[]>;

/** Per diagnosis, and the share of the machine's CPU time (all CPUs, over the batches) used by the bench's processes (relay included), by other processes and left idle. */
interface PerDiagnosis {
  readonly clientMs: number;
  readonly labMs: number;
  readonly nginxMs: number;
  readonly relayMs: number;
  readonly totalMs: number;
  readonly ownShare: number;
  readonly otherShare: number;
  readonly idleShare: number;
}

export interface Measured {
  readonly loopback: Runs;
  readonly delayed: Runs;
  readonly heapBeforeMb: number;
  readonly cores: number;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const pct = (share: number) => `${Math.round(share * 100)}%`;
const wall = (runs: Runs, n: number) => summarize(runs[n]!.map((b) => b.ms));

/** CPU per diagnosis of each side, over every batch of that size (a sum: /proc counts in 10 ms ticks). */
function cpuPerDiagnosis(batches: readonly Batch[]): PerDiagnosis {
  const diagnoses = batches.reduce((sum, b) => sum + b.servers, 0);
  const sum = (key: keyof CpuSplit) => batches.reduce((total, b) => total + b.cpu[key], 0);
  const per = (key: keyof CpuSplit) => round(sum(key) / diagnoses, 1);
  const split = { clientMs: per('clientMs'), labMs: per('labMs'), nginxMs: per('nginxMs'), relayMs: per('relayMs') };
  const totalMs = round(split.clientMs + split.labMs + split.nginxMs, 1);
  const capacity = sum('machineBusyMs') + sum('machineIdleMs');
  return {
    ...split,
    totalMs,
    ownShare: round((sum('clientMs') + sum('labMs') + sum('nginxMs') + sum('relayMs')) / capacity, 2),
    // Per-process and machine counters tick separately: a difference of a few ticks can go below 0.
    otherShare: round(Math.max(0, sum('machineBusyMs') - sum('clientMs') - sum('labMs') - sum('nginxMs') - sum('relayMs')) / capacity, 2),
    idleShare: round(sum('machineIdleMs') / capacity, 2),
  };
}

function cpuLine(label: string, batches: readonly Batch[], withRelay = false): string {
  const c = cpuPerDiagnosis(batches);
  const relay = withRelay ? `; relay process ${c.relayMs} ms (not counted)` : '';
  const machine = `machine CPU: ${pct(c.ownShare)} these processes, ${pct(c.otherShare)} other processes, ${pct(c.idleShare)} idle`;
  return `- ${label}: client ${c.clientMs} ms + lab ${c.labMs} ms + nginx ${c.nginxMs} ms = **${c.totalMs} ms** per diagnosis${relay} (${machine})`;
}

function healthy(runs: Runs): { ok: number; all: number } {
  const all = Object.values(runs).flat();
  return { ok: all.reduce((sum, b) => sum + b.ok, 0), all: all.reduce((sum, b) => sum + b.servers, 0) };
}

function ratioOf(runs: Runs): number {
  return round(wall(runs, 50).median / wall(runs, 1).median);
}

/** Numbers derived from both series. */
interface Derived {
  readonly wall50: number;
  readonly floorFactor: number;
  readonly sharedFloorFactor: number;
  readonly client1: number;
  readonly client50: number;
  readonly ratio: number;
  readonly delayedRatio: number;
  readonly cpu50: PerDiagnosis;
  readonly floorMs: number;
  readonly floorRatio: number;
  readonly batches: number;
  readonly leftOpen: number;
  readonly heapGrowthMb: number;
  readonly okLoop: { ok: number; all: number };
  readonly okDelayed: { ok: number; all: number };
}

function derive(m: Measured): Derived {
  const cpu50 = cpuPerDiagnosis(m.loopback[50]!);
  const floorMs = round((cpu50.totalMs * 50) / m.cores, 0);
  const all = [...Object.values(m.loopback).flat(), ...Object.values(m.delayed).flat()];
  const wall50 = wall(m.loopback, 50).median;
  return {
    // Other processes' share of the machine during the 50-server batches is CPU the run could not have: the floor scaled by what was left.
    wall50,
    floorFactor: round(wall50 / floorMs),
    sharedFloorFactor: round(wall50 / (floorMs / Math.max(0.05, 1 - cpu50.otherShare))),
    client1: cpuPerDiagnosis(m.loopback[1]!).clientMs,
    client50: cpu50.clientMs,
    ratio: ratioOf(m.loopback),
    delayedRatio: ratioOf(m.delayed),
    cpu50,
    floorMs,
    floorRatio: round(floorMs / wall(m.loopback, 1).median, 1),
    batches: all.length,
    leftOpen: Math.max(...all.map((b) => b.socketsOpenAfter)),
    heapGrowthMb: Math.max(...all.map((b) => b.heapAfterMb)) - m.heapBeforeMb,
    okLoop: healthy(m.loopback),
    okDelayed: healthy(m.delayed),
  };
}

const plural = (n: number) => `${n} server${n > 1 ? 's' : ''}`;

function series(runs: Runs): string[] {
  const peak = Math.max(...runs[50]!.map((b) => b.peakConcurrent));
  return BATCH_SIZES.map((n) => `- ${plural(n)}: ${describe(wall(runs, n))}${n === 50 ? ` (peak concurrency ${peak})` : ''}`);
}

function lines(m: Measured, d: Derived): string[] {
  const rtt = 2 * ONE_WAY_DELAY_MS;
  const perRun = (n: number) => (m.loopback[n]![0]!.tlsOpened / n).toFixed(1);
  const budget = round((5 * wall(m.loopback, 1).median * m.cores) / 50, 1);
  return [
    `Each batch is \`mcp-doctor check\` in process (src/cli/check: discovery of a .vscode/mcp.json with N entries, then runCheck) over N servers, each a full diagnose() (auth probes on) of the healthy lab endpoint with its own HTTP client and the token from \`\${env:LAB_TOKEN}\`; at most ${MAX_CONCURRENT} run at once (check's default --concurrency), after an untimed warm-up batch; per repetition the 1-server batch runs ${ONE_SERVER_SAMPLES} times, the others once, plain loopback then latency. The lab (MCP SDK server + oidc-provider) runs in a child process and nginx (1 worker) in its own, on the same ${m.cores} CPUs as the client.`,
    '',
    '**Plain loopback** (the target):',
    ...series(m.loopback),
    `50 / 1: **${d.ratio}x** (linear would be 50x). Healthy reports: ${d.okLoop.ok}/${d.okLoop.all}.`,
    '',
    'CPU per diagnosis on plain loopback (the bench process by process.cpuUsage(); the lab child and the nginx master + worker by /proc/<pid>/stat utime+stime, 10 ms ticks, so the 1-server row is rough), summed over each batch size:',
    ...BATCH_SIZES.map((n) => cpuLine(plural(n), m.loopback[n]!)),
    `CPU floor: 50 × ${d.cpu50.totalMs} ms / ${m.cores} CPUs = ${d.floorMs} ms for 50 diagnoses however they are scheduled, i.e. **${d.floorRatio}x** the 1-server wall time; the 50-server check took ${round(d.wall50, 0)} ms, **${d.floorFactor}x the floor** (target ≤ ${FLOOR_FACTOR}x); other processes took ${pct(d.cpu50.otherShare)} of the machine meanwhile, and against the floor on the CPU left to this run (floor / ${round(1 - d.cpu50.otherShare)}) it is ${d.sharedFloorFactor}x. On this machine 5x one server would need a diagnosis (client + servers) to cost under ${budget} ms of CPU in all.`,
    `Client CPU per server: ${d.client1} ms at 1 server, ${d.client50} ms at 50 (target: at most ${CLIENT_GROWTH_LIMIT}x, i.e. it does not grow with the batch).`,
    '',
    `**With ${rtt} ms RTT injected** (every engine connection to the lab's two ports goes through a relay in a third process that holds each chunk ${ONE_WAY_DELAY_MS} ms each way; TCP setup is not delayed; same URLs, certificates and checks, see lib/portRedirect.ts):`,
    ...series(m.delayed),
    `50 / 1: **${d.delayedRatio}x**. Healthy reports: ${d.okDelayed.ok}/${d.okDelayed.all}. With at most ${MAX_CONCURRENT} at once, 50 diagnoses take at least 50 / ${MAX_CONCURRENT} = ${round(50 / MAX_CONCURRENT)}x one even with free CPU; the rest is the CPU they share.`,
    cpuLine(`CPU at 50 servers with ${rtt} ms RTT`, m.delayed[50]!, true),
    '',
    `TLS connections opened by the engine per diagnosis: ${perRun(1)} (1 server), ${perRun(10)} (10), ${perRun(50)} (50); still open 100 ms after a batch: at most ${d.leftOpen} (counted by wrapping node:tls connect: the TLS step's handshake and the engine's undici connections, see lib/socketTracker.ts).`,
    `Heap after GC: ${m.heapBeforeMb.toFixed(1)} MB before, growth at most ${d.heapGrowthMb.toFixed(1)} MB across ${d.batches} batches.`,
  ];
}

function targets(m: Measured, d: Derived): TargetCheck[] {
  const unhealthy = (h: { ok: number; all: number }) => (h.ok === h.all ? undefined : `${h.all - h.ok} diagnoses were not healthy`);
  const loopOk = d.okLoop.ok === d.okLoop.all;
  return [
    {
      target: `check, 50 servers on plain loopback: wall time ≤ ${FLOOR_FACTOR}x the CPU floor (client + lab + nginx CPU / ${m.cores} cores)`,
      measured: `${d.floorFactor}x (${round(d.wall50, 0)} ms vs ${d.floorMs} ms)`,
      holds: loopOk ? d.floorFactor <= FLOOR_FACTOR : undefined,
      note:
        unhealthy(d.okLoop) ??
        `other processes took ${pct(d.cpu50.otherShare)} of the CPUs: ${d.sharedFloorFactor}x the floor on the CPU left; 50 / 1 wall time ${d.ratio}x`,
    },
    {
      target: `check: client CPU per server does not grow with the batch (50 ≤ ${CLIENT_GROWTH_LIMIT}x 1)`,
      measured: `${d.client50} ms vs ${d.client1} ms`,
      holds: loopOk ? d.client50 <= d.client1 * CLIENT_GROWTH_LIMIT : undefined,
      note: unhealthy(d.okLoop),
    },
    {
      target: `check, ${2 * ONE_WAY_DELAY_MS} ms RTT injected: 50 servers < 5x one server`,
      measured: `${d.delayedRatio}x`,
      holds: d.okDelayed.ok === d.okDelayed.all ? d.delayedRatio < 5 : undefined,
      note: unhealthy(d.okDelayed),
    },
    { target: 'no socket growth (engine sockets all closed after a batch)', measured: `${d.leftOpen} left open`, holds: d.leftOpen === 0 },
    { target: 'no memory growth (< 5 MB)', measured: `${d.heapGrowthMb.toFixed(1)} MB`, holds: d.heapGrowthMb < 5 },
  ];
}

/** The figure: both series, the CPU split, the floor the CPU implies, sockets and heap. */
export function serversResult(m: Measured): FigureResult {
  const d = derive(m);
  return {
    id: 'servers',
    title: '5a. Scaling: mcp-doctor check over 1, 10 and 50 servers',
    lines: lines(m, d),
    targets: targets(m, d),
    data: {
      loopback: m.loopback,
      delayed: m.delayed,
      ratio: d.ratio,
      delayedRatio: d.delayedRatio,
      oneWayDelayMs: ONE_WAY_DELAY_MS,
      cpuPerDiagnosis: Object.fromEntries(BATCH_SIZES.map((n) => [n, cpuPerDiagnosis(m.loopback[n]!)])),
      cpuPerDiagnosisDelayed50: cpuPerDiagnosis(m.delayed[50]!),
      cpuFloorMs50: d.floorMs,
      cpuFloorRatio: d.floorRatio,
      wallOverFloor50: d.floorFactor,
      wallOverSharedFloor50: d.sharedFloorFactor,
      leftOpen: d.leftOpen,
      heapBeforeMb: m.heapBeforeMb,
      heapGrowthMb: d.heapGrowthMb,
    },
  };
}
