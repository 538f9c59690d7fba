import { realpath } from 'node:fs/promises';
import { makeFinding, type Finding } from '../findings/finding';
import { findOnPath } from '../fs/onPath';
import { type ClientId, type ClientTrustReport } from '../tls/types';
import { type ProbeResult, type ProbeRun, probeCurl, probeNode, probePython } from './probes';
import { nodeSpawner, type ProcessSpawner } from './spawner';
import { type ClientConfirmation } from '../tls/confirmation';

type Env = Readonly<Record<string, string | undefined>>;

export interface ConfirmOptions {
  /** The URL under diagnosis: the only one any client is pointed at. */
  readonly url: string;
  /** The environment the diagnosis ran with; every client gets it as is (minus `hideVariables`). */
  readonly env: Env;
  /** The trust matrix to check. */
  readonly rows: readonly ClientTrustReport[];
  /** Variables no client gets (the one holding the token). */
  readonly hideVariables?: readonly string[];
  readonly spawn?: ProcessSpawner;
  /** Per client (default 8 s) and for the whole confirmation (default 20 s). */
  readonly perClientTimeoutMs?: number;
  readonly totalTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Where the programs are; by default found on PATH (Python also at /usr/bin/python3). */
  readonly programs?: Partial<Programs>;
  /**
   * The matrix rows of the client the user named (`--client`): a real failure of another client
   * then only warns, as its predicted failure does. Absent: every client counts.
   */
  readonly leadRows?: readonly ClientId[];
}

export interface Programs {
  readonly node?: string;
  /** The Node command is an Electron binary (the editor's extension host): run it as Node. */
  readonly nodeIsElectron: boolean;
  readonly curl?: string;
  readonly pythons: readonly string[];
}

export interface ConfirmResult {
  /** The matrix with `confirmed` set on every row a real client checked. */
  readonly rows: ClientTrustReport[];
  readonly findings: Finding[];
}

export const DEFAULT_PER_CLIENT_MS = 8_000;
export const DEFAULT_TOTAL_MS = 20_000;

/**
 * Runs the clients installed here against the URL, TLS trust only (no token, no MCP request), and
 * marks each matrix row confirmed or contradicted. A contradiction is a finding of its own.
 */
