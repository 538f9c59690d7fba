import * as tls from 'node:tls';
import { makeFinding, type Finding } from '../../findings/finding';
import { type DiagnosisState } from '../state';
import { type StepContext, type Step } from '../../pipeline/types';
import { portOf, socketHost } from '../../net/transport';
import { type AcceptableCaProbe } from '../../mtls/acceptableCas';
import { clientCertAccepted, clientCertRejected, requiredCertEvidence } from './mtlsHandshake';
import { checkInterception, handshakePath } from './proxyTls';
import { type JsonStore } from '../../store/jsonStore';
import { tlsFindings } from '../../tls/analysis';
import { describeCertificate } from '../../tls/certInfo';
import { checkCertificateChange } from '../../tls/certChange';
import { caFileProblem } from '../../tls/caFiles';
import { clientCaList } from './tlsOptions';
import { evaluateClients, type ClientEvaluation } from '../../tls/clientMatrix';
import { connectionFailure } from './tlsConnectionErrors';
import { captureHandshake, type HandshakeCapture } from '../../tls/handshake';
import { explainRefusedHandshake } from './tlsRefused';
import { connectionHandshake } from './tlsReuse';
import { evaluateSources } from '../../tls/sourceReports';
import { leadPerspective } from '../../tls/leadView';
import { narrowToChain } from '../../tls/narrowSources';
import { certificateCount, loadTrustSources, type TrustEnvironmentOptions, type TrustSources } from '../../tls/trustSources';
import { type ClientId, type TlsReport } from '../../tls/types';
import { anchorSet, verifyChain } from '../../tls/verifyPath';

/** Knobs for the TLS step; the defaults suit the CLI. Tests inject paths and thresholds. */
export interface TlsStepOptions {
  /**
   * Warn when a certificate in the chain expires within this many days (default 30) and has less
   * than a third of its lifetime left (short-lived, auto-renewed certificates do not warn).
   */
  readonly expiringSoonDays?: number;
  /** Where trust stores are looked for (OS bundle paths, python command, ...); env comes from the state. */
  readonly trust?: Omit<TrustEnvironmentOptions, 'env' | 'userCas' | 'signal' | 'store'>;
  /** Remembers the last good certificate per endpoint; falls back to `state.input.store`. */
  readonly store?: JsonStore;
  /** OpenSSL security level of system tools (curl); default 2 (distribution builds of OpenSSL 3). */
  readonly systemSecurityLevel?: number;
  /** Reads the server's acceptable client-CA list (default: `openssl s_client`). */
  readonly acceptableCas?: AcceptableCaProbe;
}

export const DEFAULT_EXPIRING_SOON_DAYS = 30;

/** Builds the TLS step: handshake, chain capture, trust per source and per client, findings. */
export function createTlsStep(options: TlsStepOptions = {}): Step<DiagnosisState> {
  return {
    name: 'tls',
    label: 'TLS handshake and certificate trust',
    skipReason: (s) => (s.input.url.protocol === 'https:' ? undefined : 'plain http URL'),
    run: (ctx) => runTls(ctx, options),
  };
}

/** The pipeline's TLS step with default options. */
export const tlsStep: Step<DiagnosisState> = createTlsStep();

