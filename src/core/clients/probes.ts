import { type ProcessSpawner } from './spawner';
import { type ConfirmOutcome } from '../tls/confirmation';

/** One real client's verdict, before it is compared with the matrix. */
export interface ProbeResult {
  readonly outcome: ConfirmOutcome | 'not-installed';
  readonly program: string;
  readonly detail: string;
}

export interface ProbeRun {
  readonly url: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  readonly spawn: ProcessSpawner;
}

/**
 * Node's own TLS stack with the environment it is started with (NODE_EXTRA_CA_CERTS, NODE_OPTIONS
 * --use-system-ca). Verification is read from the socket (`authorized`, set after the hostname
 * check too) rather than enforced, so no HTTP request, and nothing but the handshake, is made.
 */
const NODE_SCRIPT = `
const tls = require('node:tls'), net = require('node:net');
const u = new URL(process.argv[1]); const host = u.hostname.replace(/^\\[|\\]$/g, '');
const out = (o, c) => { process.stdout.write(JSON.stringify(o)); process.exit(c); };
const s = tls.connect({ host, port: Number(u.port || 443), servername: net.isIP(host) ? undefined : host, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
s.setTimeout(Number(process.argv[2]), () => out({ outcome: 'inconclusive', code: 'ETIMEDOUT' }, 3));
s.on('secureConnect', () => out(s.authorized ? { outcome: 'trusted' } : { outcome: 'untrusted', code: String(s.authorizationError) }, s.authorized ? 0 : 3));
s.on('error', (e) => out({ outcome: 'inconclusive', code: e.code || e.name }, 3));`;

/** Node itself. `command` is this process's Node (the CLI) or `node` on PATH (an Electron host). */
export async function probeNode(run: ProbeRun, command: string, electron: boolean): Promise<ProbeResult> {
  const env = electron ? { ...run.env, ELECTRON_RUN_AS_NODE: '1' } : run.env;
  const result = await run.spawn(command, ['-e', NODE_SCRIPT, run.url, String(run.timeoutMs)], {
    env,
    timeoutMs: run.timeoutMs + 2000,
    signal: run.signal,
  });
  const program = `Node.js (${command})`;
  const parsed = parseJsonLine(result.stdout);
  if (!parsed) return { outcome: 'inconclusive', program, detail: result.failure ?? `exit ${result.exitCode}` };
  const outcome = parsed.outcome === 'trusted' || parsed.outcome === 'untrusted' ? parsed.outcome : 'inconclusive';
  return { outcome, program, detail: outcome === 'trusted' ? 'handshake verified' : String(parsed.code ?? 'error') };
}

/** curl exit codes that mean "certificate not accepted" (curl's own classification, not its message). */
const CURL_UNTRUSTED: Record<number, string> = {
  60: 'exit 60 (CURLE_PEER_FAILED_VERIFICATION: certificate not verified)',
  51: 'exit 51 (peer verification failed, curl before 7.62)',
  77: 'exit 77 (CURLE_SSL_CACERT_BADFILE: the CA file cannot be read)',
};

/**
 * curl with `-q` (no ~/.curlrc: an `insecure` line there would confirm nothing) and HEAD (no
 * body, so an endless event stream cannot hold it open). Any HTTP status is a completed exchange.
 */
