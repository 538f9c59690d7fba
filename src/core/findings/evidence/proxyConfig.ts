/**
 * Evidence of each proxy-config finding (catalog/proxyConfig.ts), for the typed evidence map of
 * findings/evidence/index.ts on main (add `& ProxyConfigEvidence` there when this branch merges).
 * Every one names the line it is about: 1-based line and column, the directive as written.
 */
type LineEvidence = { readonly file: string; readonly line: number; readonly column: number; readonly directive: string };

export type ProxyConfigEvidence = {
  NGINX_SLASH_REDIRECT: LineEvidence & { readonly path: string; readonly slashPath: string };
  NGINX_PROXY_HTTP10: LineEvidence & { readonly value: string };
  NGINX_PROXY_BUFFERING: LineEvidence & { readonly value: string };
  NGINX_READ_TIMEOUT_SHORT: LineEvidence & { readonly value: string; readonly seconds: number };
  /** `set`: whether a `proxy_set_header Host` line exists (replace it) or not (add one). */
  NGINX_HOST_WITHOUT_PORT: LineEvidence & { readonly value: string; readonly port: number; readonly set: 'yes' | 'no' };
  NGINX_NO_FORWARDED_PROTO: LineEvidence;
  NGINX_LEAF_ONLY_CERT: LineEvidence & { readonly certFile: string; readonly subject: string; readonly issuer: string };
  NGINX_NO_SERVER: LineEvidence & { readonly host: string; readonly port: number };
  NGINX_NO_LOCATION: LineEvidence & { readonly path: string };
  /** `kind`: syntax, include-unreadable, include-depth, file-unreadable, too-large. */
  PROXY_CONFIG_UNREADABLE: {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly kind: string;
    readonly detail: string;
  };
  /** `matcher` is '' when the redir has none; `status` as written, or "302 (the default)". */
  CADDY_REDIR_CHANGES_METHOD: LineEvidence & {
    readonly path: string;
    readonly status: string;
    readonly matcher: string;
    readonly to: string;
  };
  CADDY_HOST_UPSTREAM: LineEvidence & { readonly value: string };
  CADDY_NO_SITE: { readonly file: string; readonly host: string; readonly port: number };
};
