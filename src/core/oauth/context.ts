import { connectionOptions, fetchJson, refusalFinding, type FetchedJson } from '../http/fetchDocument';
import { checkNamedUrl, type UrlGuard } from '../http/urlGuard';
import { type Finding } from '../findings/finding';
import { type HttpResult } from '../http/client';
import { errorCode } from '../net/errors';
import { systemClock, type Clock } from '../pipeline/types';
import { redactHeaders } from '../redact/headers';
import { redactBody, redactUrl } from './redaction';
import { type FlowDeps, type FlowExchange, type FlowOptions, type FlowStepName } from './types';

const DEFAULT_REQUEST_MS = 10_000;
const MAX_RESPONSE_BYTES = 256 * 1024;

/** One POST/GET of the flow to a URL the server or its AS named (token, registration endpoints). */
export interface FlowRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export type Sent = { readonly result: HttpResult; readonly index: number } | { readonly failure: string; readonly index: number };

/**
 * The running flow: its deps, what it recorded so far, and the secrets it must keep out of every
 * output. Each request goes through {@link FlowContext.send} or {@link FlowContext.fetchDocument},
 * so each is guarded by the URL-fetch rule, bounded, timed and recorded.
 */
export class FlowContext {
  readonly exchanges: FlowExchange[] = [];
  readonly findings: Finding[] = [];
  readonly secrets = new Set<string>();
  readonly guard: UrlGuard;
  readonly clock: Clock;
  readonly requestTimeoutMs: number;
  waitingForUserMs = 0;

  constructor(
    readonly deps: FlowDeps,
    readonly options: FlowOptions,
  ) {
    this.guard = { serverUrl: options.url, lookup: deps.lookup };
    this.clock = deps.clock ?? systemClock;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_MS;
  }

  /** TLS options for a URL, as the fetch helpers want them (the user's trust for that host). */
  readonly tlsFor = (url: URL) => this.deps.tls?.(url) ?? {};

  get signal(): AbortSignal {
    return this.options.signal;
  }

  /** Remembers a secret value so that no output can contain it. */
  secret(value: string | undefined): void {
    if (value) this.secrets.add(value);
  }

  add(finding: Finding, exchangeIndex?: number): void {
    this.findings.push(finding);
    if (exchangeIndex === undefined) return;
    const exchange = this.exchanges[exchangeIndex];
    if (exchange)
      this.exchanges[exchangeIndex] = {
        ...exchange,
        ok: exchange.ok && finding.severity !== 'error',
        findings: [...(exchange.findings ?? []), finding.code],
      };
  }

  record(exchange: FlowExchange): number {
    this.exchanges.push(exchange);
    return this.exchanges.length - 1;
  }

  /** Replaces the verdict of a recorded exchange once its answer has been judged. */
  judge(index: number, verdict: string, ok: boolean): void {
    const exchange = this.exchanges[index];
    if (exchange) this.exchanges[index] = { ...exchange, verdict, ok };
  }

  /** Sends one request through the URL-fetch rule; records it (redacted) whatever happens. Never throws. */
  async send(step: FlowStepName, request: FlowRequest, named = true): Promise<Sent> {
    const started = performance.now();
    const base = {
      step,
      method: request.method,
      url: redactUrl(request.url.href),
      requestHeaders: redactHeaders(request.headers ?? {}),
      requestBody: redactBody(request.body, request.headers?.['content-type']),
    };
    if (named) {
      const refusal = await checkNamedUrl(request.url, this.guard, this.signal);
      if (refusal) {
        const index = this.record({ ...base, verdict: 'not sent: the URL-fetch rule refused it', ok: false, durationMs: 0 });
        this.add(refusalFinding(step, { url: request.url.href, refusal }), index);
        return { failure: 'refused', index };
      }
    }
    try {
      const tls = request.url.protocol === 'https:' ? this.deps.tls?.(request.url) : undefined;
      const result = await this.deps.http({
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: request.body,
        tls: named ? connectionOptions(request.url, tls, this.guard) : tls,
        signal: AbortSignal.any([this.signal, AbortSignal.timeout(this.requestTimeoutMs)]),
        maxBodyBytes: MAX_RESPONSE_BYTES,
      });
      const index = this.record({
        ...base,
        status: result.status,
        verdict: `${result.status}`,
        ok: result.status < 400,
        responseHeaders: redactHeaders(result.headers),
        responseBody: redactBody(result.body, result.headers['content-type']),
        durationMs: Math.round(performance.now() - started),
      });
      return { result, index };
    } catch (err) {
      const code = this.signal.aborted ? 'ABORTED' : (errorCode(err) ?? 'UNKNOWN');
      const index = this.record({
        ...base,
        errorCode: code,
        verdict: `no answer (${code})`,
        ok: false,
        durationMs: Math.round(performance.now() - started),
      });
      return { failure: code, index };
    }
  }

  /** GETs a JSON document a server named (metadata, JWKS), walking redirects; each hop is an exchange. */
  async fetchDocument(step: FlowStepName, url: URL, purpose: string, maxRedirects = 3): Promise<FetchedJson & { index: number }> {
    const started = performance.now();
    const fetched = await fetchJson(url, purpose, {
      http: this.deps.http,
      tls: this.tlsFor,
      signal: this.signal,
      timeoutMs: this.requestTimeoutMs,
      maxRedirects,
      guard: this.guard,
    });
    const each = Math.round((performance.now() - started) / Math.max(1, fetched.attempts.length));
    let index = -1;
    for (const attempt of fetched.attempts) {
      index = this.record({
        step,
        method: 'GET',
        url: redactUrl(attempt.url),
        status: attempt.status,
        errorCode: attempt.errorCode,
        verdict: `${purpose}: ${attempt.outcome}`,
        ok: attempt.outcome === 'ok' || attempt.outcome === 'redirect',
        durationMs: each,
      });
    }
    if (fetched.refused) this.add(refusalFinding(purpose, fetched.refused), index);
    return { ...fetched, index };
  }
}
