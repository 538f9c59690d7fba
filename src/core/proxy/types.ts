/** How the user configured the proxy for one diagnosis (CLI flags, a per-server setting, VS Code settings). */
export interface ProxyConfig {
  /** An explicit proxy URL; wins over HTTPS_PROXY/HTTP_PROXY from the environment. */
  readonly url?: string;
  /** Where `url` came from, for the report, e.g. "--proxy" or "VS Code http.proxy". Default "configured proxy". */
  readonly source?: string;
  /** Never use a proxy, whatever the environment says (`--no-proxy`). */
  readonly disabled?: boolean;
  /** Extra NO_PROXY-style entries (VS Code `http.noProxy`), matched like NO_PROXY. */
  readonly noProxy?: readonly string[];
  /** VS Code `http.proxyStrictSSL` when read from VS Code (false = certificates through the proxy are not verified). */
  readonly strictSsl?: boolean;
}

/** Which client families honour NO_PROXY for a host, and how (they differ). */
export interface NoProxyVerdict {
  readonly client: string;
  readonly bypasses: boolean;
  readonly note?: string;
}

/** The path requests to one URL take. `proxy` holds credentials: use `display` anywhere visible. */
export interface ProxyRoute {
  readonly mode: 'direct' | 'proxy';
  readonly proxy?: URL;
  /** The proxy URL with any password replaced by "***". */
  readonly display?: string;
  /** What set the proxy: "HTTPS_PROXY", "https_proxy", "--proxy", "VS Code http.proxy", ... */
  readonly source?: string;
  /** Set when a proxy was configured but NO_PROXY (or http.noProxy) sends this host direct. */
  readonly bypass?: {
    readonly entry: string;
    readonly variable: string;
    readonly proxy: string;
    readonly clients: readonly NoProxyVerdict[];
  };
  /** Set when the route is the proxy but other clients read NO_PROXY as sending this host direct (CIDR, ports). */
  readonly noProxyDiffers?: { readonly value: string; readonly variable: string; readonly clients: readonly NoProxyVerdict[] };
}

/** The proxy part of the JSON report. Never holds proxy credentials. */
export interface ProxyReport {
  readonly path: 'direct' | 'proxy';
  readonly proxy?: string;
  readonly source?: string;
  readonly bypassedBy?: { readonly entry: string; readonly variable: string };
  /** The CONNECT result: 2xx status, or the refusal. */
  readonly connect?: { readonly status?: number; readonly statusText?: string; readonly errorCode?: string; readonly ms?: number };
  /** Set by the TLS step when the certificate seen through the proxy differs from the server's own. */
  readonly interception?: {
    readonly detected: boolean;
    readonly issuer?: string;
    readonly directLeaf?: string;
    readonly proxiedLeaf?: string;
    readonly method: 'compared' | 'public-ca' | 'issuer-name' | 'unverified';
  };
}
