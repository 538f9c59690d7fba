/**
 * `npm run bench`: measures every figure of issue 8 in one run and writes bench/results/latest.md
 * and latest.json. Method: bench/README.md. `--quick` takes fewer repetitions (a smoke run).
 * Never part of `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { backgroundFigure } from './figures/background';
import { coldStartFigure } from './figures/coldStart';
import { flowFigure } from './figures/flow';
import { inspectorFigure } from './figures/inspector';
import { overheadFigure } from './figures/overhead';
import { scannerFigure } from './figures/scaling';
import { serversFigure } from './figures/servers';
import { sizesFigure } from './figures/sizes';
import { timeChild } from './lib/child';
import { startBenchLab } from './lib/lab';
import { type FigureResult } from './lib/types';

const root = join(__dirname, '..');
const quick = process.argv.includes('--quick');
/** `--only=servers,flow` (or `--only servers,flow`): just those figures (ids as in `order` below); a partial run goes next to the full report. */
const onlyArg =
  process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ??
  (process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined);
const only = onlyArg?.split(',').filter(Boolean);
const wants = (id: string) => !only || only.includes(id);
const REPS = quick
  ? { inspector: 3, overhead: 5, coldStart: 5, servers: 1, scanner: 3, checks: 100, flow: 5 }
  : { inspector: 9, overhead: 15, coldStart: 15, servers: 3, scanner: 5, checks: 1000, flow: 15 };

function log(text: string): void {
  process.stderr.write(`[bench] ${text}\n`);
}

async function productionBuild(dir: string): Promise<string> {
  const metafile = join(dir, 'meta.json');
  const run = await timeChild(process.execPath, [join(root, 'esbuild.mjs'), '--production', '--outdir', dir, '--metafile', metafile], {
    timeoutMs: 180_000,
  });
  if (run.code !== 0) throw new Error(`production build failed: ${run.stderr}`);
  return metafile;
}

async function figures(prodDir: string): Promise<FigureResult[]> {
  const results: FigureResult[] = [];
  if (wants('coldStart') || wants('sizes') || wants('inspector')) log('production build');
  const metafile = wants('coldStart') || wants('sizes') || wants('inspector') ? await productionBuild(prodDir) : '';
  if (wants('scanner')) {
    log('figure 5b: JWT scanner');
    results.push(scannerFigure(REPS.scanner));
  }
  if (wants('coldStart')) {
    log('figure 3: cold start');
    results.push(await coldStartFigure(prodDir, REPS.coldStart));
  }
  if (wants('sizes')) {
    log('figure 4: sizes (packages a .vsix in a staging copy)');
    results.push(await sizesFigure(root, prodDir, metafile));
  }
  if (wants('servers')) {
    log('figure 5a: mcp-doctor check over 1, 10, 50 servers (lab in a child process; plain loopback and with latency injected)');
    results.push(await serversFigure(REPS.servers));
  }
  if (wants('flow')) {
    log('figure 7: sign-in (OAuth flow) vs its bare exchanges (flow lab)');
    results.push(await flowFigure(REPS.flow));
  }
  if (wants('inspector') || wants('overhead') || wants('background')) {
    log('starting the lab (healthy scenario)');
    const lab = await startBenchLab();
    try {
      if (wants('inspector')) {
        log('figure 1: Inspector CLI vs mcp-doctor diagnose');
        results.push(await inspectorFigure(lab, join(prodDir, 'cli.js'), REPS.inspector));
      }
      if (wants('overhead')) {
        log('figure 2: diagnose() vs baseline');
        results.push(await overheadFigure(lab, REPS.overhead));
      }
      if (wants('background')) {
        log(`figure 6: ${REPS.checks} background checks (child process)`);
        results.push(await backgroundFigure(lab, REPS.checks));
      }
    } finally {
      await lab.stop();
    }
  }
  const order = ['inspector', 'overhead', 'coldStart', 'sizes', 'servers', 'scanner', 'background', 'flow'];
  return results.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
}

function verdict(holds: boolean | undefined): string {
  return holds === undefined ? 'not measured' : holds ? 'holds' : '**missed**';
}

function markdown(results: readonly FigureResult[], meta: Record<string, unknown>): string {
  const rows = results.flatMap((f) =>
    f.targets.map((t) => `| ${f.title.split(' ')[0]} | ${t.target} | ${t.measured} | ${verdict(t.holds)}${t.note ? ` (${t.note})` : ''} |`),
  );
  return [
    '# Benchmark results (latest run)',
    '',
    `Written by \`npm run bench\`${quick ? ' --quick' : ''} on ${meta.date} — commit ${meta.commit}, Node ${meta.node}, ${meta.cpus} CPUs, load average ${meta.loadStart} at start / ${meta.loadEnd} at end. Method: [bench/README.md](../README.md). Times are medians with the interquartile range (IQR), min, max and the number of samples; compared commands were run alternately.`,
    '',
    '| Figure | Target | Measured | Result |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    ...results.flatMap((f) => [`## ${f.title}`, '', ...f.lines, '']),
  ].join('\n');
}

async function main(): Promise<void> {
  const prodDir = mkdtempSync(join(tmpdir(), 'mcp-doctor-bench-dist-'));
  const loadStart = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  try {
    const results = await figures(prodDir);
    const meta = {
      date: new Date().toISOString(),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim(),
      node: process.version,
      cpus: cpus().length,
      loadStart,
      loadEnd: loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
      quick,
    };
    const out = join(__dirname, 'results');
    mkdirSync(out, { recursive: true });
    // A partial run (--only) must not overwrite the full report: it goes next to it.
    const name = only ? `partial-${only.join('-')}` : 'latest';
    writeFileSync(join(out, `${name}.json`), `${JSON.stringify({ meta, figures: results }, null, 2)}\n`);
    writeFileSync(join(out, `${name}.md`), `${markdown(results, meta)}\n`);
    for (const f of results) for (const t of f.targets) log(`${t.target}: ${t.measured} — ${verdict(t.holds)}`);
    log(`wrote ${join(out, `${name}.md`)}`);
  } finally {
    rmSync(prodDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[bench] failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
