import { type Summary } from './stats';

/** One figure of the report: what was measured, the ratio or value, the target and whether it holds. */
export interface FigureResult {
  readonly id: string;
  readonly title: string;
  /** Markdown lines describing the measurements. */
  readonly lines: readonly string[];
  readonly targets: readonly TargetCheck[];
  /** Raw numbers for the JSON report. */
  readonly data: Record<string, unknown>;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  /** undefined = could not be measured. */
  readonly holds: boolean | undefined;
  readonly note?: string;
}

export type Summaries = Record<string, Summary>;
