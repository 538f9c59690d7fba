import { type ClientCertFiles, type DiscoveredServer } from '../core/discovery/types';
import { type ClientCertConfig } from '../core/mtls/clientCert';
import { type ProxyConfig } from '../core/proxy/types';
import { type SecretStore } from './host/secrets';

/** VS Code's own proxy settings (`http.proxy`, `http.noProxy`, `http.proxyStrictSSL`). */
export interface VsCodeProxySettings {
  readonly proxy?: string;
  readonly noProxy: readonly string[];
  readonly strictSsl: boolean;
}

/** Reads the `http.*` proxy settings through `get(key)` (relative to `http.`). */
export function readVsCodeProxySettings(get: (key: string) => unknown): VsCodeProxySettings {
  const proxy = get('proxy');
  const noProxy = get('noProxy');
  return {
    proxy: typeof proxy === 'string' && proxy.trim() !== '' ? proxy.trim() : undefined,
    noProxy: Array.isArray(noProxy) ? noProxy.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [],
    strictSsl: get('proxyStrictSSL') !== false,
  };
}

/**
 * The proxy as VS Code's MCP client would use it: the server's own `proxy` setting, else VS Code's
 * `http.proxy` (which wins over HTTPS_PROXY in the extension host), else the environment, with
 * `http.noProxy` applied. The engine reports where the environment disagrees.
 */
export function proxyConfigFor(server: Pick<DiscoveredServer, 'proxy'>, vscode: VsCodeProxySettings | undefined): ProxyConfig {
  const common = { noProxy: vscode?.noProxy, strictSsl: vscode?.strictSsl };
  if (server.proxy?.toLowerCase() === 'none') return { disabled: true };
  if (server.proxy) return { ...common, url: server.proxy, source: 'mcpDoctor.servers proxy' };
  if (vscode?.proxy) return { ...common, url: vscode.proxy, source: 'VS Code http.proxy' };
  return common;
}

/** SecretStorage key of a server's client key / PKCS#12 passphrase. */
export function clientCertPassphraseKey(serverId: string): string {
  return `mcpDoctor.clientCertPassphrase:${serverId}`;
}

/** The server's client certificate with its passphrase from secret storage, when one is configured. */
export async function clientCertFor(
  server: Pick<DiscoveredServer, 'id' | 'clientCert'>,
  secrets: SecretStore,
): Promise<ClientCertConfig | undefined> {
  const files: ClientCertFiles | undefined = server.clientCert;
  if (!files) return undefined;
  const passphrase = await secrets.get(clientCertPassphraseKey(server.id));
  return { ...files, passphrase: passphrase || undefined };
}
