import { scanTokens } from '../../src/core/scan/tokenScan';
import { describe, summarize } from '../lib/stats';
import { type FigureResult } from '../lib/types';

/** A log with real JWTs, opaque bearer values and adversarial runs (long base64url, repeated eyJ). */
export function logText(megabytes: number): string {
  const jwt =
    'eyJhbGciOiJSUzI1NiIsImtpZCI6ImxhYi0yMDI1In0.eyJpc3MiOiJodHRwczovL2xvY2FsaG9zdCIsInN1YiI6InVzZXIiLCJleHAiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWdvLWhlcmUtYW5kLW1vcmU';
  const runB64 = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODktXw'.repeat(2000);
  const eyj = 'eyJ'.repeat(40_000);
  const dotted = 'eyJhbGciOi.'.repeat(10_000);
  const block = [
    `2026-11-21T20:00:00Z INFO request id=1 Authorization: Bearer ${jwt}`,
    '2026-11-21T20:00:01Z DEBUG Authorization: Bearer opaque-token-value-1234567890',
    `2026-11-21T20:00:02Z WARN payload=${runB64}`,
    `2026-11-21T20:00:03Z WARN weird=${eyj}`,
    `2026-11-21T20:00:04Z WARN dotted=${dotted}`,
    ...Array.from({ length: 50 }, (_, i) => `2026-11-21T20:00:05Z INFO line ${i} token=${jwt} user=alice path=/mcp status=200`),
  ].join('\n');
  const target = Math.round(megabytes * 1024 * 1024);
  return block.repeat(Math.ceil(target / block.length)).slice(0, target);
}

/** Figure 5b: the JWT scanner over 1, 10 and 50 MB. */
export function scannerFigure(reps: number): FigureResult {
  const sizes = [1, 10, 50];
  const perSize: Record<number, { ms: ReturnType<typeof summarize>; tokens: number; steps: number }> = {};
  for (const mb of sizes) {
    const text = logText(mb);
    scanTokens(text, { maxTokens: Number.MAX_SAFE_INTEGER });
    const times: number[] = [];
    let tokens = 0;
    let steps = 0;
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      const result = scanTokens(text, { maxTokens: Number.MAX_SAFE_INTEGER });
      times.push(performance.now() - t);
      tokens = result.tokens.length;
      steps = result.steps;
    }
    perSize[mb] = { ms: summarize(times), tokens, steps };
  }
  const perMb = (mb: number) => perSize[mb]!.ms.median / mb;
  const linearity = Math.round((perMb(50) / perMb(1)) * 100) / 100;
  const fiftyMs = perSize[50]!.ms.median;
  return {
    id: 'scanner',
    title: '5b. JWT scanner over log text',
    lines: [
      'Log text: real JWTs and opaque `Bearer` values among 160 KB runs of base64url, 120 KB of repeated `eyJ` and 110 KB of `eyJhbGciOi.` per block; every token is collected (maxTokens unbounded).',
      ...sizes.map(
        (mb) =>
          `- ${mb} MB: ${describe(perSize[mb]!.ms)}; ${perSize[mb]!.tokens} tokens, ${perSize[mb]!.steps} steps (${(perSize[mb]!.steps / (mb * 1024 * 1024)).toFixed(2)} per character)`,
      ),
      `Cost per MB at 50 MB / at 1 MB: **${linearity}x** (1.0 = perfectly linear).`,
    ],
    targets: [
      { target: '50 MB in < 1 s', measured: `${fiftyMs} ms`, holds: fiftyMs < 1000 },
      { target: 'linear (per-MB cost at 50 MB within 1.5x of 1 MB)', measured: `${linearity}x`, holds: linearity <= 1.5 },
    ],
    data: { perSize, linearity },
  };
}
