import { checkAffinity } from '../../deploy/affinity';
import { affinityFinding } from '../../deploy/affinityVerdict';
import { withHttpClient } from '../../http/client';
import { probeDeps } from '../../mcp/step';
import { makeFinding, type Finding } from '../../findings/finding';
import { inconsistentEvidence } from '../../mcp/sessionConsistency';
import { type Step, type StepContext } from '../../pipeline/types';
import { type DiagnosisState } from '../state';

/** Share of the step deadline the follow-up series may use; the rest covers the last request and DELETE. */
const SERIES_BUDGET = 0.6;

/**
 * Deployment checks behind balancers and proxies: does a session stay on the replica that created
 * it? Runs after the MCP step, on its endpoint and negotiated version, with a session of its own.
 */
export const deployStep: Step<DiagnosisState> = {
  name: 'deploy',
  label: 'Session affinity',
  skipReason: (s) => (s.input.background ? 'not checked in a background check' : undefined),
  run: (ctx) => withHttpClient(ctx.state.input.http, async (http) => {
    const mcp = ctx.state.mcp;
    const skip = affinitySkipReason(ctx.state);
    if (skip || !mcp?.protocolVersion) {
      ctx.state.deploy = { affinitySkipped: skip ?? 'no protocol version was negotiated' };
      settleDoubt(ctx, undefined);
      return;
    }
    const { report, exchanges } = await checkAffinity(probeDeps(ctx, http), {
      endpoint: new URL(mcp.endpoint),
      protocolVersion: mcp.protocolVersion,
      budgetMs: Math.round(ctx.timeoutMs * SERIES_BUDGET),
    });
    ctx.state.deploy = { affinity: report };
    ctx.state.mcp = { ...mcp, exchanges: [...mcp.exchanges, ...exchanges] };
    const finding = affinityFinding(report);
    ctx.add(finding);
    settleDoubt(ctx, finding);
  }),
};

/**
 * The MCP probe's own session answered some requests and refused others; what it would have said
 * about the refused answers waits here. Sessions not sticky: those answers came from the wrong
 * replica, so the findings are dropped. Sessions sticky: the server refused them itself, so they
 * stand. Undecided: one finding says the answers disagreed, and no fix is drawn from them.
 */
function settleDoubt(ctx: StepContext<DiagnosisState>, affinity: Finding | undefined): void {
  const doubt = ctx.state.sessionDoubt;
  if (!doubt) return;
  if (affinity?.code === 'SESSION_NOT_STICKY') return;
  if (affinity?.code === 'SESSION_AFFINITY_OK') return doubt.heldBack.forEach((f) => ctx.add(f));
  ctx.add(makeFinding('SESSION_ANSWERS_INCONSISTENT', inconsistentEvidence(doubt)));
}

/** The series costs a session and a dozen requests: only in a full run, against a session-era server that issues ids. */
export function affinitySkipReason(state: DiagnosisState): string | undefined {
  const mcp = state.mcp;
  if (!mcp?.reached) return 'MCP did not answer';
  if (mcp.era === 'stateless') return 'the 2026-07-28 revision has no sessions';
  if (mcp.era !== 'streamable') return 'not a Streamable HTTP server with sessions';
  if (!mcp.session?.issued) return 'the server issues no session id (stateless mode)';
  if (mcp.rateLimited) return 'the server rate-limits requests';
  if (mcp.unauthorized && !mcp.unauthorized.tokenSent) return 'the server needs a token';
  return undefined;
}
