import { cpus } from 'node:os';
import { runCheck } from '../../src/cli/check/runCheck';
import { planCheck } from '../../src/cli/check/targets';
import { type NetTransport } from '../../src/core/net/transport';
import { startJsonChild } from '../lib/jsonChild';
import { type LabProcess, startLabProcess } from '../lib/labProcess';
import { redirectPorts } from '../lib/portRedirect';
import { cpuOf, machineCpuMs, processCpuMs } from '../lib/procCpu';
import { trackEngineSockets } from '../lib/socketTracker';
import { type FigureResult } from '../lib/types';
import {
  BATCH_SIZES,
  type Batch,
  type CpuSplit,
  MAX_CONCURRENT,
  ONE_SERVER_SAMPLES,
  ONE_WAY_DELAY_MS,
  type Runs,
  serversResult,
} from './serversReport';

export { MAX_CONCURRENT, ONE_WAY_DELAY_MS } from './serversReport';

type Tracker = ReturnType<typeof trackEngineSockets>;

interface Setup {
  readonly lab: LabProcess;
  readonly sockets: Tracker;
  readonly relayPid?: number;
  readonly net?: NetTransport;
}

async function settledHeapMb(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** A workspace .vscode/mcp.json with `servers` entries, all the lab endpoint, the token from ${env:LAB_TOKEN} as a team would write it. */
function mcpJson(url: string, servers: number): string {
  const entries = Array.from(
    { length: servers },
    (_, i) => `    "lab-${i}": { "type": "http", "url": "${url}", "headers": { "Authorization": "Bearer \${env:LAB_TOKEN}" } }`,
  );
  return `{\n  "servers": {\n${entries.join(',\n')}\n  }\n}\n`;
}

/**
 * What `mcp-doctor check` does for a workspace of `servers` entries, in process: discovery of the
 * file (read from memory), then every server diagnosed at most MAX_CONCURRENT at once with one shared
 * setup. The peak of diagnoses in flight is counted from the run's own start/finish callbacks.
 */
async function check(s: Setup, servers: number) {
  const plan = await planCheck({
    cwd: '/bench',
    home: '/bench-home',
    platform: process.platform,
    env: { LAB_TOKEN: s.lab.token },
    extraConfigs: [],
    userFiles: false,
    tokens: new Map(),
    inputs: {},
    readFile: async (path) => (path === '/bench/.vscode/mcp.json' ? mcpJson(s.lab.url, servers) : undefined),
  });
  let active = 0;
  let peak = 0;
  const { outcomes } = await runCheck(plan.targets, {
    shared: { caFiles: [s.lab.caFile], client: 'node', timeoutMs: 10_000, authProbes: true }, // the CA is given to Node: its view leads
    concurrency: MAX_CONCURRENT,
    env: {},
    net: s.net,
    onStart: () => void (peak = Math.max(peak, ++active)),
    onOutcome: () => void active--,
  });
  return { outcomes, peak };
}

function cpuNow(s: Setup): CpuSplit {
  const own = process.cpuUsage();
  const machine = machineCpuMs();
  return {
    machineBusyMs: machine.busyMs,
    machineIdleMs: machine.idleMs,
    clientMs: (own.user + own.system) / 1000,
    labMs: processCpuMs(s.lab.labPid) ?? 0,
    nginxMs: cpuOf([s.lab.nginxPid, ...s.lab.nginxWorkers()]),
    relayMs: s.relayPid === undefined ? 0 : (processCpuMs(s.relayPid) ?? 0),
  };
}

function cpuSince(s: Setup, before: CpuSplit): CpuSplit {
  const now = cpuNow(s);
  const since = (key: keyof CpuSplit) => now[key] - before[key];
  return {
    clientMs: since('clientMs'),
    labMs: since('labMs'),
    nginxMs: since('nginxMs'),
    relayMs: since('relayMs'),
    machineBusyMs: since('machineBusyMs'),
    machineIdleMs: since('machineIdleMs'),
  };
}

/**
 * `check` over N servers: N full diagnoses of the lab endpoint (the same server under N names: N URL
 * spellings are not possible over TLS), each with its own HTTP client and connections. CPU is read
 * 100 ms after the batch so the servers' trailing work (session deletes, closes) is counted.
 */
async function batch(s: Setup, servers: number): Promise<Batch> {
  const openedBefore = s.sockets.opened();
  const cpuBefore = cpuNow(s);
  const t = performance.now();
  const { outcomes, peak } = await check(s, servers);
  const ms = performance.now() - t;
  await new Promise((r) => setTimeout(r, 100));
  const cpu = cpuSince(s, cpuBefore);
  const ok = outcomes.filter((o) => o.status === 'ok' && o.report?.findings.some((f) => f.code === 'MCP_OK')).length;
  if (outcomes.length !== servers) throw new Error(`check planned ${outcomes.length} servers, expected ${servers}`);
  return {
    servers,
    ms,
    ok,
    peakConcurrent: peak,
    tlsOpened: s.sockets.opened() - openedBefore,
    socketsOpenAfter: s.sockets.live(),
    heapAfterMb: await settledHeapMb(),
    cpu,
  };
}

/** The same batch with every engine connection to the lab's ports sent through the relays. */
async function delayedBatch(s: Setup, relayPorts: ReadonlyMap<number, number>, servers: number): Promise<Batch> {
  const redirect = redirectPorts(relayPorts);
  try {
    return await batch({ ...s, net: redirect.net }, servers);
  } finally {
    redirect.restore();
  }
}

/** The 1-server batch is the ratio's denominator and cheap: more samples of it, so one slow run on a shared machine moves the median less. */
const samplesOf = (servers: number) => (servers === 1 ? ONE_SERVER_SAMPLES : 1);

/**
 * Figure 5a: `mcp-doctor check` over 1, 10 and 50 servers, on plain loopback and through a relay adding
 * ONE_WAY_DELAY_MS each way, alternating per repetition. The lab runs in a child process and the
 * relays in another, so the CPU of each side is read separately (process.cpuUsage, /proc/<pid>/stat).
 */
export async function serversFigure(reps: number): Promise<FigureResult> {
  const lab = await startLabProcess();
  try {
    const ports = [new URL(lab.url).port, new URL(lab.issuer).port].map(Number);
    const relay = await startJsonChild<Record<string, number>>('proxyChild.ts', {
      BENCH_TARGET_PORTS: ports.join(','),
      BENCH_ONE_WAY_MS: String(ONE_WAY_DELAY_MS),
    });
    const sockets = trackEngineSockets();
    try {
      const relayPorts = new Map(ports.map((p) => [p, relay.ready[String(p)]!]));
      const s: Setup = { lab, sockets, relayPid: relay.pid };
      // Untimed warm-up: early batches run while V8 is still optimizing (perf, client process: the
      // optimizing compiler took ~4.4 of ~29 ms CPU per diagnosis after 20 diagnoses, ~2 of ~20 after 300).
      await batch(s, 50);
      await delayedBatch(s, relayPorts, 10);
      const heapBeforeMb = await settledHeapMb();
      const loopback: Runs = { 1: [], 10: [], 50: [] };
      const delayed: Runs = { 1: [], 10: [], 50: [] };
      for (let i = 0; i < reps; i++) {
        for (const n of BATCH_SIZES) for (let k = 0; k < samplesOf(n); k++) loopback[n]!.push(await batch(s, n));
        for (const n of BATCH_SIZES) for (let k = 0; k < samplesOf(n); k++) delayed[n]!.push(await delayedBatch(s, relayPorts, n));
      }
      return serversResult({ loopback, delayed, heapBeforeMb, cores: cpus().length });
    } finally {
      sockets.stop();
      await relay.stop();
    }
  } finally {
    await lab.stop();
  }
}
