import { type AuthorizationServerInfo } from '../auth/types';
import { type Finding } from '../findings/finding';
import { type ClientTlsOptions, type HttpClient } from '../http/client';
import { type LookupAll } from '../http/urlGuard';
import { type Clock } from '../pipeline/types';
import { FlowContext } from './context';
import { redactExchange, redactFlow } from './redaction';
import { refresh } from './token';
import { type FlowClient, type FlowExchange } from './types';

/** What a sign-in leaves behind for refreshing later (kept in secret storage: it holds secrets). */
export interface StoredGrant {
  /** The MCP server URL the user configured (the URL-fetch rule is relative to it). */
  readonly serverUrl: string;
  /** The canonical server URI the tokens were issued for (RFC 8707 `resource`), kept on refresh. */
  readonly resource: string;
  readonly tokenEndpoint: string;
  readonly client: FlowClient;
  readonly refreshToken: string;
}

export interface RefreshDeps {
  readonly http: HttpClient;
  readonly tls?: (url: URL) => ClientTlsOptions | undefined;
  readonly clock?: Clock;
  readonly lookup?: LookupAll;
}

export interface StoredRefreshResult {
  readonly accessToken?: string;
  /** The new refresh token when the AS rotated it. */
  readonly refreshToken?: string;
  readonly expiresAt?: number;
  /** The refresh request and its answer, redacted. */
  readonly exchanges: readonly FlowExchange[];
  readonly findings: readonly Finding[];
}

/**
 * One refresh of a stored grant (RFC 6749 §6), keeping the `resource` so the new access token is for
 * the same audience (RFC 8707 §2.2). The token endpoint passes the same URL-fetch rule as in the flow.
 * Never throws; the tokens are returned only to the caller.
 */
export async function refreshStoredGrant(
  grant: StoredGrant,
  deps: RefreshDeps,
  options: { readonly signal: AbortSignal; readonly timeoutMs?: number },
): Promise<StoredRefreshResult> {
  const ctx = new FlowContext(
    {
      http: deps.http,
      tls: deps.tls,
      clock: deps.clock,
      lookup: deps.lookup,
      openBrowser: () => Promise.reject(new Error('a refresh opens no browser')),
    },
    { url: new URL(grant.serverUrl), signal: options.signal, requestTimeoutMs: options.timeoutMs },
  );
  ctx.secret(grant.refreshToken);
  ctx.secret(grant.client.clientSecret);
  const as: AuthorizationServerInfo = { issuerUsed: '', url: '', kind: 'oauth', tokenEndpoint: grant.tokenEndpoint };
  const tokens = await refresh(ctx, as, { kind: 'pre-registered', ...grant.client }, grant.refreshToken, grant.resource);
  const secrets = [...ctx.secrets];
  return {
    accessToken: tokens?.accessToken,
    refreshToken: tokens?.refreshToken,
    expiresAt: tokens?.expiresAt,
    exchanges: ctx.exchanges.map((e) => redactExchange(e, secrets)),
    findings: redactFlow(ctx.findings, secrets),
  };
}
