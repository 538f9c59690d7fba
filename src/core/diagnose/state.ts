import { type AuthOptions } from '../auth/options';
import { type AuthReport } from '../auth/types';
import { type DeployOptions, type DeployReport } from '../deploy/types';
import { type HttpClient } from '../http/client';
import { type RedirectHop } from '../http/types';
import { type SessionDoubt } from '../mcp/sessionConsistency';
import { type McpReport } from '../mcp/types';
import { type ResolvedAddress, type NetTransport } from '../net/transport';
import { type ClientCertConfig, type LoadedClientCert } from '../proxy/clientCert';
import { type ProxyConfig, type ProxyReport } from '../proxy/types';
import { type JsonStore } from '../store/jsonStore';
import { type TlsReport } from '../tls/types';

/** Trust material the user configured, loaded once by the config step. */
export interface LoadedCa {
  readonly path: string;
  readonly pems: readonly string[];
}

/** The inputs of one diagnosis, with defaults applied. */
export interface DiagnosisInput {
  readonly url: URL;
  /** Extra CA files (PEM) the client is configured with, added to Node's defaults. */
  readonly caFiles: readonly string[];
  /** Bearer token for authenticated checks. A secret: never copied into findings or reports. */
  readonly token?: string;
  /** Extra request headers the client is configured with (mcp.json `headers`); may hold secrets. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Alternate URL to compare against (e.g. the backend's plain-HTTP port). */
  readonly compareUrl?: URL;
  /** The environment the diagnosed client would run with (trust env vars, proxies). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly net: NetTransport;
  /** The HTTP transport for every request of this run (one client, so connections are reused). */
  readonly http?: HttpClient;
  /** Remembers facts across runs (the last good certificate per endpoint). */
  readonly store?: JsonStore;
  /** Expected issuer / audience / scopes, a JWKS override, and whether to send auth probes. */
  readonly auth?: AuthOptions;
  /** A light repeated check: reuse the HTTP client's live connection, skip the GET-stream probe (see DiagnoseOptions). */
  readonly background?: boolean;
  /** Explicit proxy settings; without them HTTPS_PROXY/HTTP_PROXY/NO_PROXY from `env` apply. */
  readonly proxy?: ProxyConfig;
  /** Client certificate for mutual TLS (holds a passphrase: never copied into findings). */
  readonly clientCert?: ClientCertConfig;
  /** Deployment checks the user asked for (`--stream-tool`). */
  readonly deploy?: DeployOptions;
}

/** Shared, growing state of one diagnosis. Each step reads what earlier steps left. */
export interface DiagnosisState {
  readonly input: DiagnosisInput;
  cas: LoadedCa[];
  addresses?: ResolvedAddress[];
  connected?: { readonly address: string; readonly port: number };
  tls?: TlsReport;
  redirects?: RedirectHop[];
  mcp?: McpReport;
  auth?: AuthReport;
  /** The path taken (direct or through which proxy) and the CONNECT result. */
  proxy?: ProxyReport;
  /** The configured client certificate, loaded by the config step. */
  clientCert?: LoadedClientCert;
  /** Deployment checks (session affinity across replicas). */
  deploy?: DeployReport;
  /** The MCP probe's session answers disagreed; its findings about them wait for the affinity series. */
  sessionDoubt?: SessionDoubt;
}
