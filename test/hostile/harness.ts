import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { diagnose, type DiagnoseOptions } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { PIPELINE } from '../../src/core/diagnose/diagnose';

/** Step timeout used against hostile servers: small, so a hang shows up as a slow test. */
export const STEP_MS = 2000;

export interface HostileRun {
  readonly report: DiagnosisReport;
  readonly ms: number;
  /** Retained heap growth after the run (after a GC when --expose-gc is available), in bytes. */
  readonly heapDelta: number;
  readonly codes: string[];
}

/**
 * Runs `diagnose()` against a hostile target and checks what must always hold: it resolves (never
 * throws), within the pipeline's worst case (every step at its timeout), with a JSON-serialisable
 * report whose every finding names a code from the catalog.
 */
export async function diagnoseHostile(options: DiagnoseOptions): Promise<HostileRun> {
  const timeoutMs = options.timeoutMs ?? STEP_MS;
  const before = heapUsed();
  const started = performance.now();
  const report = await diagnose({ env: {}, ...options, timeoutMs, auth: { authProbes: false, ...options.auth } });
  const ms = performance.now() - started;
  const heapDelta = heapUsed() - before;
  assert.ok(ms < timeoutMs * PIPELINE.length + 1000, `diagnose took ${Math.round(ms)} ms`);
  const json = JSON.stringify(report);
  assert.ok(json.length < 2 * 1024 * 1024, `report is ${json.length} bytes`);
  assert.ok(report.findings.every((f) => typeof f.code === 'string' && typeof f.cause === 'string' && typeof f.fix === 'string'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype polluted');
  return { report, ms, heapDelta, codes: report.findings.map((f) => f.code) };
}

// A real GC before measuring, without needing --expose-gc on the test runner's command line.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection. */
export function heapUsed(): number {
  gc();
  return process.memoryUsage().heapUsed;
}
