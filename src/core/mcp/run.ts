import { type FindingCode } from '../findings/catalog/index';
import { type EvidenceOf } from '../findings/evidence/index';
import { makeFinding, type Finding, type FindingOverrides } from '../findings/finding';
import { type HttpResult, type HttpTimeouts } from '../http/client';
import { requestFailureFinding } from '../http/failures';
import { type RequestDeps, sameOrigin } from '../http/redirects';
import { errorCode } from '../net/errors';
import { type McpExchange, type McpReport } from './types';

/** Everything a probe needs from outside: the request dependencies, with deadlines required, and a clock. */
export interface ProbeDeps extends RequestDeps {
  readonly timeouts: HttpTimeouts;
  readonly now: () => number;
  /** The address the TCP step connected to, for evidence about the configured host. */
  readonly addressFor?: (url: URL) => string | undefined;
  /** A background check: skip probes that cost a connection (the GET stream). */
  readonly background?: boolean;
}

/** What the probe has learned so far, filled in as it goes. */
export type McpFacts = { -readonly [K in keyof McpReport]?: McpReport[K] };

/**
 * Answers of one session that disagreed, and the findings drawn from the refused ones (held back).
 * Declared here, where the run holds it, so sessionConsistency.ts (which reports through the run)
 * and run.ts do not import each other.
 */
export interface SessionDoubt {
  readonly samples: readonly string[];
  readonly heldBack: readonly Finding[];
}

/** One probe of one endpoint: shared by the era-specific modules. */
export interface ProbeRun {
  readonly deps: ProbeDeps;
  readonly endpoint: URL;
  readonly exchanges: McpExchange[];
  readonly findings: Finding[];
  readonly facts: McpFacts;
  nextId: number;
  /** One session's answers disagreed: findings held back for the deployment step to settle. */
  sessionDoubt?: SessionDoubt;
}

export function newRun(deps: ProbeDeps, endpoint: URL): ProbeRun {
  return { deps, endpoint, exchanges: [], findings: [], facts: {}, nextId: 1 };
}

export interface SendInit {
  readonly label: string;
  readonly method: 'GET' | 'POST' | 'DELETE' | 'OPTIONS';
  readonly url?: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly until?: (textSoFar: string) => boolean;
  readonly maxBodyBytes?: number;
  readonly bodyMs?: number;
  /** Auxiliary checks: a failure is recorded in the exchanges but is not a finding. */
  readonly quiet?: boolean;
  /** A response that will be cut: sent on a connection of its own (see HttpRequestSpec). */
  readonly separateConnection?: boolean;
}

/**
 * Sends one request and records it. Returns undefined when it failed before a response (a finding
 * says why, unless `quiet`). Cancellation (step timeout, caller) is rethrown so the probe stops.
 */
export async function send(run: ProbeRun, init: SendInit): Promise<HttpResult | undefined> {
  const url = init.url ?? run.endpoint;
  const { deps } = run;
  const ownOrigin = sameOrigin(url, run.endpoint);
  const headers: Record<string, string> = { ...(ownOrigin ? deps.headers : undefined), ...init.headers };
  if (deps.token !== undefined && ownOrigin) headers.authorization = `Bearer ${deps.token}`;
  const began = performance.now();
  try {
    const res = await deps.http({
      url,
      method: init.method,
      headers,
      body: init.body,
      signal: deps.signal,
      tls: url.protocol === 'https:' ? deps.tlsFor(url) : undefined,
      maxBodyBytes: init.maxBodyBytes,
      until: init.until,
      separateConnection: init.separateConnection,
      timeouts: init.bodyMs === undefined ? deps.timeouts : { ...deps.timeouts, bodyMs: init.bodyMs },
    });
    record(run, init, url, began, { status: res.status, contentType: res.headers['content-type'], endedBy: res.endedBy });
    return res;
  } catch (err) {
    if (deps.signal.aborted) throw deps.signal.reason;
    record(run, init, url, began, { status: 0, errorCode: errorCode(err) });
    if (!init.quiet) {
      run.findings.push(
        requestFailureFinding(err, {
          url,
          method: init.method,
          address: deps.addressFor?.(url),
          firstByteMs: deps.timeouts.firstByteMs,
          connectMs: deps.timeouts.connectMs,
        }),
      );
    }
    return undefined;
  }
}

interface Outcome {
  readonly status: number;
  readonly contentType?: string;
  readonly errorCode?: string;
  readonly endedBy?: string;
}

function record(run: ProbeRun, init: SendInit, url: URL, began: number, outcome: Outcome): void {
  const exchange: McpExchange = {
    label: init.label,
    method: init.method,
    url: url.href,
    status: outcome.status,
    durationMs: Math.round(performance.now() - began),
    ...(outcome.contentType ? { contentType: outcome.contentType } : {}),
    ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}),
    ...(outcome.endedBy && outcome.endedBy !== 'complete' ? { endedBy: outcome.endedBy } : {}),
  };
  run.exchanges.push(exchange);
}

/** Adds a finding to the run. */
export function report<C extends FindingCode>(run: ProbeRun, code: C, evidence: EvidenceOf<C>, overrides?: FindingOverrides): void {
  run.findings.push(makeFinding(code, evidence, overrides));
}

/** A short, single-line excerpt of a body for evidence, with the token (if echoed) removed. */
export function bodySnippet(run: ProbeRun, body: string, max = 160): string {
  let text = body.replace(/\s+/g, ' ').trim();
  if (run.deps.token) text = text.split(run.deps.token).join('[redacted]');
  text = text.replace(/Bearer\s+[\w.~+/=-]+/gi, 'Bearer [redacted]');
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
