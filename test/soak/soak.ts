/**
 * Endurance: `npm run test:soak` runs SOAK_RUNS (default 1,000) consecutive full diagnoses (TLS,
 * MCP, OAuth discovery, JWKS, token verification, auth probes) against the healthy lab, and checks
 * that open file descriptors and the heap stay flat. The lab runs in its own process, so the
 * figures are the diagnosing process's alone. Prints the figures; exits 1 when they grow.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { diagnose } from '../../src/core/diagnose/diagnose';

const RUNS = Number(process.env.SOAK_RUNS ?? 1000);
const WARMUP = 30;
const SAMPLE_EVERY = 100;
/** Allowed growth after the warm-up: a few descriptors (timing of keep-alive sockets), a few MB of heap. */
const MAX_FD_GROWTH = 8;
const MAX_HEAP_GROWTH_MB = 12;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface LabInfo {
  readonly url: string;
  readonly caFile: string;
  readonly token: string;
}
interface Sample {
  readonly run: number;
  readonly fds: number;
  readonly heapMb: number;
  readonly msPerRun: number;
}

function openFds(): number {
  return readdirSync('/proc/self/fd').length;
}

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Starts `npm run lab healthy --json` as a child process and waits (bounded) for its JSON line. */
function startLabProcess(): Promise<{ child: ChildProcess; lab: LabInfo }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'lab', 'cli.ts'), 'healthy', '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error('the lab did not start within 60 s'));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lab exited (${code}) before it was ready`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, lab: JSON.parse(line) as LabInfo });
    });
  });
}

function stopLabProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function diagnoseOnce(lab: LabInfo): Promise<string> {
  const report = await diagnose({ url: lab.url, caFiles: [lab.caFile], token: lab.token, env: {}, timeoutMs: 10_000 });
  return report.findings
    .map((f) => f.code)
    .sort()
    .join(',');
}

async function soak(lab: LabInfo): Promise<{ samples: Sample[]; verdicts: Map<string, number> }> {
  const verdicts = new Map<string, number>();
  for (let i = 0; i < WARMUP; i++) await diagnoseOnce(lab);
  const samples: Sample[] = [{ run: 0, fds: openFds(), heapMb: heapMb(), msPerRun: 0 }];
  console.log(`soak: ${RUNS} consecutive diagnoses of the healthy lab (after ${WARMUP} warm-up runs)`);
  console.log('   run   open fds   heap MB   ms/run');
  printSample(samples[0] as Sample);
  let started = performance.now();
  for (let run = 1; run <= RUNS; run++) {
    const codes = await diagnoseOnce(lab);
    verdicts.set(codes, (verdicts.get(codes) ?? 0) + 1);
    if (run % SAMPLE_EVERY === 0 || run === RUNS) {
      const msPerRun = (performance.now() - started) / (run - (samples.at(-1)?.run ?? 0));
      samples.push({ run, fds: openFds(), heapMb: heapMb(), msPerRun });
      printSample(samples.at(-1) as Sample);
      started = performance.now();
    }
  }
  return { samples, verdicts };
}

function printSample(s: Sample): void {
  console.log(
    `${String(s.run).padStart(6)} ${String(s.fds).padStart(10)} ${s.heapMb.toFixed(1).padStart(9)} ${s.msPerRun.toFixed(0).padStart(8)}`,
  );
}

function printReport(samples: readonly Sample[], verdicts: ReadonlyMap<string, number>): boolean {
  for (const [codes, count] of verdicts) console.log(`  ${count} x ${codes}`);
  const first = samples[0] as Sample;
  const last = samples.at(-1) as Sample;
  const fdGrowth = last.fds - first.fds;
  const heapGrowth = last.heapMb - first.heapMb;
  console.log(
    `open fds: ${first.fds} before, ${last.fds} after (${fdGrowth >= 0 ? '+' : ''}${fdGrowth}); heap: ${first.heapMb.toFixed(1)} MB before, ${last.heapMb.toFixed(1)} MB after (${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)} MB)`,
  );
  const ok =
    fdGrowth <= MAX_FD_GROWTH &&
    heapGrowth <= MAX_HEAP_GROWTH_MB &&
    verdicts.size === 1 &&
    !([...verdicts.keys()][0] ?? '').includes('STEP_TIMEOUT');
  console.log(ok ? 'soak: flat' : `soak: FAILED (allowed: +${MAX_FD_GROWTH} fds, +${MAX_HEAP_GROWTH_MB} MB, one stable set of findings)`);
  return ok;
}

async function main(): Promise<number> {
  const { child, lab } = await startLabProcess();
  try {
    const { samples, verdicts } = await soak(lab);
    return printReport(samples, verdicts) ? 0 : 1;
  } finally {
    await stopLabProcess(child);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`soak: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
