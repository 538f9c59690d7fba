import type { PooledHttpClient } from '../core/http/client';
import type { ProxyConfig } from '../core/proxy/types';
import { type Engine } from './engine';

/** Idle connections outlive the check interval by this much, so the next check finds them. */
const KEEP_ALIVE_MARGIN_MS = 60_000;

/** What a server's background client is built from; a change builds a new one. */
export interface BackgroundClientSpec {
  readonly proxy: ProxyConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly intervalSeconds: number;
}

/**
 * The long-lived HTTP clients of status-bar checks, one per server: each check reuses the previous
 * check's connection (no new TLS handshake while the server keeps it). Manual runs never use these:
 * they make their own client, so the user sees a fresh handshake.
 */
export class BackgroundHttp {
  private readonly clients = new Map<string, { readonly key: string; readonly client: PooledHttpClient }>();
  private disposed = false;

  /** The server's client, built (or rebuilt, when the proxy settings or the interval changed) on demand. */
  clientFor(engine: Pick<Engine, 'createHttpClient'>, serverId: string, spec: BackgroundClientSpec): PooledHttpClient | undefined {
    if (this.disposed) return undefined;
    const key = JSON.stringify([spec.proxy, spec.intervalSeconds]);
    const held = this.clients.get(serverId);
    if (held?.key === key) return held.client;
    if (held) void held.client.close();
    const client = engine.createHttpClient({
      proxy: { config: spec.proxy, env: spec.env },
      keepAliveMs: spec.intervalSeconds * 1000 + KEEP_ALIVE_MARGIN_MS,
      // A resumed handshake shows no certificates: the TLS analysis could not reuse the connection.
      resumeTlsSessions: false,
      // The server may close an idle connection just as the next check sends on it.
      retryStaleConnections: true,
    });
    this.clients.set(serverId, { key, client });
    return client;
  }

  /** Closes the clients of servers no longer configured (their idle sockets would linger until the keep-alive ends). */
  retain(serverIds: Iterable<string>): void {
    const keep = new Set(serverIds);
    for (const [id, held] of this.clients) {
      if (keep.has(id)) continue;
      this.clients.delete(id);
      void held.client.close().catch(() => undefined);
    }
  }

  /** Closes every client (extension deactivation); later requests for one get none. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const held = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(held.map((h) => h.client.close().catch(() => undefined)));
  }
}
