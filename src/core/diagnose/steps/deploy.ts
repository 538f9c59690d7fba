import { checkAffinity, proxyProductOf } from '../../deploy/affinity';
import { affinityFinding } from '../../deploy/affinityVerdict';
import { callDeadlineMs, checkStreaming } from '../../deploy/streaming';
import { callCutFinding, streamFindings } from '../../deploy/streamVerdict';
import { checkCors } from '../../deploy/cors';
import { corsFindings } from '../../deploy/corsVerdict';
import { holdFinding } from '../../deploy/holdVerdict';
import { checkStatelessRules } from '../../deploy/statelessRules';
import { holdStream, MAX_HOLD_SECONDS } from '../../deploy/idle';
import { type DeployReport } from '../../deploy/types';
import { makeFinding, type Finding } from '../../findings/finding';
import { type HttpClient, withHttpClient } from '../../http/client';
import { SESSION_ERA_VERSIONS } from '../../mcp/jsonrpc';
import { inconsistentEvidence } from '../../mcp/sessionConsistency';
import { probeDeps } from './mcp';
import { type McpExchange } from '../../mcp/types';
import { type Step, type StepContext } from '../../pipeline/types';
import { type DiagnosisState } from '../state';

/** The origin of "some web page elsewhere" when the user named none (a reserved .example name). */
const PLACEHOLDER_ORIGIN = 'https://browser-client.example';

/** Share of the step deadline the follow-up series may use; the rest covers the last request and DELETE. */
const SERIES_BUDGET = 0.6;

/**
 * Deployment checks behind balancers and proxies, after the MCP step, on its endpoint and negotiated
 * version, each in a session of its own: does a session stay on the replica that created it, and
 * (only for a tool the user named) does the tool's progress stream come through unbuffered?
 */
export const deployStep: Step<DiagnosisState> = {
  name: 'deploy',
  label: 'Deployment (sessions, streams)',
  skipReason: (s) => (s.input.background ? 'not checked in a background check' : undefined),
  // The call (60 s, or held as long as --hold) and then the GET hold, one after the other.
  extraTimeMs: (s) => (s.input.deploy?.streamTool ? callDeadlineMs({ holdMs: holdSecondsOf(s) * 1000 }) : 0) + holdSecondsOf(s) * 1000,
  run: (ctx) =>
    withHttpClient(ctx.state.input.http, async (http) => {
      const report: MutableDeploy = {};
      const limited = rateLimitedReason(ctx.state);
      if (limited) {
        ctx.state.deploy = { affinitySkipped: limited };
        settleDoubt(ctx, undefined);
        return;
      }
      await affinity(ctx, http, report);
      await streaming(ctx, http, report);
      await idleCut(ctx, http, report);
      await browserClients(ctx, http, report);
      await statelessRules(ctx, http, report);
      ctx.state.deploy = report;
    }),
};

type MutableDeploy = { -readonly [K in keyof DeployReport]: DeployReport[K] };

async function affinity(ctx: StepContext<DiagnosisState>, http: HttpClient, report: MutableDeploy): Promise<void> {
  const mcp = ctx.state.mcp;
  const skip = affinitySkipReason(ctx.state) ?? (mcp?.protocolVersion ? undefined : 'no protocol version was negotiated');
  if (skip || !mcp?.protocolVersion) {
    report.affinitySkipped = skip;
    settleDoubt(ctx, undefined);
    return;
  }
  const { report: affinityReport, exchanges } = await checkAffinity(probeDeps(ctx, http), {
    endpoint: new URL(mcp.endpoint),
    protocolVersion: mcp.protocolVersion,
    budgetMs: Math.round(ctx.timeoutMs * SERIES_BUDGET),
  });
  report.affinity = affinityReport;
  addExchanges(ctx, exchanges);
  const finding = affinityFinding(affinityReport);
  ctx.add(finding);
  settleDoubt(ctx, finding);
}

/** Only on the tool the user named (`--stream-tool`): a call can have side effects. */
async function streaming(ctx: StepContext<DiagnosisState>, http: HttpClient, report: MutableDeploy): Promise<void> {
  const tool = ctx.state.input.deploy?.streamTool;
  const mcp = ctx.state.mcp;
  if (!tool) return;
  if (!mcp?.reached || mcp.era !== 'streamable' || !mcp.protocolVersion) {
    ctx.add(
      makeFinding('STREAM_NOT_MEASURED', {
        tool,
        reason: mcp?.reached ? 'only Streamable HTTP servers with initialize are checked' : 'MCP did not answer',
      }),
    );
    return;
  }
  if (mcp.tools && mcp.toolCount === mcp.tools.length && !mcp.tools.includes(tool)) {
    ctx.add(
      makeFinding('STREAM_NOT_MEASURED', {
        tool,
        reason: `the server lists no tool named "${tool}" (it lists ${mcp.tools.slice(0, 20).join(', ') || 'none'})`,
      }),
    );
    return;
  }
  const deps = probeDeps(ctx, http);
  const holdMs = holdSecondsOf(ctx.state) * 1000;
  const { report: stream, exchanges } = await checkStreaming(
    { ...deps, timeouts: { ...deps.timeouts, bodyMs: callDeadlineMs({ holdMs }) } },
    {
      endpoint: new URL(mcp.endpoint),
      protocolVersion: mcp.protocolVersion,
      tool,
      args: ctx.state.input.deploy?.streamArgs as Record<string, unknown> | undefined,
      ...(holdMs > 0 ? { holdMs } : {}),
    },
  );
  report.stream = stream;
  addExchanges(ctx, exchanges);
  const proxyProduct = report.affinity?.proxyProduct ?? proxyProductOf(stream.server);
  streamFindings(stream, proxyProduct).forEach((f) => ctx.add(f));
  // With --hold, the call was kept open too: a cut of its answer is the path's idle cut.
  const cut = holdMs > 0 ? callCutFinding(stream, proxyProduct) : undefined;
  if (cut) ctx.add(cut);
}

