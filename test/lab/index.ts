/**
 * The secure-MCP lab: a private CA, an oidc-provider authorization server, an MCP SDK server and
 * a TLS front (nginx; on a machine without it, optionally the Node stand-in), all on loopback with
 * random ports, broken on purpose per scenario.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuthServer, generateSigningJwk, publicJwk, requestToken, startAuthServer, type SigningJwk } from './authServer';
import { onProcessEnd } from './exitGuard';
import { createLabPki, type LabPki } from './labPki';
import { protectedResourceMetadataUrl, TOOL_SCOPES } from './mcpAuth';
import { type EnvLike, ServerConfigError } from './mcpConfig';
import { startMcpBackend, type McpBackend } from './mcpServer';
import { TOOL_NAMES } from './mcpTools';
import { reservePort } from './net';
import { type FrontChoice, type FrontKind, type RunningFront, resolveFront, startFront } from './front';
import { startResetServer } from './resetServer';
import { SCENARIOS, type ScenarioName, type ScenarioSpec } from './scenarios';
import { fetchVia, trustingAgent, type LabFetch } from './trust';

export { NginxUnavailableError, nginxAvailable } from './nginx';
export { type FrontChoice, type FrontKind } from './front';
export { SCENARIOS, SCENARIO_NAMES, isScenarioName, type ScenarioName, type ScenarioSpec } from './scenarios';

export interface LabOptions {
  /** Default 'default' (the original incident). */
  scenario?: ScenarioName;
  /** Requests per window before 429 in 'rate-limited' (default 3 per 60 s). */
  rateLimit?: { limit: number; windowSec: number };
  /** TLS front: 'nginx' (default; throws NginxUnavailableError without it), 'node' (the stand-in), or 'auto'. */
  front?: FrontChoice;
}

export interface MintOptions {
  /** Default: every scope the lab knows (connection + all tool scopes). */
  scopes?: string[];
  /** RFC 8707 resource = token audience. Default lab.resource. */
  resource?: string;
  /** Lifetime; zero or negative yields an already expired token. Default 600 (the expired-token scenario: -300). */
  expiresInSec?: number;
}

export interface Lab {
  readonly scenario: ScenarioName;
  /** What a user configures: https://localhost:<nginxPort>/mcp (through nginx TLS). */
  readonly url: string;
  /** https://localhost:<nginxPort>/mcp/ (works without the redirect). */
  readonly correctedUrl: string;
  /** http://127.0.0.1:<backendPort>/mcp/ — the SDK server directly, plain HTTP. */
  readonly backendUrl: string;
  /** PEM file of the lab ROOT CA (what a client must trust). */
  readonly caFile: string;
  readonly caPem: string;
  readonly intermediatePem: string;
  /** oidc-provider issuer, https://localhost:<asPort>. */
  readonly issuer: string;
  /** The jwks_uri the AS advertises (a closed port in 'jwks-unreachable'). */
  readonly jwksUri: string;
  /** Canonical MCP resource / token audience = url (no trailing slash). */
  readonly resource: string;
  /** Scopes needed to connect and list tools. */
  readonly requiredScopes: readonly string[];
  /** Extra scope each tool call needs, by tool name. */
  readonly toolScopes: Readonly<Record<string, string>>;
  readonly toolNames: readonly string[];
  /** https URL of the protected resource metadata (as in the 401 challenge). */
  readonly resourceMetadataUrl: string;
  /** One-line description of what this scenario breaks. */
  readonly summary: string;
  /** False only for 'default': the broken client there does not pass caFile. */
  readonly clientTrustsCa: boolean;
  /** What the MCP server was configured with (absent when it refused to start). */
  readonly serverConfig?: { readonly issuer: string; readonly audience: string; readonly jwksUri: string };
  /** 'crash-on-startup': the real error the MCP server threw when started without MCP_JWT_ISSUER. */
  readonly startupError?: string;
  /** PEM of the leaf served on lab.url (absent without TLS there). */
  readonly servedLeafPem?: string;
  readonly nginxPid?: number;
  /** Which TLS front serves lab.url: the real nginx or the Node stand-in (absent in crash-on-startup). */
  readonly front?: FrontKind;
  /** Temp directory holding keys, certificates and nginx files; removed by stop(). */
  readonly dir: string;
  /** A REAL token from oidc-provider (client_credentials + resource indicator), RS256 JWT. */
  mintToken(opts?: MintOptions): Promise<string>;
  /** Stops everything started and removes the temp directory. Idempotent. */
  stop(): Promise<void>;
}

