import type { DiagnoseOptions } from '../core/diagnose/diagnose';
import type { ConfirmReportOptions } from '../core/diagnose/confirm';
import type { DiagnosisReport } from '../core/diagnose/report';
import type { FetchOptions } from '../core/http/fetchDocument';
import type { HttpClientOptions, PooledHttpClient } from '../core/http/client';
import type { DecodedToken, JwksFetchResult, TokenVerification, VerifyOptions } from '../core/jwt/types';
import type { Finding } from '../core/findings/finding';
import type { FlowDeps, FlowOptions, FlowResult, OAuthFlowReport } from '../core/oauth/types';
import type { RefreshDeps, StoredGrant, StoredRefreshResult } from '../core/oauth/refreshStored';

/** The engine entry points the extension uses, loaded on first use (never during activation). */
export interface Engine {
  diagnose(options: DiagnoseOptions): Promise<DiagnosisReport>;
  decodeToken(text: string): DecodedToken;
  verifyToken(text: string, options: VerifyOptions): Promise<TokenVerification>;
  fetchJwks(url: URL, options: FetchOptions): Promise<JwksFetchResult>;
  createHttpClient(options?: HttpClientOptions): PooledHttpClient;
  runAuthorizationFlow(options: FlowOptions, deps: FlowDeps): Promise<FlowResult>;
  flowMarkdown(report: OAuthFlowReport, findings: readonly Finding[]): string;
  /** One refresh of the grant a sign-in stored (keeping its `resource`). */
  refreshStoredGrant(
    grant: StoredGrant,
    deps: RefreshDeps,
    options: { readonly signal: AbortSignal; readonly timeoutMs?: number },
  ): Promise<StoredRefreshResult>;
  /** Runs the installed real clients against the report's URL and marks its trust matrix (--confirm-clients). */
  confirmReport(report: DiagnosisReport, options: ConfirmReportOptions): Promise<DiagnosisReport>;
}

export type EngineLoader = () => Promise<Engine>;

/** Token decoding alone (no network code): what hovers and decorations need on every scroll. */
export type DecoderLoader = () => Promise<(text: string) => DecodedToken>;

let decoding: Promise<(text: string) => DecodedToken> | undefined;

export const loadDecoder: DecoderLoader = () => {
  decoding ??= import('../core/jwt/decode')
    .then((m) => m.decodeToken)
    .catch((err: unknown) => {
      decoding = undefined;
      throw err;
    });
  return decoding;
};

let loading: Promise<Engine> | undefined;

/**
 * A dynamic import: the production build maps it to a separate bundle (dist/engine.js, see
 * esbuild.mjs), so undici, jose and node:tls are neither parsed nor initialised until a command,
 * a check or a hover with cached keys first needs them.
 */
export const loadEngine: EngineLoader = () => {
  loading ??= import('./engineBundle')
    .then((m) => {
      engineListener?.();
      return m.engine;
    })
    .catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
  return loading;
};

let engineListener: (() => void) | undefined;

/** Whether anything has asked for the engine yet (activation must not). */
export function engineRequested(): boolean {
  return loading !== undefined;
}

/** Called once when the engine bundle has loaded (the log records when, for the startup figure). */
export function onEngineLoaded(listener: () => void): void {
  engineListener = listener;
}
