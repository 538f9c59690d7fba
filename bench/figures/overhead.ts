import { diagnose } from '../../src/core/diagnose/diagnose';
import { type DiagnosisReport } from '../../src/core/diagnose/report';
import { baselineExchanges } from '../baseline';
import { type BenchLab } from '../lib/lab';
import { alternate, describe, ratio, summarize } from '../lib/stats';
import { type FigureResult } from '../lib/types';

/** The HTTP requests a report says were sent (MCP exchanges, auth documents, challenge, probes). */
export function requestCount(report: DiagnosisReport): number {
  const mcp = report.mcp?.exchanges.length ?? 0;
  const documents = report.auth?.urlsTried.length ?? 0;
  const challenge = report.auth?.unauthenticatedStatus !== undefined ? 1 : 0;
  const probes = report.auth?.probes?.filter((p) => p.outcome !== 'skipped').length ?? 0;
  return mcp + documents + challenge + probes;
}

export function diagnoseLab(lab: BenchLab, extra: { authProbes?: boolean } = {}): Promise<DiagnosisReport> {
  return diagnose({
    url: lab.url,
    caFiles: [lab.caFile],
    client: 'node',
    token: lab.token,
    env: {},
    auth: { authProbes: extra.authProbes ?? true },
  });
}

/** Figure 2: in-process diagnose() versus the bare exchanges (bench/baseline.ts). */
export async function overheadFigure(lab: BenchLab, reps: number): Promise<FigureResult> {
  const first = performance.now();
  const warm = await diagnoseLab(lab);
  const firstRunMs = performance.now() - first;
  const base = await baselineExchanges({ url: lab.url, ca: lab.caList, token: lab.token });
  const problems = warm.findings.filter((f) => f.severity === 'error').map((f) => f.code);
  const ourRequests = requestCount(warm);
  const samples = await alternate(
    reps,
    async () => {
      const t = performance.now();
      await diagnoseLab(lab);
      return performance.now() - t;
    },
    async () => {
      const t = performance.now();
      await baselineExchanges({ url: lab.url, ca: lab.caList, token: lab.token });
      return performance.now() - t;
    },
  );
  const ours = summarize(samples.a);
  const bare = summarize(samples.b);
  const r = ratio(ours, bare);
  const same = ourRequests === base.requests;
  return {
    id: 'overhead',
    title: '2. Engine overhead over the physical cost (in process)',
    lines: [
      `diagnose() (healthy lab, --ca, token, auth probes on; env {} so no NODE_EXTRA_CA_CERTS): ${describe(ours)}`,
      `bench/baseline.ts (1 TLS handshake + the same ${base.requests} HTTP requests, bare node:tls + undici): ${describe(bare)}`,
      `Requests: diagnose() sent ${ourRequests} HTTP requests + 1 handshake, the baseline ${base.requests} + 1 ${same ? '(same exchanges)' : '(**differs**: the baseline no longer mirrors diagnose)'}.`,
      `First in-process run (cold: module init, trust stores, python3/certifi probe): ${Math.round(firstRunMs)} ms; the steady-state runs above reuse the per-process caches.`,
      `Ratio (median diagnose / median baseline): **${r}x**`,
      ...(problems.length ? [`Error findings in the warm-up report: ${problems.join(', ')}`] : []),
    ],
    targets: [{ target: 'diagnose() ≤ 1.25x baseline', measured: `${r}x`, holds: problems.length === 0 && same ? r <= 1.25 : undefined }],
    data: { diagnose: ours, baseline: bare, ratio: r, firstRunMs, ourRequests, baselineRequests: base.requests, samples },
  };
}