export async function confirmClients(options: ConfirmOptions): Promise<ConfirmResult> {
  const programs = { ...(await locatePrograms(options.env)), ...options.programs };
  const total = new AbortController();
  const timer = setTimeout(() => total.abort(), options.totalTimeoutMs ?? DEFAULT_TOTAL_MS);
  const onAbort = () => total.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const env = withoutVariables(options.env, options.hideVariables ?? []);
    const run: ProbeRun = {
      url: withoutCredentials(options.url),
      env,
      timeoutMs: options.perClientTimeoutMs ?? DEFAULT_PER_CLIENT_MS,
      signal: total.signal,
      spawn: options.spawn ?? nodeSpawner,
    };
    const rows = await Promise.all(options.rows.map((row) => confirmRow(row, run, programs)));
    return { rows, findings: confirmationFindings(rows, options.leadRows) };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

async function confirmRow(row: ClientTrustReport, run: ProbeRun, programs: Programs): Promise<ClientTrustReport> {
  const began = performance.now();
  const result = await probeFor(row.client, run, programs);
  if (!result || result.outcome === 'not-installed') return row;
  const agrees = result.outcome === 'inconclusive' ? undefined : (result.outcome === 'trusted') === row.trusts;
  const confirmed: ClientConfirmation = {
    outcome: result.outcome,
    program: result.program,
    detail: result.detail,
    ...(agrees === undefined ? {} : { agrees }),
    durationMs: Math.round(performance.now() - began),
  };
  return { ...row, confirmed };
}

/**
 * The program that speaks for a row. Node's default row runs without NODE_EXTRA_CA_CERTS; VS Code
 * and "Node with the configured CA files" (--ca is our option, not a client's) cannot be run here.
 */
function probeFor(client: ClientId, run: ProbeRun, programs: Programs): Promise<ProbeResult> | undefined {
  switch (client) {
    case 'node':
      return programs.node
        ? probeNode({ ...run, env: withoutVariables(run.env, ['NODE_EXTRA_CA_CERTS']) }, programs.node, programs.nodeIsElectron)
        : undefined;
    case 'node-extra-ca':
      return programs.node ? probeNode(run, programs.node, programs.nodeIsElectron) : undefined;
    case 'curl':
      return programs.curl ? probeCurl(run, programs.curl) : undefined;
    case 'python-httpx':
      return programs.pythons.length ? probePython(run, 'httpx', programs.pythons) : undefined;
    case 'python-requests':
      return programs.pythons.length ? probePython(run, 'requests', programs.pythons) : undefined;
    default:
      return undefined;
  }
}

/** curl and python3 on PATH, Debian's /usr/bin/python3 too (it has httpx where pyenv's may not), and this Node. */
export async function locatePrograms(env: Env): Promise<Programs> {
  const electron = process.versions.electron !== undefined;
  const [curl, python, node] = await Promise.all([
    findOnPath('curl', env),
    findOnPath('python3', env),
    electron ? findOnPath('node', env) : undefined,
  ]);
  const pythons: string[] = [];
  const seen = new Set<string>();
  for (const candidate of [python?.path, '/usr/bin/python3']) {
    if (!candidate) continue;
    const real = await realpath(candidate).catch(() => undefined);
    if (!real || seen.has(real)) continue;
    seen.add(real);
    pythons.push(candidate);
  }
  // In an Electron host, a real `node` on PATH is what Node clients run; Electron as Node is the fallback.
  return { node: node?.path ?? process.execPath, nodeIsElectron: electron && !node, curl: curl?.path, pythons };
}

/**
 * The URL under diagnosis without user info or query: trust depends on the host and port only,
 * and a key in the query string (`?api_key=`) must not reach a command line.
 */
export function withoutCredentials(url: string): string {
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  return parsed.href;
}

function withoutVariables(env: Env, names: readonly string[]): Env {
  if (names.length === 0) return env;
  return Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));
}

function confirmationFindings(rows: readonly ClientTrustReport[], leadRows: readonly ClientId[] | undefined): Finding[] {
  const checked = rows.filter((r) => r.confirmed);
  const counts = (r: ClientTrustReport) => !leadRows || leadRows.includes(r.client);
  const findings: Finding[] = checked
    .filter((r) => r.confirmed?.agrees === false)
    .map((r) =>
      makeFinding(
        'TLS_PREDICTION_WRONG',
        {
          client: r.label,
          predicted: r.trusts ? 'trusts the server' : 'does not trust the server',
          predictedReason: r.trusts ? r.trustFrom : r.reason,
          actual: r.confirmed!.outcome === 'trusted' ? 'completed the TLS exchange' : 'rejected the certificate',
          program: r.confirmed!.program,
          detail: r.confirmed!.detail,
          ...(leadRows?.includes(r.client) ? { lead: true } : {}),
        },
        { severity: r.confirmed!.outcome === 'untrusted' && counts(r) ? 'error' : 'warning' },
      ),
    );
  const agreed = checked
    .filter((r) => r.confirmed?.agrees === true)
    .map((r) => `${r.label} (${r.confirmed!.program}: ${r.confirmed!.detail})`);
  const inconclusive = checked
    .filter((r) => r.confirmed?.agrees === undefined)
    .map((r) => `${r.label} (${r.confirmed!.program}: ${r.confirmed!.detail})`);
  const notRun = rows.filter((r) => !r.confirmed).map((r) => r.label);
  if (agreed.length || inconclusive.length) {
    findings.push(
      makeFinding('TLS_PREDICTION_CONFIRMED', { confirmed: agreed, inconclusive, notRun }, { severity: agreed.length ? 'ok' : 'info' }),
    );
  }
  return findings;
}
