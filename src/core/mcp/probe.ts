import { type HttpResult } from '../http/client';
import { requestFailureFinding } from '../http/failures';
import { analyseRedirects, type RedirectAnalysis } from '../http/redirectFindings';
import { walkRedirects, type RedirectWalk } from '../http/redirects';
import { htmlTitle } from './answers';
import { bodyKind, hasRpcResponse, rpcErrorIn } from './jsonrpc';
import { tryLegacySse } from './legacySse';
import { bodySnippet, newRun, report, type ProbeDeps, type ProbeRun } from './run';
import { trySessionEra } from './sessionEra';
import { discoverRequest, interpretDiscover } from './stateless';
import { type McpExchange } from './types';

/** One endpoint probed end to end: its redirect chain, and what MCP said where it was safe to ask. */
export interface EndpointProbe {
  /** The URL probed (the configured one, or the corrected one). */
  readonly url: URL;
  readonly walk: RedirectWalk;
  readonly redirects: RedirectAnalysis;
  /** The MCP probe at the end of the chain (its endpoint is the final URL of a safe chain). */
  readonly run: ProbeRun;
  /** The chain leaves the origin or changes the method, so MCP was not probed behind it. */
  readonly stoppedByRedirect: boolean;
}

const OPENING_ID = 1;

/**
 * Era detection as the 2026-07-28 revision prescribes for dual-era clients: server/discover first
 * (walking its redirects by hand), then initialize (session era), then GET for HTTP+SSE.
 */
export async function probeEndpoint(deps: ProbeDeps, url: URL): Promise<EndpointProbe> {
  const walk = await walkRedirects(url, discoverRequest(OPENING_ID), { ...deps, until: hasRpcResponse(OPENING_ID) });
  if (walk.failure && deps.signal.aborted) throw deps.signal.reason;
  const redirects = analyseRedirects(url, walk);
  const run = newRun(deps, walk.final?.url ?? url);
  run.nextId = OPENING_ID + 1;
  run.exchanges.push(
    ...walk.hops.map((hop, i): McpExchange => ({
      label: i === 0 ? 'server/discover' : 'server/discover (redirected)',
      method: hop.method,
      url: hop.url,
      status: hop.status,
      durationMs: hop.durationMs,
      ...(hop.errorCode ? { errorCode: hop.errorCode } : {}),
    })),
  );
  const probe = { url, walk, redirects, run, stoppedByRedirect: redirects.unsafe };
  if (redirects.unsafe) return probe;
  if (walk.failure) {
    run.findings.push(
      requestFailureFinding(walk.failure.error, {
        url: walk.failure.url,
        method: walk.failure.method,
        address: deps.addressFor?.(walk.failure.url),
        firstByteMs: deps.timeouts.firstByteMs,
        connectMs: deps.timeouts.connectMs,
      }),
    );
    return probe;
  }
  if (walk.final) await detectEra(run, walk.final.result);
  return probe;
}

async function detectEra(run: ProbeRun, opening: HttpResult): Promise<void> {
  if ((await interpretDiscover(run, opening, OPENING_ID)) !== 'fallback') return;
  const { step, initRes } = await trySessionEra(run);
  if (step !== 'fallback' || !initRes) return;
  if (await tryLegacySse(run, initRes.status)) return;
  reportNoEndpoint(run, initRes);
}

/** initialize got 400/404/405 and GET opened no HTTP+SSE stream: say what the URL is instead. */
function reportNoEndpoint(run: ProbeRun, res: HttpResult): void {
  const base = { method: 'POST', url: run.endpoint.href, status: res.status };
  if (res.status === 404) return report(run, 'HTTP_NOT_FOUND', { ...base, path: run.endpoint.pathname });
  if (res.status === 405) return report(run, 'HTTP_METHOD_NOT_ALLOWED', { ...base, allow: res.headers.allow });
  const error = rpcErrorIn(res);
  if (error)
    return report(run, 'MCP_REQUEST_REJECTED', { ...base, rpcMethod: 'initialize', rpcCode: error.code, rpcMessage: error.message });
  if (bodyKind(res) === 'other' && /html/i.test(res.headers['content-type'] ?? '')) {
    return report(run, 'HTTP_NOT_MCP', { ...base, contentType: res.headers['content-type'], pageTitle: htmlTitle(res.body) });
  }
  report(run, 'MCP_REQUEST_REJECTED', { ...base, rpcMethod: 'initialize', bodySnippet: bodySnippet(run, res.body) });
}
