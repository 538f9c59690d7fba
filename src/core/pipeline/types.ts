import { type Finding } from '../findings/finding';
import { type StepName } from '../findings/types';

/** Wall-clock source, injectable so tests can pin "now" (certificate and token expiry). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export type StepStatus = 'ok' | 'warning' | 'failed' | 'skipped' | 'cancelled';

export interface StepResult {
  readonly name: StepName;
  readonly status: StepStatus;
  readonly durationMs: number;
  /** Why a step was skipped or cancelled. */
  readonly note?: string;
}

export type ProgressEvent =
  | { readonly type: 'step-start'; readonly step: StepName; readonly label: string }
  | { readonly type: 'step-end'; readonly step: StepName; readonly status: StepStatus; readonly durationMs: number };

/** What every step gets: its own deadline-bound signal, the clock, and a way to report. */
export interface StepContext<State> {
  readonly state: State;
  /** Aborts on the caller's cancellation or this step's timeout, whichever comes first. */
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly clock: Clock;
  add(finding: Finding): void;
  /** Stops the steps after this one (e.g. nothing to connect to after DNS failed). */
  stopAfterThis(reason: string): void;
}

export interface Step<State> {
  readonly name: StepName;
  /** Progress text, e.g. "Resolving host". */
  readonly label: string;
  /** Returns a skip reason, or undefined to run. */
  skipReason?(state: State): string | undefined;
  /** Time this step may take beyond the per-step timeout (a check the user asked to run long). */
  extraTimeMs?(state: State): number;
  run(ctx: StepContext<State>): Promise<void>;
}