/** Only with `--hold SECONDS`: keeps the GET stream open to see whether and when the path cuts it. */
async function idleCut(ctx: StepContext<DiagnosisState>, http: HttpClient, report: MutableDeploy): Promise<void> {
  const seconds = holdSecondsOf(ctx.state);
  const mcp = ctx.state.mcp;
  if (seconds === 0) return;
  if (!mcp?.reached || mcp.era !== 'streamable' || !mcp.protocolVersion) {
    ctx.add(
      makeFinding('STREAM_NOT_MEASURED', {
        tool: 'GET stream',
        reason: mcp?.reached ? 'only Streamable HTTP servers with initialize are held' : 'MCP did not answer',
      }),
    );
    return;
  }
  const deps = probeDeps(ctx, http);
  const { report: hold, exchanges } = await holdStream(deps, {
    endpoint: new URL(mcp.endpoint),
    protocolVersion: mcp.protocolVersion,
    seconds,
  });
  report.hold = hold;
  addExchanges(ctx, exchanges);
  ctx.add(holdFinding(hold, report.affinity?.proxyProduct ?? proxyProductOf(report.stream?.server)));
}

/** A page on another origin: an error per gap with `--origin`, one info line without it. */
async function browserClients(ctx: StepContext<DiagnosisState>, http: HttpClient, report: MutableDeploy): Promise<void> {
  const mcp = ctx.state.mcp;
  const configured = ctx.state.input.deploy?.origin;
  const challenged = mcp?.unauthorized !== undefined;
  if (!mcp || mcp.rateLimited || (!challenged && !(mcp.reached && mcp.era === 'streamable'))) {
    if (configured)
      ctx.add(makeFinding('STREAM_NOT_MEASURED', { tool: 'CORS', reason: 'no Streamable HTTP answer to check CORS against' }));
    return;
  }
  const { report: cors, exchanges } = await checkCors(probeDeps(ctx, http), {
    endpoint: new URL(mcp.endpoint),
    origin: configured ?? PLACEHOLDER_ORIGIN,
    protocolVersion: mcp.protocolVersion ?? SESSION_ERA_VERSIONS[0],
    stateless: false,
  });
  report.cors = cors;
  addExchanges(ctx, exchanges);
  corsFindings(cors, configured !== undefined, challenged).forEach((f) => ctx.add(f));
}

/** Where the 2026-07-28 revision is spoken: the transport rules, one request each. */
async function statelessRules(ctx: StepContext<DiagnosisState>, http: HttpClient, report: MutableDeploy): Promise<void> {
  const mcp = ctx.state.mcp;
  if (!mcp?.reached || mcp.era !== 'stateless' || !mcp.protocolVersion || mcp.rateLimited) return;
  const { results, exchanges } = await checkStatelessRules(probeDeps(ctx, http), new URL(mcp.endpoint), mcp.protocolVersion);
  report.statelessRules = results;
  addExchanges(ctx, exchanges);
  const broken = results.filter((r) => !r.ok);
  if (broken.length === 0) ctx.add(makeFinding('STATELESS_RULES_OK', { rules: results.map((r) => r.rule) }));
  broken.forEach(({ rule, request, expected, got }) => ctx.add(makeFinding('STATELESS_RULE_BROKEN', { rule, request, expected, got })));
}

function holdSecondsOf(state: DiagnosisState): number {
  const seconds = state.input.deploy?.holdSeconds ?? 0;
  return Number.isFinite(seconds) ? Math.max(0, Math.min(MAX_HOLD_SECONDS, Math.floor(seconds))) : 0;
}

function addExchanges(ctx: StepContext<DiagnosisState>, exchanges: readonly McpExchange[]): void {
  const mcp = ctx.state.mcp;
  if (mcp) ctx.state.mcp = { ...mcp, exchanges: [...mcp.exchanges, ...exchanges] };
}

/**
 * The MCP probe's own session answered some requests and refused others; what it would have said
 * about the refused answers waits here. Sessions not sticky: those answers came from the wrong
 * replica, so the findings are dropped. Sessions sticky: the server refused them itself, so they
 * stand. Undecided: one finding says the answers disagreed, and no fix is drawn from them.
 */
function settleDoubt(ctx: StepContext<DiagnosisState>, affinityResult: Finding | undefined): void {
  const doubt = ctx.state.sessionDoubt;
  if (!doubt) return;
  if (affinityResult?.code === 'SESSION_NOT_STICKY') return;
  if (affinityResult?.code === 'SESSION_AFFINITY_OK') return doubt.heldBack.forEach((f) => ctx.add(f));
  ctx.add(makeFinding('SESSION_ANSWERS_INCONSISTENT', inconsistentEvidence(doubt)));
}

/** A server that rate-limited any earlier request of this run gets no more from this step. */
function rateLimitedReason(state: DiagnosisState): string | undefined {
  if (state.mcp?.rateLimited) return 'the server rate-limits requests';
  if (state.auth?.probes?.some((p) => p.outcome === 'skipped')) return 'the auth probes were cut short (rate limit or request budget)';
  return undefined;
}

/** The series costs sessions and a dozen requests: only against a session-era server that issues ids. */
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
