import { clientForSource, type LeadClient } from '../../core/tls/leadClient';
import { type DiagnosisReport } from '../../core/diagnose/report';
import { type DeployOptions } from '../../core/deploy/types';
import { type ProgressEvent } from '../../core/pipeline/types';
import { runFromReport } from '../../core/timeline/timeline';
import { clientTlsOptions } from '../jwt/trust';
import { clientCertFor, proxyConfigFor } from '../network';
import { type PresentationContext } from '../presenter';
import { redactDeep } from '../../core/redact/deep';
import { type DiscoveredServer } from '../../core/discovery/types';
import { headerSecrets, prepareTarget, type PreparedTarget } from '../servers/target';
import { type Services } from '../services';
import { type ClientSetting } from '../settings';
import { refreshExpiredToken } from './signInGrant';

export interface RunOptions {
  readonly signal: AbortSignal;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Background check: no auth probes, no GET-stream probe, the server's kept connection reused. */
  readonly light: boolean;
  /** Wait for the JWKS cache refresh (token verification needs it); otherwise it runs detached. */
  readonly awaitJwks?: boolean;
  /** Deployment checks the user asked for ("Check Streams and Timeouts"); never in a light run. */
  readonly deploy?: DeployOptions;
}

/**
 * Runs one diagnosis and records it everywhere: timeline (not for cancelled runs), status,
 * session, redacted log, and the server's JWKS cache. Returns the REDACTED report.
 */
export async function runDiagnosis(s: Services, target: PreparedTarget, options: RunOptions): Promise<DiagnosisReport> {
  const { server } = target;
  s.knownSecrets.add(...headerSecrets(server));
  s.health.checking(server);
  let report: DiagnosisReport;
  try {
    const engine = await s.engine();
    const settings = s.settings();
    const proxy = proxyConfigFor(server, settings.http);
    // Background checks reuse the server's kept connection; a manual run gets a fresh client and handshake.
    const http = options.light
      ? s.backgroundHttp.clientFor(engine, server.id, { proxy, env: s.env, intervalSeconds: settings.statusBarIntervalSeconds })
      : undefined;
    report = await engine.diagnose({
      url: server.url,
      caFiles: server.caFiles,
      token: target.token,
      headers: target.headers,
      compareUrl: server.compareUrl,
      env: s.env,
      timeoutMs: settings.timeoutMs,
      signal: options.signal,
      onProgress: options.onProgress,
      store: s.store,
      auth: {
        expectedIssuer: server.expectedIssuer,
        expectedAudience: server.expectedAudience,
        requiredScopes: server.requiredScopes,
        authProbes: !options.light,
      },
      background: options.light,
      http,
      proxy,
      clientCert: await clientCertFor(server, s.secrets),
      client: leadClientFor(server, settings.client),
      deploy: options.light ? undefined : deployOptionsFor(server, options.deploy),
      ...(await proxyConfigOf(s)),
    });
  } catch (err) {
    s.health.aborted(server);
    throw err;
  }
  const redacted = redactDeep(report, { secrets: s.knownSecrets.list() });
  s.health.finished(server, redacted);
  if (!redacted.cancelled)
    await s.timeline.record(server.id, runFromReport(redacted)).catch((err: unknown) => s.log.warn(`timeline not saved: ${message(err)}`));
  s.session.remember({ report: redacted, context: contextOf(target), server, finishedAt: s.now() });
  logRun(s, target, redacted, options.light);
  const jwks = refreshJwks(s, target, redacted).catch((err: unknown) => s.log.debug(`JWKS cache not refreshed: ${message(err)}`));
  if (options.awaitJwks) await jwks;
  return redacted;
}

/**
 * The server's own deployment settings (`origin`, `streamTool`, `streamArgs` in mcpDoctor.servers),
 * unless the command chose the checks itself ("Check Streams and Timeouts": the tool picked there,
 * or none, replaces the configured one); the configured origin applies either way.
 */
export function deployOptionsFor(server: DiscoveredServer, asked: DeployOptions | undefined): DeployOptions | undefined {
  const configured = server.deploy;
  if (!asked) return configured;
  const origin = asked.origin ?? configured?.origin;
  return { ...asked, ...(origin ? { origin } : {}) };
}

