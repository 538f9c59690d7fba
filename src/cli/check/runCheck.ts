import { diagnose } from '../../core/diagnose/diagnose';
import { type DiagnosisReport } from '../../core/diagnose/report';
import { type ClientCertConfig } from '../../core/mtls/clientCert';
import { type LeadClient } from '../../core/tls/leadClient';
import { type NetTransport } from '../../core/net/transport';
import { mapBounded } from '../../core/pipeline/bounded';
import { type ProxyConfig } from '../../core/proxy/types';
import { type JsonStore } from '../../core/store/jsonStore';
import { type CheckOutcome, outcomeOf } from './outcome';
import { type CheckTarget } from './targets';

/** The diagnose options every server of a check shares. */
export interface SharedOptions {
  readonly caFiles: readonly string[];
  readonly timeoutMs: number;
  readonly proxy?: ProxyConfig;
  readonly clientCert?: ClientCertConfig;
  readonly authProbes: boolean;
  /** Whose view leads every server's verdict (`--client`); none: every client in the trust matrix counts. */
  readonly client?: LeadClient;
  /** The reverse proxy's configs (`--proxy-config`): each server gets the lines that serve it; the others say nothing. */
  readonly proxyConfigFiles?: readonly string[];
}

export interface RunCheckOptions {
  readonly shared: SharedOptions;
  readonly concurrency: number;
  /** The environment the diagnosed clients run with (trust variables, proxies). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** One store for every server (certificate history, certifi location, the probe key). */
  readonly store?: JsonStore;
  readonly signal?: AbortSignal;
  /** Socket transport for the TCP step (tests and the bench inject one). */
  readonly net?: NetTransport;
  readonly onStart?: (target: CheckTarget) => void;
  readonly onOutcome?: (outcome: CheckOutcome) => void;
}

/**
 * Diagnoses every target, at most `concurrency` at once, in one process: the trust stores, the
 * Python certifi answer and the probe key are read once and shared by every run. Outcomes come back
 * in target order; a target the cancellation reached before it started is `cancelled`.
 */
export async function runCheck(
  targets: readonly CheckTarget[],
  options: RunCheckOptions,
): Promise<{ outcomes: CheckOutcome[]; totalMs: number }> {
  const started = performance.now();
  const outcomes = await mapBounded(
    targets,
    options.concurrency,
    async (target) => {
      options.onStart?.(target);
      const t0 = performance.now();
      const report = await diagnoseTarget(target, options);
      const outcome = outcomeOf(target, report, Math.round(performance.now() - t0));
      options.onOutcome?.(outcome);
      return outcome;
    },
    options.signal,
  );
  return { outcomes: targets.map((t, i) => outcomes[i] ?? outcomeOf(t, undefined, 0)), totalMs: Math.round(performance.now() - started) };
}

function diagnoseTarget(target: CheckTarget, options: RunCheckOptions): Promise<DiagnosisReport> {
  const { server } = target;
  const { shared } = options;
  return diagnose({
    url: server.url,
    caFiles: [...shared.caFiles, ...server.caFiles],
    token: target.token,
    headers: target.headers,
    env: options.env,
    timeoutMs: shared.timeoutMs,
    auth: { authProbes: shared.authProbes },
    proxy: shared.proxy,
    clientCert: shared.clientCert,
    client: shared.client,
    ...(shared.proxyConfigFiles?.length && { proxyConfigFiles: shared.proxyConfigFiles, proxyConfigFound: true }),
    store: options.store,
    signal: options.signal,
    net: options.net,
  });
}
