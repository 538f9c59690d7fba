// Test-only helpers: TLS servers on loopback and a one-step runner for the TLS step.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer, type Server } from 'node:net';
import type * as tls from 'node:tls';
import { type LeadClient } from '../../src/core/tls/leadClient';
import { type Finding } from '../../src/core/findings/finding';
import { type DiagnosisState } from '../../src/core/diagnose/state';
import { type LoadedCa } from '../../src/core/tls/types';
import { nodeNetTransport } from '../../src/core/net/transport';
import { type Step, type StepContext } from '../../src/core/pipeline/types';
import { type JsonStore } from '../../src/core/store/jsonStore';
import { splitPem } from '../../src/core/tls/pem';

export interface Running {
  readonly port: number;
  close(): Promise<void>;
}

async function listen(server: Server | HttpServer): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        (server as HttpServer).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export interface RunningTls extends Running {
  /** Swaps the served chain in place (same port): "the containers were rebuilt". */
  reload(cert: string, key: string): void;
}

/** An HTTPS server answering "ok"; `cert` is the chain as the server sends it. SECLEVEL=0 loads weak test keys. */
export async function serveTls(cert: string, key: string, extra: tls.TlsOptions = {}): Promise<RunningTls> {
  const server = createHttpsServer({ cert, key, ciphers: 'DEFAULT@SECLEVEL=0', ...extra }, (_req, res) => res.end('ok'));
  server.on('tlsClientError', () => undefined);
  const running = await listen(server);
  return { ...running, reload: (c, k) => server.setSecureContext({ cert: c, key: k, ciphers: 'DEFAULT@SECLEVEL=0' }) };
}

export function servePlainHttp(): Promise<Running> {
  return listen(createHttpServer((_req, res) => res.end('plain')));
}

/** Accepts TCP, then resets: a server that crashes while starting. */
export function serveReset(): Promise<Running> {
  return listen(createNetServer((socket) => socket.resetAndDestroy()));
}

export interface StepRun {
  readonly findings: Finding[];
  readonly state: DiagnosisState;
  readonly stopped?: string;
}

/** Runs one step against a URL the way the pipeline would, with real sockets. */
export async function runStep(
  step: Step<DiagnosisState>,
  url: string,
  options: {
    env?: Record<string, string>;
    cas?: LoadedCa[];
    now?: number;
    timeoutMs?: number;
    store?: JsonStore;
    client?: LeadClient;
  } = {},
): Promise<StepRun> {
  // `store` rides on the input the way DiagnosisInput carries it.
  const input = {
    url: new URL(url),
    caFiles: [],
    env: options.env ?? {},
    net: nodeNetTransport,
    ...(options.store ? { store: options.store } : {}),
    ...(options.client ? { client: options.client } : {}),
  };
  const state: DiagnosisState = { input, cas: options.cas ?? [] };
  const findings: Finding[] = [];
  let stopped: string | undefined;
  const ctx: StepContext<DiagnosisState> = {
    state,
    signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    timeoutMs: options.timeoutMs ?? 10_000,
    clock: { now: () => options.now ?? Date.now() },
    add: (f) => findings.push(f),
    stopAfterThis: (reason) => {
      stopped ??= reason;
    },
  };
  await step.run(ctx);
  return { findings, state, stopped };
}

export function loadedCa(path: string, pem: string): LoadedCa {
  return { path, pems: splitPem(pem) };
}
