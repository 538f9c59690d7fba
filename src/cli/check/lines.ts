import { type Style } from '../style';
import { terminalSafe } from '../text';
import { headline, seconds, STATUS_WORD, totals, whereDefined } from './describe';
import { type CheckOutcome, type CheckStatus } from './outcome';

const MARK: Record<CheckStatus, string> = { ok: '✓', failed: '✗', unauthenticated: '!', cancelled: '-' };
const SEVERITY: Record<CheckStatus, 'ok' | 'error' | 'warning' | 'info'> = {
  ok: 'ok',
  failed: 'error',
  unauthenticated: 'warning',
  cancelled: 'info',
};

/** One line per server (mark, name, file:line, verdict, time), then the total. */
export function renderCheckLines(outcomes: readonly CheckOutcome[], totalMs: number, cwd: string, style: Style): string {
  const nameWidth = Math.min(32, Math.max(4, ...outcomes.map((o) => o.name.length)));
  const lines = outcomes.map((o) => {
    const mark = style.severity(SEVERITY[o.status], `${MARK[o.status]} ${STATUS_WORD[o.status].padEnd(17)}`);
    const name = style.bold(terminalSafe(o.name).padEnd(nameWidth));
    return `${mark} ${name}  ${style.dim(terminalSafe(whereDefined(o, cwd)))}  ${terminalSafe(headline(o))}  ${style.dim(seconds(o.durationMs))}`;
  });
  return `${lines.join('\n')}${lines.length ? '\n' : ''}${style.bold(totals(outcomes))} in ${seconds(totalMs)}\n`;
}
