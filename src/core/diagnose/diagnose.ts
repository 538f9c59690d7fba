import { prewarmForeignKey } from '../auth/forge';
import { authStep } from './steps/auth';
import { parseTargetUrl } from '../discovery/url';
import { makeFinding } from '../findings/finding';
import { createHttpClient, type HttpClient } from '../http/client';
import { mcpStep } from './steps/mcp';
import { nodeNetTransport } from '../net/transport';
import { runSteps } from '../pipeline/runner';
import { redactRunSecrets, runSecrets } from '../redact/report';
import { proxyRouter } from '../proxy/resolve';
import { proxyStep } from './steps/proxy';
import { type Step, systemClock } from '../pipeline/types';
import { prewarmPythonTls } from '../tls/pythonCache';
import { tlsStep } from './steps/tls';
import { VERSION } from '../version';
import { type DiagnosisReport } from './report';
import { type DiagnoseOptions, type DiagnosisInput } from './options';
import { type DiagnosisState } from './state';
import { configStep } from './steps/config';
import { deployStep } from './steps/deploy';
import { dnsStep } from './steps/dns';
import { tcpStep } from './steps/tcp';
import { buildVerdict, orderForAttention } from './verdict';
import { checkProxyConfigs } from '../proxyconfig/check';

export { type DiagnoseOptions } from './options';

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
  const proxyConfig = options.proxyConfigFiles?.length
    ? checkProxyConfigs(options.proxyConfigFiles, url, outcome.findings, { quietWhenUnserved: options.proxyConfigFound })
    : undefined;
  const findings = orderForAttention([...outcome.findings, ...(proxyConfig?.findings ?? [])]);
  // A server may echo the credentials it was sent (error texts, challenges): they never leave the engine.
  return redactRunSecrets(
    {
      tool: { name: 'mcp-doctor', version: VERSION },
      target: url.href,
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Math.round(performance.now() - started),
      cancelled: outcome.cancelled,
      verdict: buildVerdict(findings, outcome.cancelled, state.proxy?.path === 'proxy' ? state.proxy.proxy : undefined, options.client),
      steps: outcome.steps,
      findings,
      tls: state.tls,
      redirects: state.redirects,
      mcp: state.mcp,
      auth: state.auth,
      proxy: state.proxy,
      deploy: state.deploy,
      ...(proxyConfig && { configLocations: proxyConfig.locations, proxyConfigFiles: proxyConfig.files }),
    },
    runSecrets(options.token, options.headers),
  );
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
    client: options.client,
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
