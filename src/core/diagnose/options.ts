import { type AuthOptions } from '../auth/options';
import { type LeadClient } from '../tls/leadClient';
import { type HttpClient } from '../http/client';
import { type DeployOptions } from '../deploy/types';
import { type ClientCertConfig } from '../mtls/clientCert';
import { type NetTransport } from '../net/transport';
import { type Clock, type ProgressEvent } from '../pipeline/types';
import { type ProxyConfig } from '../proxy/types';
import { type JsonStore } from '../store/jsonStore';

/** What a caller (CLI, extension, tests) asks of one diagnosis. Every field but `url` has a default. */
export interface DiagnoseOptions {
  /** The MCP endpoint URL the client is configured with. */
  readonly url: string;
  readonly caFiles?: readonly string[];
  /** A secret: used for requests, never copied into the report. */
  readonly token?: string;
  /** Extra headers the client sends (mcp.json `headers`); secrets, sent only to the server's origin. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Another URL for the same server (e.g. the backend's plain-HTTP port) to compare against. */
  readonly compareUrl?: string;
  /** The environment the diagnosed client would run with (trust variables, proxies); default: this process's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Per-step timeout in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly clock?: Clock;
  readonly net?: NetTransport;
  /**
   * HTTP transport; by default one undici client per run, closed when the run ends. A long-lived
   * client from `createHttpClient` lets `background` runs reuse its connections.
   */
  readonly http?: HttpClient;
  /**
   * A light, repeated check (the editor's status bar): no auth probes, no GET-stream probe (cutting
   * the endless stream costs its connection), and the TLS step analyses the chain of the injected
   * client's live verified connection to the server instead of a handshake of its own (when there is
   * none it opens one with that client, which the requests then use). Direct routes without a client
   * certificate only; through a proxy or with mutual TLS the full TLS step runs. Default false.
   */
  readonly background?: boolean;
  /** Where facts are remembered across runs (certificate change detection); none by default. */
  readonly store?: JsonStore;
  /** Expected issuer / audience / scopes, a JWKS override, auth probes on or off (default on). */
  readonly auth?: AuthOptions;
  /** Explicit proxy (`--proxy`, `--no-proxy`, VS Code settings); default: HTTPS_PROXY/HTTP_PROXY/NO_PROXY from `env`. */
  readonly proxy?: ProxyConfig;
  /** Client certificate for mutual TLS (`--cert`/`--key`, `--pfx`). */
  readonly clientCert?: ClientCertConfig;
  /**
   * The client whose view leads ("will *my* client work?", `--client`). Without it every client in
   * the trust matrix counts: one that does not trust the server is an error.
   */
  readonly client?: LeadClient;
  readonly onProgress?: (event: ProgressEvent) => void;
  /** Deployment checks beyond the affinity series: `--stream-tool NAME [--stream-args JSON]`, `--hold`, `--origin`. */
  readonly deploy?: DeployOptions;
  /** The reverse proxy's config files (nginx.conf and the like): static checks, and findings tied to their lines. */
  readonly proxyConfigFiles?: readonly string[];
  /** The files were found (a workspace's configs), not named: those that do not serve this URL say nothing. */
  readonly proxyConfigFound?: boolean;
}

/** How the run itself is driven (deadlines, cancellation, progress): the runner's business, not the steps'. */
type RunControl = 'timeoutMs' | 'signal' | 'clock' | 'onProgress';

/**
 * The same options as the steps see them (`state.input`), resolved by diagnose(): the URLs parsed,
 * the CA files, environment and socket transport defaulted.
 */
export type DiagnosisInput = Readonly<
  Omit<DiagnoseOptions, 'url' | 'compareUrl' | 'caFiles' | 'env' | 'net' | RunControl> & {
    readonly url: URL;
    /** Alternate URL to compare against (e.g. the backend's plain-HTTP port). */
    readonly compareUrl?: URL;
    /** Extra CA files (PEM) the client is configured with, added to Node's defaults. */
    readonly caFiles: readonly string[];
    /** The environment the diagnosed client would run with (trust env vars, proxies). */
    readonly env: Readonly<Record<string, string | undefined>>;
    readonly net: NetTransport;
  }
>;
