import { type Severity } from '../core/findings/types';
import { type StepStatus } from '../core/pipeline/types';

/** ANSI styling that collapses to plain text when colour is off (no TTY, or NO_COLOR). */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  severity(severity: Severity, text: string): string;
  status(status: StepStatus, text: string): string;
}

const SEVERITY_COLOUR: Record<Severity, number> = { error: 31, warning: 33, info: 36, ok: 32 };
const STATUS_COLOUR: Record<StepStatus, number> = { ok: 32, warning: 33, failed: 31, skipped: 90, cancelled: 90 };

export function createStyle(color: boolean): Style {
  const wrap = (code: number, text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  return {
    bold: (t) => wrap(1, t),
    dim: (t) => wrap(2, t),
    severity: (s, t) => wrap(SEVERITY_COLOUR[s], t),
    status: (s, t) => wrap(STATUS_COLOUR[s], t),
  };
}

/** Colour only on a TTY, and never when NO_COLOR is set (https://no-color.org). */
export function wantsColor(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(isTTY);
}