const INTERNAL_AUDIENCE = 'http://mcp-server:8000/mcp';
const REQUIRED_SCOPES = ['mcp:tools'] as const;

/** Starts a lab for the scenario; on any failure everything already started is stopped. */
export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  const scenario = opts.scenario ?? 'default';
  const spec = SCENARIOS[scenario];
  if (!spec) throw new Error(`unknown lab scenario: ${String(scenario)}`);
  const front = spec.nginx === 'none' ? undefined : resolveFront(opts.front ?? 'nginx');
  const dir = await mkdtemp(join(tmpdir(), 'mcp-doctor-lab-'));
  const stack = new StopStack(dir);
  try {
    return await assemble(scenario, spec, opts, dir, stack, front);
  } catch (err) {
    await stack.run();
    throw err;
  }
}

async function assemble(
  scenario: ScenarioName,
  spec: ScenarioSpec,
  opts: LabOptions,
  dir: string,
  stack: StopStack,
  frontKind: FrontKind | undefined,
): Promise<Lab> {
  const [pki, keys, closedPort] = await Promise.all([
    createLabPki(dir, spec.servedCert),
    Promise.all([generateSigningJwk('lab-2025'), spec.rotatedKeys ? generateSigningJwk('lab-2026') : undefined]),
    spec.serverConfig === 'jwks-closed-port' ? reservePort() : undefined,
  ]);
  const agent = trustingAgent(pki.root.certPem);
  stack.push(() => agent.destroy());
  const fetchImpl = fetchVia(agent);
  const as = await startAuth(pki, keys, closedPort);
  stack.push(as.stop);
  const front =
    frontKind === undefined
      ? await startCrashed(as, fetchImpl, stack)
      : await startProxied(frontKind, spec, opts, dir, pki, as, fetchImpl, stack);
  const url = `https://localhost:${front.port}/mcp`;
  const mintScopes = [...REQUIRED_SCOPES, ...Object.values(TOOL_SCOPES)];
  return {
    scenario,
    url,
    correctedUrl: `${url}/`,
    backendUrl: front.backend ? front.backend.url : `http://127.0.0.1:${front.port}/mcp/`,
    caFile: pki.root.certFile,
    caPem: pki.root.certPem,
    intermediatePem: pki.intermediate.certPem,
    issuer: as.issuer,
    jwksUri: as.jwksUri,
    resource: url,
    requiredScopes: REQUIRED_SCOPES,
    toolScopes: TOOL_SCOPES,
    toolNames: TOOL_NAMES,
    resourceMetadataUrl: protectedResourceMetadataUrl(url),
    summary: spec.summary,
    clientTrustsCa: spec.clientTrustsCa,
    serverConfig: front.backend && {
      issuer: front.backend.config.issuer,
      audience: front.backend.config.audience,
      jwksUri: front.backend.config.jwksUri,
    },
    startupError: front.startupError,
    servedLeafPem: spec.nginx === 'none' || spec.nginx === 'plain-http' ? undefined : pki.served.leaf.certPem,
    nginxPid: front.proxy?.kind === 'nginx' ? front.proxy.pid : undefined,
    front: front.proxy?.kind,
    dir,
    mintToken: (o = {}) =>
      requestToken(
        as,
        { resource: o.resource ?? url, scopes: o.scopes ?? mintScopes, expiresInSec: o.expiresInSec ?? spec.tokenLifetimeSec },
        fetchImpl,
      ),
    stop: () => stack.run(),
  };
}

