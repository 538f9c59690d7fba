import { makeFinding, type Finding } from '../findings/finding';
import { errorCode } from '../net/errors';
import { type Clock, type ProgressEvent, type Step, type StepContext, type StepResult, type StepStatus } from './types';

export interface RunOptions {
  readonly timeoutMs: number;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
}

export interface RunOutcome {
  readonly steps: StepResult[];
  readonly findings: Finding[];
  readonly cancelled: boolean;
}

/**
 * Runs steps in order. Each step gets its own timeout; a step that throws or overruns becomes a
 * finding, never an exception, and a step that ignores its signal is abandoned at the deadline.
 */
export async function runSteps<State>(steps: readonly Step<State>[], state: State, options: RunOptions): Promise<RunOutcome> {
  const results: StepResult[] = [];
  const findings: Finding[] = [];
  let stopReason: string | undefined;
  for (const step of steps) {
    const skip = options.signal?.aborted ? 'cancelled' : (stopReason ?? step.skipReason?.(state));
    if (skip !== undefined) {
      results.push({ name: step.name, status: options.signal?.aborted ? 'cancelled' : 'skipped', durationMs: 0, note: skip });
      continue;
    }
    const outcome = await runOne(step, state, options, findings);
    results.push(outcome.result);
    stopReason ??= outcome.stopReason;
  }
  return { steps: results, findings, cancelled: options.signal?.aborted ?? false };
}

async function runOne<State>(step: Step<State>, state: State, options: RunOptions, findings: Finding[]) {
  const started = performance.now();
  const timeout = deadline(options.timeoutMs + (step.extraTimeMs?.(state) ?? 0));
  const signal = options.signal ? AbortSignal.any([options.signal, timeout.signal]) : timeout.signal;
  const own: Finding[] = [];
  let stopReason: string | undefined;
  const ctx: StepContext<State> = {
    state,
    signal,
    timeoutMs: options.timeoutMs,
    clock: options.clock,
    add: (f) => own.push(f),
    stopAfterThis: (reason) => {
      stopReason ??= reason;
    },
  };
  options.onProgress?.({ type: 'step-start', step: step.name, label: step.label });
  try {
    await raceAbort(step.run(ctx), signal);
  } catch (err) {
    if (options.signal?.aborted) stopReason ??= 'cancelled';
    else if (timeout.signal.aborted) {
      own.push(
        makeFinding(
          'STEP_TIMEOUT',
          { step: step.name, timeoutMs: options.timeoutMs + (step.extraTimeMs?.(state) ?? 0) },
          { step: step.name },
        ),
      );
      stopReason ??= `${step.name} timed out`;
    } else
      own.push(makeFinding('INTERNAL_ERROR', { step: step.name, errorCode: errorCode(err), message: messageOf(err) }, { step: step.name }));
  }
  timeout.clear();
  findings.push(...own);
  const durationMs = Math.round(performance.now() - started);
  const status: StepStatus = options.signal?.aborted ? 'cancelled' : statusOf(own);
  options.onProgress?.({ type: 'step-end', step: step.name, status, durationMs });
  return { result: { name: step.name, status, durationMs }, stopReason };
}

function statusOf(findings: readonly Finding[]): StepStatus {
  if (findings.some((f) => f.severity === 'error')) return 'failed';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return 'ok';
}

/**
 * A step deadline on a ref'd timer: `AbortSignal.timeout()` is unref'd, so a step waiting on
 * nothing else would let the process exit mid-diagnosis instead of timing out.
 */
function deadline(ms: number): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`step timed out after ${ms} ms`, 'TimeoutError')), ms);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

/** Rejects as soon as the signal aborts, even if the work never settles. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message.slice(0, 300) : String(err).slice(0, 300);
}