async function runTls(ctx: StepContext<DiagnosisState>, options: TlsStepOptions): Promise<void> {
  const { state } = ctx;
  const url = state.input.url;
  const hostname = socketHost(url);
  const port = portOf(url);
  const address = state.connected?.address ?? hostname;
  verificationDisabled(state.input.env).forEach((f) => ctx.add(f));
  const [sources, result] = await Promise.all([
    loadTrustSources({
      ...options.trust,
      env: state.input.env,
      userCas: state.cas,
      signal: ctx.signal,
      store: options.store ?? state.input.store,
    }),
    connectionHandshake(ctx).then(
      (reused) =>
        reused ??
        captureHandshake(
          state.input.net,
          { address, port, hostname, ca: clientCaList(state) ?? tls.rootCertificates, ...handshakePath(state) },
          ctx.signal,
        ),
    ),
  ]);
  envCaFileFindings(sources).forEach((f) => ctx.add(f));
  const capture = result.capture;
  const where = { hostname, port, probe: options.acceptableCas };
  // A refusal before any certificate is explained first: with a client certificate configured, a
  // handshake_failure alert is a rejected certificate only if the server asked for one.
  const rejected = (await explainRefusedHandshake(ctx, result, where)) || (await clientCertRejected(ctx, result, where));
  if (!capture || capture.sent.length === 0) {
    state.tls = { trusted: false };
    if (!rejected)
      connectionFailure(ctx, {
        address,
        hostname,
        port,
        code: result.error?.code ?? 'UNKNOWN',
        message: result.error?.message ?? 'no certificate',
      });
    return;
  }
  await checkInterception(ctx, capture, where);
  const analysed = analyse(ctx, capture, narrowToChain(sources, capture.sent), { hostname, port, options, failure: result.error?.code });
  const report = result.httpConnection ? { ...analysed, httpConnection: result.httpConnection } : analysed;
  state.tls = report;
  if (capture.relaxed) ctx.stopAfterThis('no TLS handshake is possible with default client settings');
  if (capture.clientCertRequired) {
    ctx.add(
      makeFinding('TLS_CLIENT_CERT_REQUIRED', {
        host: hostname,
        port,
        protocol: capture.protocol,
        errorCode: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
        ...(await requiredCertEvidence(ctx, where)),
      }),
    );
    ctx.stopAfterThis('the server requires a client certificate');
  }
  if (!rejected) clientCertAccepted(ctx, capture, where);
  await rememberCertificate(ctx, report, { hostname, port, store: options.store });
}

interface Where {
  readonly hostname: string;
  readonly port: number;
  readonly options: TlsStepOptions;
  readonly failure?: string;
}

function analyse(ctx: StepContext<DiagnosisState>, capture: HandshakeCapture, sources: TrustSources, where: Where): TlsReport {
  const { state } = ctx;
  const now = ctx.clock.now();
  const effectiveSources = sources.list.filter(
    (s) => s.id === 'node-bundled' || s.id === 'user-ca' || (s.id === 'node-extra' && !s.unavailable),
  );
  const anchors = anchorSet(effectiveSources.flatMap((s) => s.certs.map((cert) => ({ cert, source: s.id }))));
  const effective = verifyChain({ sent: capture.sent, anchors, host: where.hostname, now, policy: { securityLevel: 1, cnFallback: true } });
  const clients = withRealNodeVerdict(
    evaluateClients({
      sent: capture.sent,
      host: where.hostname,
      now,
      env: state.input.env,
      sources,
      url: state.input.url.href,
      systemSecurityLevel: where.options.systemSecurityLevel,
      platform: where.options.trust?.platform,
    }),
    capture,
  );
  // Only CA files configured for this server (--ca) say anything about this chain: NODE_EXTRA_CA_CERTS is
  // process-wide (often the OS bundle), so it must not turn an untrusted root into a "missing intermediate".
  const hasUserTrust = effectiveSources.some((s) => s.id === 'user-ca' && certificateCount(s) > 0);
  const lead = leadPerspective(clients, state.input.client);
  tlsFindings({
    capture,
    effective: lead.predicted?.verdict ?? effective,
    clients,
    sources,
    host: where.hostname,
    url: state.input.url.href,
    now,
    hasUserTrust,
    failureCode: where.failure,
    lead,
    effectiveTrustFrom:
      lead.predicted?.trustFrom ??
      effectiveSources.map((s) => (s.origin && s.id !== 'node-bundled' ? `${s.label} (${s.origin})` : s.label)).join(' + '),
    expiringSoonDays: where.options.expiringSoonDays ?? DEFAULT_EXPIRING_SOON_DAYS,
  }).forEach((f) => ctx.add(f));
  const leaf = describeCertificate(capture.sent[0]!, now);
  return {
    protocol: capture.protocol,
    cipher: capture.cipher,
    alpn: capture.alpn,
    clientCertRequired: capture.clientCertRequired,
    leafFingerprint256: leaf.fingerprint256,
    trusted: capture.authorized && !capture.relaxed,
    authorizationError: capture.authorized ? where.failure : capture.authorizationError,
    sent: capture.sent.map((c) => describeCertificate(c, now)),
    chain: effective.path,
    sources: evaluateSources(capture.sent, sources.list, where.hostname, now),
    clients: clients.map((c) => c.report),
  };
}

