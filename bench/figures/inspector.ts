import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { timeChild } from '../lib/child';
import { alternate, describe, ratio, summarize } from '../lib/stats';
import { type FigureResult } from '../lib/types';
import { ensureInspector } from '../lib/inspectorInstall';
import { type BenchLab } from '../lib/lab';

const TOKEN_VAR = 'MCP_DOCTOR_BENCH_TOKEN';

/** Figure 1: the official Inspector CLI's tools/list versus our whole diagnosis, as child processes. */
export async function inspectorFigure(lab: BenchLab, cliPath: string, reps: number): Promise<FigureResult> {
  // Its bin, run with node (no npx: we time the tool, not npm), from the bench-time install.
  const inspector = await ensureInspector();
  const inspectorArgs = [
    inspector.path,
    '--cli',
    lab.url,
    '--transport',
    'http',
    '--method',
    'tools/list',
    '--header',
    `Authorization: Bearer ${lab.token}`,
  ];
  const oursArgs = [cliPath, 'diagnose', lab.url, '--ca', lab.caFile, '--token-env', TOKEN_VAR];
  const failures: string[] = [];
  const runInspector = async () => {
    const run = await timeChild(process.execPath, inspectorArgs, { env: { ...process.env, NODE_EXTRA_CA_CERTS: lab.caFile } });
    if (run.code !== 0 || !run.stdout.includes('"tools"')) failures.push(`inspector exit ${run.code}: ${run.stderr.slice(0, 200)}`);
    return run.ms;
  };
  // A fresh cache directory: the first run compiles the commands bundle and writes V8's code cache
  // (and asks Python for certifi); it is timed on its own below, the samples are the runs after it.
  const cacheDir = mkdtempSync(join(tmpdir(), 'mcp-doctor-bench-cache-'));
  const runOurs = async () => {
    const run = await timeChild(process.execPath, oursArgs, {
      env: { ...process.env, [TOKEN_VAR]: lab.token, MCP_DOCTOR_CACHE_DIR: cacheDir },
    });
    if (run.code !== 0 || !run.stdout.includes('MCP_OK'))
      failures.push(`mcp-doctor exit ${run.code}: ${(run.stdout + run.stderr).slice(0, 300)}`);
    return run.ms;
  };
  const firstInspector = await runInspector();
  const firstOurs = await runOurs();
  const samples = await alternate(reps, runOurs, runInspector).finally(() => rmSync(cacheDir, { recursive: true, force: true }));
  const ours = summarize(samples.a);
  const theirs = summarize(samples.b);
  const r = ratio(ours, theirs);
  return {
    id: 'inspector',
    title: '1. Against the MCP Inspector CLI',
    lines: [
      `Inspector ${inspector.version}: \`mcp-inspector --cli URL --transport http --method tools/list --header "Authorization: Bearer …"\` (NODE_EXTRA_CA_CERTS=lab CA): ${describe(theirs)}`,
      `mcp-doctor: \`mcp-doctor diagnose URL --ca FILE --token-env VAR\` (production build): ${describe(ours)}`,
      `Ratio (median ours / median Inspector): **${r}x**`,
      `First runs, not in the samples: Inspector ${Math.round(firstInspector)} ms; mcp-doctor ${Math.round(firstOurs)} ms with an empty cache directory (it compiles and writes V8's code cache for its commands bundle and asks Python for certifi; later runs reuse both).`,
      ...(failures.length
        ? [`Failed runs: ${failures.length} — ${failures[0]}`]
        : ['Every run succeeded (Inspector printed the tools; mcp-doctor exited 0 reporting MCP_OK).']),
    ],
    targets: [{ target: 'ours ≤ 0.5x Inspector', measured: `${r}x`, holds: failures.length === 0 ? r <= 0.5 : undefined }],
    data: {
      inspectorVersion: inspector.version,
      ours,
      inspector: theirs,
      ratio: r,
      samples,
      failures,
      firstRuns: { inspector: firstInspector, ours: firstOurs },
    },
  };
}
