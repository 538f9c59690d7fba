import { checkAffinity } from '../../deploy/affinity';
import { affinityFinding } from '../../deploy/affinityVerdict';
import { withHttpClient } from '../../http/client';
import { probeDeps } from '../../mcp/step';
import { type Step } from '../../pipeline/types';
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
  skipReason: affinitySkipReason,
  run: (ctx) => withHttpClient(ctx.state.input.http, async (http) => {
    const mcp = ctx.state.mcp;
    if (!mcp?.protocolVersion) return;
    const deps = probeDeps(ctx, http);
    const { report, exchanges } = await checkAffinity(deps, {
      endpoint: new URL(mcp.endpoint),
      protocolVersion: mcp.protocolVersion,
      budgetMs: Math.round(ctx.timeoutMs * SERIES_BUDGET),
    });
    ctx.state.deploy = { affinity: report };
    ctx.state.mcp = { ...mcp, exchanges: [...mcp.exchanges, ...exchanges] };
    ctx.add(affinityFinding(report));
  }),
};

/** The series costs a session and a dozen requests: only in a full run, against a session-era server that issues ids. */
export function affinitySkipReason(state: DiagnosisState): string | undefined {
  const mcp = state.mcp;
  if (state.input.background) return 'not checked in a background check';
  if (!mcp?.reached) return 'MCP did not answer';
  if (mcp.era === 'stateless') return 'the 2026-07-28 revision has no sessions';
  if (mcp.era !== 'streamable') return 'not a Streamable HTTP server with sessions';
  if (!mcp.session?.issued) return 'the server issues no session id (stateless mode)';
  if (mcp.rateLimited) return 'the server rate-limits requests';
  if (mcp.unauthorized && !mcp.unauthorized.tokenSent) return 'the server needs a token';
  return undefined;
}