/**
 * The mcpDoctor.client setting, or (auto) the client the server's configuration file belongs to.
 * A settings entry with `caFiles` describes a client configured with those CAs, which VS Code's
 * own MCP client cannot be: Node (the row with the configured CA files) leads there.
 */
export function leadClientFor(server: DiscoveredServer, setting: ClientSetting): LeadClient {
  if (setting !== 'auto') return setting;
  if (server.source.kind === 'settings' && server.caFiles.length > 0) return 'node';
  return clientForSource(server.source.kind);
}

/** The proxy configs to check: those named in the setting, or those found in the workspace. */
async function proxyConfigOf(s: Services): Promise<{ proxyConfigFiles?: readonly string[]; proxyConfigFound?: boolean }> {
  const files = await s.proxyConfigFiles?.().catch(() => []);
  return files?.length ? { proxyConfigFiles: files, proxyConfigFound: s.settings().proxyConfigFiles.length === 0 } : {};
}

/** What the presenter is told about the server behind a report. */
export function contextOf(target: PreparedTarget): PresentationContext {
  const { server } = target;
  const source = server.source.kind === 'url' ? 'entered URL' : (server.source.path ?? 'settings (mcpDoctor.servers)');
  return { serverId: server.id, serverName: server.name, source };
}

function logRun(s: Services, target: PreparedTarget, report: DiagnosisReport, light: boolean): void {
  const { server } = target;
  const lines = [
    `${light ? 'background check' : 'diagnosis'} of "${server.name}" ${report.target} (${contextOf(target).source}); token: ${target.tokenOrigin}`,
    ...target.notes.map((n) => `  note: ${n}`),
    ...report.steps.map((st) => `  step ${st.name}: ${st.status} in ${st.durationMs} ms${st.note ? ` (${st.note})` : ''}`),
    `  verdict: ${report.verdict.severity}${report.verdict.code ? ` ${report.verdict.code}` : ''}: ${report.verdict.summary}`,
    ...(report.verdict.fix ? [`  fix: ${report.verdict.fix}`] : []),
    ...report.findings.filter((f) => f.severity !== 'ok').map((f) => `  ${f.severity} ${f.code}: ${f.title}`),
  ];
  const text = lines.join('\n');
  if (report.verdict.severity === 'error') s.log.warn(text);
  else s.log.info(text);
}

/**
 * Fetches the configured server's JWKS (from the `jwks_uri` its own metadata named) so hovers can
 * verify tokens offline. Skipped when fresh; never uses a URL found in a token.
 */
async function refreshJwks(s: Services, target: PreparedTarget, report: DiagnosisReport): Promise<void> {
  const as = report.auth?.authorizationServer;
  const jwksUri = as?.jwksUri;
  const { server } = target;
  if (!jwksUri || s.jwks.isFresh(server.id, jwksUri, s.now())) return;
  const engine = await s.engine();
  const http = engine.createHttpClient({ proxy: { config: proxyConfigFor(server, s.settings().http), env: s.env } });
  try {
    const timeoutMs = s.settings().timeoutMs;
    const tls = await clientTlsOptions(server.caFiles, s.env);
    const fetched = await engine.fetchJwks(new URL(jwksUri), {
      http,
      tls,
      signal: AbortSignal.timeout(timeoutMs),
      timeoutMs,
      guard: { serverUrl: new URL(server.url) },
    });
    if (!fetched.jwks) return;
    s.jwks.set({
      serverId: server.id,
      serverName: server.name,
      jwksUrl: jwksUri,
      issuer: server.expectedIssuer ?? as?.issuer,
      audience: server.expectedAudience ?? report.auth?.expected?.audience,
      requiredScopes: server.requiredScopes,
      jwks: fetched.jwks,
      fetchedAt: s.now(),
    });
  } finally {
    await http.close();
  }
}

export function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A light background check: no prompts, no auth probes; whatever secrets are stored are used. */
export async function backgroundCheck(s: Services, server: DiscoveredServer, signal: AbortSignal): Promise<void> {
  await refreshExpiredToken(s, server, signal).catch((err: unknown) =>
    s.log.warn(`token refresh of "${server.name}" failed: ${message(err)}`),
  );
  const target = await prepareTarget(server, { ...s, ui: undefined, rediscover: () => s.registry.discover() });
  if (target) await runDiagnosis(s, target, { signal, light: true });
}
