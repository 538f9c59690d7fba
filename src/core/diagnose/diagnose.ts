import { type AuthOptions } from '../auth/options';
import { prewarmForeignKey } from '../auth/forge';
import { authStep } from '../auth/step';
import { parseTargetUrl } from '../discovery/url';
import { makeFinding, sortFindings } from '../findings/finding';
import { createHttpClient, type HttpClient } from '../http/client';
import { mcpStep } from '../mcp/step';
import { nodeNetTransport, type NetTransport } from '../net/transport';
import { runSteps } from '../pipeline/runner';
import { redactRunSecrets, runSecrets } from '../redact/report';
import { type ClientCertConfig } from '../proxy/clientCert';
import { proxyRouter } from '../proxy/resolve';
import { proxyStep } from '../proxy/step';
import { type ProxyConfig } from '../proxy/types';
import { type Clock, type ProgressEvent, type Step, systemClock } from '../pipeline/types';
import { type DeployOptions } from '../deploy/types';
import { type JsonStore } from '../store/jsonStore';
import { prewarmPythonTls } from '../tls/pythonCache';
import { tlsStep } from '../tls/step';
import { VERSION } from '../version';
import { type DiagnosisReport } from './report';
import { type DiagnosisInput, type DiagnosisState } from './state';
import { configStep } from './steps/config';
import { deployStep } from './steps/deploy';
import { dnsStep } from './steps/dns';
import { tcpStep } from './steps/tcp';
import { buildVerdict } from './verdict';

export interface DiagnoseOptions {
  readonly url: string;
  readonly caFiles?: readonly string[];
  /** A secret: used for requests, never copied into the report. */
  readonly token?: string;
  /** Extra headers the client sends (mcp.json `headers`); secrets, sent only to the server's origin. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly compareUrl?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Per-step timeout in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  readonly net?: NetTransport;
  /**
   * HTTP transport; by default one undici client per run, closed when the run ends. A long-lived
   * client from `createHttpClient` lets `background` runs reuse its connections.
   */
  readonly http?: HttpClient;
  /**
   * A light, repeated check (the editor's status bar): no auth probes, no GET-stream probe (cutting
   * the endless stream costs its connection), and the TLS step analyses the chain of the injected
   * client's live verified connection to the server instead of a handshake of its own (when there is
   * none it opens one with that client, which the requests then use). Direct routes without a client
   * certificate only; through a proxy or with mutual TLS the full TLS step runs. Default false.
   */
  readonly background?: boolean;
  /** Where facts are remembered across runs (certificate change detection); none by default. */
  readonly store?: JsonStore;
  /** Expected issuer / audience / scopes, a JWKS override, auth probes on or off (default on). */
  readonly auth?: AuthOptions;
  /** Explicit proxy (`--proxy`, `--no-proxy`, VS Code settings); default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY from `env`. */
  readonly proxy?: ProxyConfig;
  /** Client certificate for mutual TLS (`--cert`/`--key`, `--pfx`). */
  readonly clientCert?: ClientCertConfig;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Deployment checks beyond the affinity series: `--stream-tool NAME [--stream-args JSON]`. */
  readonly deploy?: DeployOptions;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

export const PIPELINE: readonly Step<DiagnosisState>[] = [configStep, proxyStep, dnsStep, tcpStep, tlsStep, mcpStep, authStep, deployStep];

/** Runs the whole diagnosis. Never throws for anything the server or the input does. */
export async function diagnose(options: DiagnoseOptions): Promise<DiagnosisReport> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const started = performance.now();
  const url = parseTargetUrl(options.url);
  if (typeof url === 'string') return invalidUrlReport(options.url, url, startedAt);
  const env = options.env ?? process.env;
  if (options.auth?.authProbes !== false && !options.background) prewarmForeignKey(options.store);
  // The TLS step waits for Python's certifi answer (a process spawn): start it alongside DNS and TCP.
  if (url.protocol === 'https:') prewarmPythonTls(options.store);
  const ownHttp = options.http ? undefined : createHttpClient({ proxyFor: proxyRouter(options.proxy, env), net: options.net });
  const state: DiagnosisState = { input: toInput(url, options, options.http ?? ownHttp), cas: [] };
  const outcome = await runSteps(PIPELINE, state, {
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    clock,
    signal: options.signal,
    onProgress: options.onProgress,
  }).finally(() => ownHttp?.close());
  const findings = sortFindings(outcome.findings);
  // A server may echo the credentials it was sent (error texts, challenges): they never leave the engine.
  return redactRunSecrets({
    tool: { name: 'mcp-doctor', version: VERSION },
    target: url.href,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.round(performance.now() - started),
    cancelled: outcome.cancelled,
    verdict: buildVerdict(findings, outcome.cancelled, state.proxy?.path === 'proxy' ? state.proxy.proxy : undefined),
    steps: outcome.steps,
    findings,
    tls: state.tls,
    redirects: state.redirects,
    mcp: state.mcp,
    auth: state.auth,
    proxy: state.proxy,
    deploy: state.deploy,
  }, runSecrets(options.token, options.headers));
}

function toInput(url: URL, options: DiagnoseOptions, http: HttpClient | undefined): DiagnosisInput {
  const compare = options.compareUrl ? parseTargetUrl(options.compareUrl) : undefined;
  return {
    url,
    caFiles: options.caFiles ?? [],
    token: options.token,
    headers: options.headers,
    compareUrl: compare instanceof URL ? compare : undefined,
    env: options.env ?? process.env,
    net: options.net ?? nodeNetTransport,
    http,
    store: options.store,
    auth: options.background ? { ...options.auth, authProbes: false } : options.auth,
    background: options.background === true,
    proxy: options.proxy,
    clientCert: options.clientCert,
    deploy: options.deploy,
  };
}

function invalidUrlReport(input: string, reason: string, startedAt: number): DiagnosisReport {
  const findings = [makeFinding('CONFIG_INVALID_URL', { input, reason })];
  return {
    tool: { name: 'mcp-doctor', version: VERSION },
    target: input,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: 0,
    cancelled: false,
    verdict: buildVerdict(findings, false),
    steps: [{ name: 'config', status: 'failed', durationMs: 0 }],
    findings,
  };
}