function startAuth(
  pki: LabPki,
  [signing, rotated]: [SigningJwk, SigningJwk | undefined],
  closedPort: number | undefined,
): Promise<AuthServer> {
  return startAuthServer({
    tls: { key: pki.leaf.keyPem, cert: pki.fullChainPem },
    signingKeys: [signing],
    scopes: [...REQUIRED_SCOPES, ...Object.values(TOOL_SCOPES)],
    publishedJwks: rotated && { keys: [publicJwk(rotated)] },
    advertisedJwksUri: closedPort === undefined ? undefined : `https://localhost:${closedPort}/jwks`,
  });
}

interface Front {
  readonly port: number;
  readonly backend?: McpBackend;
  readonly proxy?: RunningFront;
  readonly startupError?: string;
}

/** The TLS front before the backend; retried on a new port if another process grabbed the reserved one. */
async function startProxied(
  kind: FrontKind,
  spec: ScenarioSpec,
  opts: LabOptions,
  dir: string,
  pki: LabPki,
  as: AuthServer,
  fetchImpl: LabFetch,
  stack: StopStack,
): Promise<Front> {
  for (let attempt = 1; ; attempt++) {
    const port = await reservePort();
    const backend = await startMcpBackend({ env: serverEnv(spec, opts, port, as), fetch: fetchImpl });
    try {
      const proxy = await startFront(kind, {
        dir,
        port,
        backendPort: backend.port,
        mode: spec.nginx as Exclude<ScenarioSpec['nginx'], 'none'>,
        certFile: pki.served.chainFile,
        keyFile: pki.served.keyFile,
      });
      stack.push(backend.stop, proxy.stop);
      return { port, backend, proxy };
    } catch (err) {
      await backend.stop();
      if (attempt >= 3 || !/in use/i.test(String(err))) throw err;
    }
  }
}

/** The crash: the real server refuses to start without MCP_JWT_ISSUER; its published port resets connections. */
async function startCrashed(as: AuthServer, fetchImpl: LabFetch, stack: StopStack): Promise<Front> {
  const reset = await startResetServer();
  stack.push(reset.stop);
  const env = { MCP_JWT_AUDIENCE: `https://localhost:${reset.port}/mcp`, MCP_JWT_JWKS_URI: as.jwksUri };
  try {
    const backend = await startMcpBackend({ env, fetch: fetchImpl });
    await backend.stop();
    throw new Error('the MCP server started without MCP_JWT_ISSUER; the crash scenario needs it to refuse');
  } catch (err) {
    if (!(err instanceof ServerConfigError)) throw err;
    return { port: reset.port, startupError: err.message };
  }
}

/** The MCP server's environment: correct, except for the one thing the scenario breaks. */
function serverEnv(spec: ScenarioSpec, opts: LabOptions, port: number, as: AuthServer): EnvLike {
  const resource = `https://localhost:${port}/mcp`;
  const limit = opts.rateLimit ?? { limit: 3, windowSec: 60 };
  return {
    MCP_JWT_ISSUER: spec.serverConfig === 'issuer-trailing-slash' ? `${as.issuer}/` : as.issuer,
    MCP_JWT_AUDIENCE: spec.serverConfig === 'audience-internal-url' ? INTERNAL_AUDIENCE : resource,
    MCP_JWT_JWKS_URI: as.jwksUri,
    MCP_RESOURCE_URL: resource,
    MCP_AUTHORIZATION_SERVERS: as.issuer,
    MCP_REQUIRED_SCOPES: REQUIRED_SCOPES.join(' '),
    MCP_RATE_LIMIT: spec.rateLimited ? `${limit.limit}/${limit.windowSec}` : undefined,
  };
}

/** Stops things in reverse start order, then removes the temp dir; also on process exit (sync part only). */
class StopStack {
  private readonly stops: Array<() => Promise<unknown>> = [];
  private running: Promise<void> | undefined;
  private readonly unguard: () => void;

  constructor(private readonly dir: string) {
    this.unguard = onProcessEnd(() => rmSync(dir, { recursive: true, force: true }));
  }

  push(...stops: Array<() => Promise<unknown>>): void {
    this.stops.push(...stops);
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const stop of this.stops.reverse()) await stop().catch(() => undefined);
      this.unguard();
      await rm(this.dir, { recursive: true, force: true });
    })();
    return this.running;
  }
}
