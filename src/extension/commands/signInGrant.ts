import { type DiscoveredServer } from '../../core/discovery/types';
import { type FlowResult } from '../../core/oauth/types';
import { type StoredGrant } from '../../core/oauth/refreshStored';
import { fingerprint } from '../../core/redact/secret';
import { signInKey, tokenKey } from '../host/secrets';
import { clientTlsOptions } from '../jwt/trust';
import { proxyConfigFor } from '../network';
import { type Services } from '../services';

/** What a sign-in keeps in secret storage beside the access token. */
export interface SavedSignIn {
  /** When the stored access token expires (ms since epoch), when the AS said. */
  readonly expiresAt?: number;
  /** Present while a refresh token is held; dropped after the one refresh attempt that failed. */
  readonly grant?: StoredGrant;
}

/** A token this close to its expiry counts as expired: a check must not start with a token about to lapse. */
const EXPIRY_MARGIN_MS = 30_000;

/** Stores the flow's tokens: the access token where checks read it, the rest (refresh token, client) beside it. */
export async function saveSignIn(s: Services, server: DiscoveredServer, result: FlowResult): Promise<void> {
  if (!result.accessToken) return;
  s.knownSecrets.add(result.accessToken, result.refreshToken, result.client?.clientSecret);
  await s.secrets.store(tokenKey(server.id), result.accessToken);
  const tokenEndpoint = result.report.authorizationServer?.tokenEndpoint;
  const grant: StoredGrant | undefined =
    result.refreshToken && tokenEndpoint && result.client
      ? { serverUrl: server.url, resource: result.report.resource, tokenEndpoint, client: result.client, refreshToken: result.refreshToken }
      : undefined;
  const saved: SavedSignIn = { expiresAt: result.expiresAt, ...(grant ? { grant } : {}) };
  await s.secrets.store(signInKey(server.id), JSON.stringify(saved));
  s.log.info(
    `signed in to "${server.name}": token stored (${result.accessToken.length} chars, ${fingerprint(result.accessToken)})${grant ? ', with a refresh token' : ''}${result.expiresAt ? `, expires ${new Date(result.expiresAt).toISOString()}` : ''}`,
  );
}

export async function readSignIn(s: Pick<Services, 'secrets' | 'knownSecrets'>, serverId: string): Promise<SavedSignIn | undefined> {
  const raw = await s.secrets.get(signInKey(serverId));
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as SavedSignIn;
    s.knownSecrets.add(value.grant?.refreshToken, value.grant?.client.clientSecret);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

export type RefreshOutcome = 'not-signed-in' | 'fresh' | 'refreshed' | 'expired';

/**
 * Before a check: when the token a sign-in stored has expired and a refresh token was issued, refresh
 * it once (keeping `resource`). A failed refresh drops the refresh token, so it is not retried on
 * every check: the diagnosis then reports the expired token and the status bar offers sign-in.
 */
export async function refreshExpiredToken(s: Services, server: DiscoveredServer, signal: AbortSignal): Promise<RefreshOutcome> {
  if (server.tokenSource.kind !== 'secret') return 'not-signed-in';
  const saved = await readSignIn(s, server.id);
  if (!saved) return 'not-signed-in';
  if (saved.expiresAt === undefined || saved.expiresAt - EXPIRY_MARGIN_MS > s.now()) return 'fresh';
  if (!saved.grant) return 'expired';
  const engine = await s.engine();
  const http = engine.createHttpClient({ proxy: { config: proxyConfigFor(server, s.settings().http), env: s.env } });
  const timeoutMs = s.settings().timeoutMs;
  try {
    const tls = await clientTlsOptions(server.caFiles, s.env);
    const result = await engine.refreshStoredGrant(
      saved.grant,
      { http, tls: () => tls },
      { signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]), timeoutMs },
    );
    if (!result.accessToken) {
      s.log.warn(
        `the token of "${server.name}" expired and its refresh failed: ${result.exchanges.map((e) => e.verdict).join('; ') || 'no answer'} (${result.findings.map((f) => f.code).join(', ')}); sign in again`,
      );
      await s.secrets.store(signInKey(server.id), JSON.stringify({ expiresAt: saved.expiresAt } satisfies SavedSignIn));
      return 'expired';
    }
    s.knownSecrets.add(result.accessToken, result.refreshToken);
    await s.secrets.store(tokenKey(server.id), result.accessToken);
    const grant = { ...saved.grant, refreshToken: result.refreshToken ?? saved.grant.refreshToken };
    await s.secrets.store(signInKey(server.id), JSON.stringify({ expiresAt: result.expiresAt, grant } satisfies SavedSignIn));
    s.log.info(
      `refreshed the expired token of "${server.name}" (resource ${saved.grant.resource} kept): ${result.accessToken.length} chars, ${fingerprint(result.accessToken)}`,
    );
    return 'refreshed';
  } finally {
    await http.close();
  }
}

/** "Set Token" and "Clear" replace what a sign-in stored: its refresh token must not bring the old token back. */
export async function forgetSignIn(s: Pick<Services, 'secrets'>, serverId: string): Promise<void> {
  await s.secrets.delete(signInKey(serverId));
}
