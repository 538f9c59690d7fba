import { type AuthorizationServerInfo, type ProtectedResourceInfo } from '../auth/types';
import { type LookupAll } from '../http/urlGuard';
import { type Finding } from '../findings/finding';
import { type ClientTlsOptions, type HttpClient } from '../http/client';
import { type TokenSummary } from '../jwt/types';
import { type Clock } from '../pipeline/types';
import { type LoopbackListenerFactory } from './loopback';

/** The steps of the MCP authorization flow, in order (issue 17, steps 1-8). */
export type FlowStepName =
  | 'challenge'
  | 'resource-metadata'
  | 'as-metadata'
  | 'registration'
  | 'authorization'
  | 'callback'
  | 'token'
  | 'jwks'
  | 'verify'
  | 'use'
  | 'step-up'
  | 'refresh';

/** One request and its answer, as the report's flow view shows it. Everything in it is redacted. */
export interface FlowExchange {
  readonly step: FlowStepName;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  /** Network / TLS error code when no answer came. */
  readonly errorCode?: string;
  /** The one-line verdict on this exchange. */
  readonly verdict: string;
  readonly ok: boolean;
  readonly requestHeaders?: Readonly<Record<string, string>>;
  readonly requestBody?: string;
  readonly responseHeaders?: Readonly<Record<string, string>>;
  readonly responseBody?: string;
  readonly durationMs: number;
  /** Codes of the findings this exchange produced. */
  readonly findings?: readonly string[];
}

/** Opens the authorization URL for the user: a browser (CLI), env.openExternal (VS Code), Playwright (tests). */
export type BrowserOpener = (url: string, signal: AbortSignal) => Promise<void>;

/** What the flow is run with: everything that touches the world is injected. */
export interface FlowDeps {
  readonly http: HttpClient;
  /** TLS options per URL (the trust the user configured for the MCP server and its AS). */
  readonly tls?: (url: URL) => ClientTlsOptions | undefined;
  readonly openBrowser: BrowserOpener;
  readonly listen?: LoopbackListenerFactory;
  readonly clock?: Clock;
  /** DNS for the URL-fetch rule (tests). */
  readonly lookup?: LookupAll;
}

export interface FlowOptions {
  /** The MCP server URL as the user configured it. */
  readonly url: URL;
  /** A pre-registered client id (first in the spec's order of preference). */
  readonly clientId?: string;
  /** A Client ID Metadata Document URL (used when no client id is given). */
  readonly clientMetadataUrl?: string;
  /** Scopes to request instead of the challenge's / scopes_supported. */
  readonly scopes?: readonly string[];
  readonly signal: AbortSignal;
  /** Deadline of each request. */
  readonly requestTimeoutMs?: number;
  /** How long to wait for the browser to come back. */
  readonly callbackTimeoutMs?: number;
  /** Try the refresh token once when one is issued (default true). */
  readonly tryRefresh?: boolean;
}

export type RegistrationKind = 'pre-registered' | 'client-id-metadata-document' | 'dynamic-registration';

/** Which of the three protected-resource-metadata URLs answered. */
export interface PrmUrlCheck {
  readonly url: string;
  readonly kind: 'challenge' | 'path-inserted' | 'root';
  readonly works: boolean;
  readonly outcome: string;
}

/** The flow as the report keeps it: no token, code, verifier, state or client secret. */
export interface OAuthFlowReport {
  readonly resource: string;
  readonly exchanges: readonly FlowExchange[];
  readonly prmUrls?: readonly PrmUrlCheck[];
  readonly protectedResource?: ProtectedResourceInfo;
  readonly authorizationServer?: AuthorizationServerInfo;
  readonly registration?: RegistrationKind;
  readonly clientId?: string;
  readonly redirectUri?: string;
  readonly scopesRequested?: readonly string[];
  readonly scopesGranted?: readonly string[];
  readonly token?: TokenSummary;
  readonly tools?: readonly string[];
  readonly refreshed?: boolean;
  readonly stepUp?: boolean;
  /** The step the flow stopped at, when it did not complete. */
  readonly stoppedAt?: FlowStepName;
  /** Wall time of the whole flow beside the sum of its exchanges (the engine's own cost is the difference). */
  readonly timing: { readonly totalMs: number; readonly exchangesMs: number; readonly waitingForUserMs: number };
}

export interface FlowResult {
  readonly report: OAuthFlowReport;
  readonly findings: readonly Finding[];
  /** The access token, for the caller to keep (SecretStorage) or use; never part of the report. */
  readonly accessToken?: string;
  readonly refreshToken?: string;
  /** When the access token expires (ms since epoch), if the AS said. */
  readonly expiresAt?: number;
  /**
   * The client the tokens were issued to, for the caller to refresh them later (with the token
   * endpoint, report.authorizationServer.tokenEndpoint). Its secret, when registration issued one,
   * is a secret like the tokens: never part of the report.
   */
  readonly client?: FlowClient;
}

export interface FlowClient {
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly authMethod: 'none' | 'client_secret_basic' | 'client_secret_post';
}
