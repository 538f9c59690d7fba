import { createHttpClient } from '../../src/core/http/client';
import { runAuthorizationFlow } from '../../src/core/oauth/flow';
import { type FlowResult } from '../../src/core/oauth/types';
import { startFlowLab } from '../../test/lab/flowLab';
import { baselineFlow } from '../flowBaseline';
import { scriptedSignIn } from '../lib/scriptedSignIn';
import { alternate, describe, ratio, summarize } from '../lib/stats';
import { type FigureResult } from '../lib/types';

/** The flow's HTTP requests: every recorded exchange except the browser's (authorization, callback). */
function flowRequests(result: FlowResult): number {
  return result.report.exchanges.filter((e) => e.step !== 'authorization' && e.step !== 'callback').length;
}

async function signInOnce(url: string): Promise<FlowResult> {
  const http = createHttpClient();
  try {
    return await runAuthorizationFlow(
      { url: new URL(url), signal: AbortSignal.timeout(30_000), callbackTimeoutMs: 20_000 },
      { http, openBrowser: async (u) => void (await scriptedSignIn(u)) },
    );
  } finally {
    await http.close();
  }
}

/**
 * Figure 7: the sign-in (runAuthorizationFlow, DCR on, in process) versus bench/flowBaseline.ts,
 * the same exchanges with bare undici. The user's part is the same scripted login on both sides and
 * is subtracted from both: what is compared is the client's own time. The flow's report carries
 * its own split (total, exchanges, browser), so the engine's time is also given in milliseconds.
 */
export async function flowFigure(reps: number): Promise<FigureResult> {
  const lab = await startFlowLab();
  try {
    const first = performance.now();
    const warm = await signInOnce(lab.url);
    const firstRunMs = performance.now() - first;
    const base = await baselineFlow(lab.url, scriptedSignIn);
    const problems = warm.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    const completed = warm.accessToken !== undefined && warm.report.tools?.length === 3;
    const ours = flowRequests(warm);
    const engineMs: number[] = [];
    const exchangeMs: number[] = [];
    const samples = await alternate(
      reps,
      async () => {
        const result = await signInOnce(lab.url);
        const { totalMs, exchangesMs, waitingForUserMs } = result.report.timing;
        engineMs.push(totalMs - exchangesMs - waitingForUserMs);
        exchangeMs.push(exchangesMs);
        return totalMs - waitingForUserMs;
      },
      async () => {
        const t = performance.now();
        const run = await baselineFlow(lab.url, scriptedSignIn);
        return performance.now() - t - run.browserMs;
      },
    );
    const flow = summarize(samples.a);
    const bare = summarize(samples.b);
    const engine = summarize(engineMs);
    const r = ratio(flow, bare);
    const same = ours === base.requests;
    return {
      id: 'flow',
      title: '7. Sign-in (OAuth flow) overhead over its round trips (in process)',
      lines: [
        `runAuthorizationFlow() (flow lab, DCR on, the browser's part scripted over HTTP and subtracted): ${describe(flow)}`,
        `bench/flowBaseline.ts (the same ${base.requests} HTTP requests with bare undici, the same scripted browser, subtracted): ${describe(bare)}`,
        `Of the flow's time: exchanges as the flow timed them ${describe(summarize(exchangeMs))}; the engine's own time (total − exchanges − browser: URL guard, redaction, JWT verification, the report) ${describe(engine)}.`,
        `Requests: the flow sent ${ours}, the baseline ${base.requests} ${same ? '(same exchanges)' : '(**differs**: the baseline no longer mirrors the flow)'}; the scripted browser made the same requests on both sides.`,
        `First in-process run (cold: module init, the AS's first keys): ${Math.round(firstRunMs)} ms.`,
        `Ratio (median flow / median baseline): **${r}x**`,
        ...(problems.length || !completed
          ? [`The warm-up sign-in did not complete cleanly: ${problems.join(', ') || 'no token or not 3 tools'}`]
          : []),
      ],
      targets: [
        {
          target: 'sign-in ≤ 1.25x its bare exchanges',
          measured: `${r}x (engine ${engine.median} ms)`,
          holds: problems.length === 0 && completed && same ? r <= 1.25 : undefined,
        },
      ],
      data: {
        flow,
        baseline: bare,
        engine,
        ratio: r,
        firstRunMs,
        flowRequests: ours,
        baselineRequests: base.requests,
        samples,
        engineMs,
        exchangeMs,
      },
    };
  } finally {
    await lab.stop();
  }
}