/**
 * The row for the client being diagnosed follows Node's own verdict from the real handshake:
 * OpenSSL is the authority, the local path check only explains it.
 */
function withRealNodeVerdict(clients: ClientEvaluation[], capture: HandshakeCapture): ClientEvaluation[] {
  const ids: ClientId[] = ['node-configured', 'node-extra-ca', 'node'];
  const target = ids.find((id) => clients.some((c) => c.report.client === id));
  const real = capture.authorized && !capture.relaxed;
  return clients.map((c) => {
    if (c.report.client !== target || c.report.trusts === real) return c;
    const reason = real
      ? 'Node accepted the chain in the real handshake'
      : `Node rejected the chain in the real handshake (${capture.authorizationError ?? 'handshake needed legacy settings'})`;
    return { ...c, report: { ...c.report, trusts: real, reason } };
  });
}

async function rememberCertificate(
  ctx: StepContext<DiagnosisState>,
  report: TlsReport,
  where: { hostname: string; port: number; store?: JsonStore },
): Promise<void> {
  const store = where.store ?? ctx.state.input.store;
  const leaf = report.sent?.[0];
  if (!store || !leaf) return;
  const finding = await checkCertificateChange({
    store,
    host: where.hostname,
    port: where.port,
    leaf,
    issuerFingerprint256: report.chain?.[1]?.fingerprint256,
    trusted: report.trusted,
    now: ctx.clock.now(),
    url: ctx.state.input.url.href,
  });
  if (finding) ctx.add(finding);
}

const DISABLING_VARIABLES: readonly { name: string; disabled: (v: string) => boolean }[] = [
  { name: 'NODE_TLS_REJECT_UNAUTHORIZED', disabled: (v) => v === '0' },
  { name: 'PYTHONHTTPSVERIFY', disabled: (v) => v === '0' },
];

function verificationDisabled(env: DiagnosisState['input']['env']): Finding[] {
  const set = DISABLING_VARIABLES.filter((d) => env[d.name] !== undefined && d.disabled(env[d.name]!));
  if (set.length === 0) return [];
  return [
    makeFinding('TLS_VERIFICATION_DISABLED', {
      variables: set.map((d) => `${d.name}=${env[d.name]}`),
      unset: `unset ${set.map((d) => d.name).join(' ')}`,
    }),
  ];
}

/** Variables that name a file, never a directory (REQUESTS_CA_BUNDLE may name either; SSL_CERT_DIR names directories). */
const FILE_VARIABLES = new Set(['NODE_EXTRA_CA_CERTS', 'SSL_CERT_FILE', 'CURL_CA_BUNDLE']);

/** A CA file named by an environment variable that cannot be used is a configuration error, worded by the one CA-file loader. */
function envCaFileFindings(sources: TrustSources): Finding[] {
  return sources.list.flatMap((s) => {
    if (!s.variable) return [];
    const error = s.pathKind === 'directory' && FILE_VARIABLES.has(s.variable) ? 'EISDIR' : s.unavailable;
    return error ? [caFileProblem(s.origin ?? '', s.variable, error)] : [];
  });
}
