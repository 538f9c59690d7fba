import { type DiagnosisState } from '../state';
import { makeFinding, type Finding } from '../../findings/finding';
import { type McpEvidence } from '../../findings/evidence/mcp';
import { type HttpClient, type HttpTimeouts, withHttpClient } from '../../http/client';
import { type Step, type StepContext } from '../../pipeline/types';
import { clientCertHttpAnswer } from './mtlsAnswer';
import { httpTlsOptions } from './tlsOptions';
import { compareEndpoints, endpointOutcome } from '../../mcp/compare';
import { probeEndpoint, type EndpointProbe } from '../../mcp/probe';
import { type ProbeDeps } from '../../mcp/run';
import { type McpReport } from '../../mcp/types';

/**
 * Walks the redirects of the MCP POST, detects the transport era and checks the protocol (session
 * behaviour, tools/list); tries the corrected URL when a redirect breaks the configured one, and
 * compares with `compareUrl` when given.
 */
export const mcpStep: Step<DiagnosisState> = {
  name: 'mcp',
  label: 'MCP initialize',
  run: (ctx) => withHttpClient(ctx.state.input.http, (http) => diagnoseMcp(ctx, http)),
};

async function diagnoseMcp(ctx: StepContext<DiagnosisState>, http: HttpClient): Promise<void> {
  const { state } = ctx;
  const deps = probeDeps(ctx, http);
  const configured = state.input.url;
  const primary = await probeEndpoint(deps, configured);
  if (primary.redirects.redirected || primary.walk.stoppedBy) state.redirects = primary.walk.hops;
  if (await clientCertHttpAnswer(ctx, primary.run.findings)) ctx.stopAfterThis('the server requires a client certificate');
  [...primary.redirects.findings, ...primary.run.findings].forEach((f) => ctx.add(f));
  state.sessionDoubt = primary.run.sessionDoubt;
  state.mcp = mcpReport(configured, [primary]);
  const corrected = primary.redirects.correctedUrl;
  if (primary.stoppedByRedirect && corrected && corrected.href !== configured.href) {
    await tryCorrected(ctx, deps, primary, corrected);
  } else if (answeredCleanly(primary)) {
    ctx.add(makeFinding('MCP_OK', okEvidence(ctx.state, primary)));
  }
  if (state.input.compareUrl) {
    const tlsUntrusted = state.tls?.trusted === false && configured.protocol === 'https:';
    const { outcome, finding } = await compareEndpoints(deps, endpointOutcome(primary, tlsUntrusted), state.input.compareUrl);
    ctx.add(finding);
    state.mcp = { ...state.mcp, compare: outcome };
  }
}

/** The configured URL is redirected unsafely: say whether the URL the user should configure works. */
async function tryCorrected(ctx: StepContext<DiagnosisState>, deps: ProbeDeps, primary: EndpointProbe, corrected: URL): Promise<void> {
  const second = await probeEndpoint(deps, corrected);
  [...second.redirects.findings, ...second.run.findings].forEach((f) => ctx.add(f));
  const works = answeredCleanly(second);
  ctx.add(correctedFinding(ctx.state, second, corrected, works));
  ctx.state.mcp = { ...mcpReport(ctx.state.input.url, [primary, second]), correctedUrl: corrected.href, correctedWorks: works };
}

function correctedFinding(state: DiagnosisState, second: EndpointProbe, corrected: URL, works: boolean): Finding {
  if (works) return makeFinding('MCP_CORRECTED_URL_WORKS', { ...okEvidence(state, second), correctedUrl: corrected.href });
  const challenge = second.run.facts.unauthorized;
  if (challenge && !challenge.tokenSent)
    return makeFinding('MCP_CORRECTED_URL_NEEDS_TOKEN', { correctedUrl: corrected.href, status: challenge.status });
  const cause = [...second.redirects.findings, ...second.run.findings].find((f) => f.severity === 'error' || f.severity === 'warning');
  return makeFinding('MCP_CORRECTED_URL_FAILS', {
    correctedUrl: corrected.href,
    code: cause?.code ?? (challenge ? `HTTP ${challenge.status}` : 'no MCP answer'),
  });
}

/** MCP answered, nothing on the way (tools/list, rate limit...) failed, and one session's answers agreed. */
function answeredCleanly(probe: EndpointProbe): boolean {
  return (
    probe.run.facts.reached === true &&
    !probe.stoppedByRedirect &&
    !probe.run.findings.some((f) => f.severity === 'error') &&
    !probe.run.facts.session?.inconsistentAnswers
  );
}

function okEvidence(state: DiagnosisState, probe: EndpointProbe): McpEvidence['MCP_OK'] {
  const { facts } = probe.run;
  return {
    endpoint: probe.run.endpoint.href,
    era: facts.era,
    protocolVersion: facts.protocolVersion,
    serverName: facts.serverInfo?.name,
    serverVersion: facts.serverInfo?.version,
    toolCount: facts.toolCount,
    tools: facts.tools ? [...facts.tools] : undefined,
    tlsUntrusted: state.tls?.trusted === false && probe.run.endpoint.protocol === 'https:',
  };
}

/** The report is about the last probe (the corrected URL when there is one); exchanges of all. */
function mcpReport(configured: URL, probes: readonly EndpointProbe[]): McpReport {
  const last = probes[probes.length - 1] as EndpointProbe;
  const { facts } = last.run;
  return {
    ...facts,
    configuredUrl: configured.href,
    endpoint: last.run.endpoint.href,
    reached: facts.reached === true && !last.stoppedByRedirect,
    exchanges: probes.flatMap((p) => p.run.exchanges),
  };
}

/** The request dependencies of a probe run inside a step (also used by the deployment step). */
export function probeDeps(ctx: StepContext<DiagnosisState>, http: HttpClient): ProbeDeps {
  const { state } = ctx;
  return {
    http,
    signal: ctx.signal,
    token: state.input.token || undefined,
    headers: state.input.headers,
    tlsFor: (url) => httpTlsOptions(state, url),
    timeouts: phaseTimeouts(ctx.timeoutMs),
    now: () => ctx.clock.now(),
    addressFor: (url) => (url.host === state.input.url.host ? state.connected?.address : undefined),
    background: state.input.background,
  };
}

/** Per-request phase deadlines carved from the step timeout, so one slow phase cannot use it all. */
export function phaseTimeouts(stepMs: number): HttpTimeouts {
  const clamp = (ms: number, max: number) => Math.round(Math.min(max, Math.max(200, ms)));
  return { connectMs: clamp(stepMs * 0.3, 5000), firstByteMs: clamp(stepMs * 0.4, 15000), bodyMs: clamp(stepMs * 0.3, 10000) };
}