export async function probeCurl(run: ProbeRun, command: string): Promise<ProbeResult> {
  const seconds = String(Math.max(1, Math.ceil(run.timeoutMs / 1000)));
  const args = ['-q', '-sS', '-I', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', seconds, '--connect-timeout', seconds, run.url];
  const result = await run.spawn(command, args, { env: run.env, timeoutMs: run.timeoutMs + 2000, signal: run.signal });
  const program = `curl (${command})`;
  if (result.exitCode === 0) return { outcome: 'trusted', program, detail: `exit 0, HTTP ${result.stdout.trim() || '?'}` };
  if (result.exitCode === null)
    return { outcome: result.failure === 'ENOENT' ? 'not-installed' : 'inconclusive', program, detail: result.failure ?? 'killed' };
  const untrusted = CURL_UNTRUSTED[result.exitCode];
  return untrusted
    ? { outcome: 'untrusted', program, detail: untrusted }
    : { outcome: 'inconclusive', program, detail: `exit ${result.exitCode}` };
}

/**
 * httpx or requests in a Python that has it, with their own default trust and the environment.
 * The verdict comes from exception classes (ssl.SSLCertVerificationError anywhere in the cause
 * chain; an OSError/SSLError that is not the library's network error means the configured CA file
 * could not be loaded), never from message text. Exit 4: the library is not installed there.
 */
const PYTHON_SCRIPT = `
import json, ssl, sys
kind, url, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
def out(d, code):
    sys.stdout.write(json.dumps(d)); sys.stdout.flush(); sys.exit(code)
def causes(e):
    seen = []
    while isinstance(e, BaseException) and len(seen) < 12 and all(e is not s for s in seen):
        seen.append(e)
        nxt = e.__cause__ or e.__context__
        if nxt is None: nxt = getattr(e, 'reason', None)
        if not isinstance(nxt, BaseException): nxt = next((a for a in getattr(e, 'args', ()) if isinstance(a, BaseException)), None)
        e = nxt
    return seen
try:
    lib = __import__(kind)
except ImportError:
    out({'outcome': 'not-installed'}, 4)
version = getattr(lib, '__version__', '?')
network = lib.HTTPError if kind == 'httpx' else lib.exceptions.RequestException
try:
    if kind == 'httpx':
        with lib.Client(timeout=timeout, follow_redirects=False) as c:
            status = c.head(url).status_code
    else:
        status = lib.head(url, timeout=timeout, allow_redirects=False).status_code
    out({'outcome': 'trusted', 'status': status, 'version': version}, 0)
except Exception as e:
    chain = causes(e)
    v = next((x for x in chain if isinstance(x, ssl.SSLCertVerificationError)), None)
    if v is not None:
        out({'outcome': 'untrusted', 'errorClass': 'SSLCertVerificationError', 'verifyCode': v.verify_code, 'version': version}, 3)
    if not isinstance(e, network) and isinstance(e, (OSError, ssl.SSLError)):
        out({'outcome': 'untrusted', 'errorClass': type(e).__name__, 'trustUnreadable': True, 'version': version}, 3)
    out({'outcome': 'inconclusive', 'errorClass': type(e).__name__, 'causes': [type(x).__name__ for x in chain], 'version': version}, 3)
`;

/** Tries each interpreter in turn; the first that has the library answers. */
export async function probePython(run: ProbeRun, library: 'httpx' | 'requests', interpreters: readonly string[]): Promise<ProbeResult> {
  for (const python of interpreters) {
    const result = await run.spawn(python, ['-c', PYTHON_SCRIPT, library, run.url, String(run.timeoutMs / 1000)], {
      env: run.env,
      timeoutMs: run.timeoutMs + 3000,
      signal: run.signal,
    });
    const parsed = parseJsonLine(result.stdout);
    if (result.exitCode === 4 || result.failure === 'ENOENT') continue;
    const program = `${python} with ${library} ${String(parsed?.version ?? '')}`.trimEnd();
    if (!parsed) return { outcome: 'inconclusive', program, detail: result.failure ?? `exit ${result.exitCode}` };
    const outcome = parsed.outcome === 'trusted' || parsed.outcome === 'untrusted' ? parsed.outcome : 'inconclusive';
    return { outcome, program, detail: pythonDetail(parsed) };
  }
  return { outcome: 'not-installed', program: library, detail: `no Python among ${interpreters.join(', ')} has ${library}` };
}

function pythonDetail(parsed: Record<string, unknown>): string {
  if (parsed.outcome === 'trusted') return `HTTP ${String(parsed.status)}`;
  if (parsed.verifyCode !== undefined) return `${String(parsed.errorClass)} (OpenSSL verify code ${String(parsed.verifyCode)})`;
  if (parsed.trustUnreadable) return `${String(parsed.errorClass)} while loading the CA file`;
  return Array.isArray(parsed.causes) ? parsed.causes.map(String).join(' ← ') : String(parsed.errorClass ?? 'error');
}

function parseJsonLine(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text.trim());
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
