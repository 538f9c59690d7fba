import { join } from 'node:path';
import { timeChild } from '../lib/child';
import { type BenchLab } from '../lib/lab';
import { describe, summarize } from '../lib/stats';
import { type FigureResult } from '../lib/types';

interface ChildOut {
  checks: number;
  spacingMs: number;
  healthy: number;
  perCheck: number[];
  perCheckTarget: number[];
  tlsFrom: string[];
  /** Server `Connection: close` announcements counted before each check, and in all. */
  closesBefore: number[];
  serverCloses: number;
  durations: number[];
  resumed: number;
  heapAfterFirst: number;
  heapEnd: number;
  error?: string;
}

type Mode = 'shipped' | 'before';

async function runChecks(lab: BenchLab, mode: Mode, checks: number, spacingMs = 0): Promise<ChildOut> {
  const run = await timeChild(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, '..', 'lib', 'backgroundChild.ts')], {
    env: {
      ...process.env,
      BENCH_URL: lab.url,
      BENCH_CA: lab.caFile,
      BENCH_TOKEN: lab.token,
      BENCH_CHECKS: String(checks),
      BENCH_MODE: mode,
      BENCH_SPACING_MS: String(spacingMs),
    },
    timeoutMs: 30 * 60_000,
  });
  const out = JSON.parse(run.stdout || '{}') as ChildOut;
  if (out.error || run.code !== 0) throw new Error(`background child (${mode}) failed: ${out.error ?? run.stderr}`);
  return out;
}

const after = (xs: number[]) => xs.slice(1);
const counts = (xs: readonly string[]) =>
  Object.entries(xs.reduce<Record<string, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {}))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');

/**
 * Checks after the first that opened a connection although no server announced a close since the
 * previous check began: connections our side lost. nginx closes a connection after
 * keepalive_requests (1000) requests, announcing it, which costs the next request a new one.
 */
function reconnects(o: ChildOut): { opened: number; unexplained: number } {
  let opened = 0;
  let unexplained = 0;
  for (let i = 1; i < o.checks; i++) {
    if (o.perCheck[i]! === 0) continue;
    opened++;
    const closesEnd = i + 1 < o.checks ? o.closesBefore[i + 1]! : o.serverCloses;
    if (closesEnd === o.closesBefore[i - 1]!) unexplained++;
  }
  return { opened, unexplained };
}

/** Spacing of the short spaced run: longer than undici's default 4 s keep-alive and Node's 5 s server timeout. */
const SPACING_MS = 6000;

/** Figure 6: TLS handshakes per status-bar check after the first, and heap across many checks. */
export async function backgroundFigure(lab: BenchLab, checks: number): Promise<FigureResult> {
  const shipped = await runChecks(lab, 'shipped', checks);
  const spaced = await runChecks(lab, 'shipped', 3, SPACING_MS);
  const before = await runChecks(lab, 'before', Math.min(checks, 50));
  const shippedPer = summarize(after(shipped.perCheck));
  const beforePer = summarize(after(before.perCheck));
  const growth = shipped.heapEnd - shipped.heapAfterFirst;
  const lost = reconnects(shipped);
  return {
    id: 'background',
    title: '6. Background cost (status-bar checks)',
    lines: [
      "A check is what the status bar runs: diagnose() in background mode (no auth probes, no GET-stream probe) over the server's long-lived HTTP client from the extension's own BackgroundHttp (kept alive 300 s + 60 s, the default interval plus a margin; no TLS session resumption, so every connection shows its chain), the certificate memory in a store. The TLS step analyses the chain of that client's live verified connection, or of the one it opens for the check's requests. TLS connections counted by wrapping node:tls connect in a child process (the lab runs in the bench process), in total and to the MCP server's port.",
      `- as shipped, ${shipped.checks} checks back to back: TLS handshakes per check after the first ${describe(shippedPer, '')} (first check ${shipped.perCheck[0]}); ${lost.opened} of ${shipped.checks - 1} checks opened one, ${lost.opened - lost.unexplained} of them after the server announced \`Connection: close\` (${shipped.serverCloses} announcements in all: nginx's keepalive_requests, 1000 requests per connection by default, ~7 requests per check), ${lost.unexplained} without; to the MCP server ${describe(summarize(after(shipped.perCheckTarget)), '')}; chain read from: ${counts(shipped.tlsFrom)}; check duration ${describe(summarize(after(shipped.durations)))}; healthy ${shipped.healthy}/${shipped.checks}`,
      `- as shipped, ${spaced.checks} checks ${SPACING_MS / 1000} s apart (longer than undici's default 4 s keep-alive): handshakes per check ${spaced.perCheck.join(', ')} in total, ${spaced.perCheckTarget.join(', ')} to the MCP server (nginx, keepalive_timeout 75 s); chain read from: ${spaced.tlsFrom.join(', ')}; healthy ${spaced.healthy}/${spaced.checks}. The rest are the lab's authorization server (Node https, which closes idle connections after 5 s): a server that closes idle connections sooner than the interval costs exactly one new handshake per check, on that origin.`,
      `- before (a new HTTP client per check, the TLS step's own handshake, the GET-stream probe), ${before.checks} checks: handshakes per check after the first ${describe(beforePer, '')}; check duration ${describe(summarize(after(before.durations)))}; healthy ${before.healthy}/${before.checks}`,
      `- heap after GC (as shipped): ${shipped.heapAfterFirst.toFixed(1)} MB after the first check, ${shipped.heapEnd.toFixed(1)} MB after ${shipped.checks} (growth ${growth.toFixed(2)} MB)`,
      "Across the default 300 s interval the server decides: nginx closes idle connections after 75 s (keepalive_timeout), Node's http server after 5 s, so with those defaults the check after each interval opens exactly one new connection per origin, whose handshake the TLS analysis then reads instead of making its own (one handshake, not two). Zero new handshakes per interval needs a server keep-alive at least as long as the interval (e.g. nginx keepalive_timeout 360s) or a shorter interval.",
    ],
    targets: [
      {
        target: 'zero new TLS handshakes per check after the first while the server keeps the connection',
        measured: `${shippedPer.median} per check as shipped (${lost.opened} of ${shipped.checks - 1} opened one, ${lost.unexplained} without the server closing first), ${beforePer.median} before`,
        holds: lost.unexplained === 0 && shippedPer.median === 0 && shipped.healthy === shipped.checks,
      },
      { target: `heap growth < 5 MB across ${shipped.checks} checks`, measured: `${growth.toFixed(2)} MB`, holds: growth < 5 },
    ],
    data: { shipped, spaced, before, heapGrowthMb: growth },
  };
}
