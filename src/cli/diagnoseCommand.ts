import { writeFile } from 'node:fs/promises';
import { clientOption } from './clientOption';
import { confirmReport } from '../core/diagnose/confirm';
import { diagnose, DEFAULT_TIMEOUT_MS } from '../core/diagnose/diagnose';
import { parseTargetUrl } from '../core/discovery/url';
import { type DiagnosisReport } from '../core/diagnose/report';
import { hasErrors } from '../core/findings/finding';
import { type ProgressEvent } from '../core/pipeline/types';
import { loadReportAssets, renderHtmlReport } from '../core/report/html';
import { defaultCacheDir, fileStore } from '../core/store/fileStore';
import { parseCommandArgs, positiveInt } from './args';
import { type CliIo, UsageError } from './io';
import { clientCertOption, NETWORK_OPTIONS, NETWORK_USAGE, proxyOption } from './networkOptions';
import { renderReport } from './renderReport';
import { deployOption } from './deployOptions';
import { resolvePath } from './text';
import { createStyle } from './style';

export const DIAGNOSE_USAGE = `Usage: mcp-doctor diagnose <url> [options]

Diagnoses why an MCP client cannot reach the server at <url>: DNS, TCP, TLS and trust,
redirects, the MCP protocol, OAuth discovery, JWKS and the access token.

Options:
  --ca FILE          Trust this CA (PEM) in addition to Node's defaults; repeatable
  --client NAME      The client you use: node, vscode, python-httpx, python-requests or curl.
                     Its view leads the verdict; without it, any client that fails is an error
  --token-env VAR    Read the bearer access token from environment variable VAR
  --compare URL      Also probe URL (e.g. the backend's plain-HTTP port) and compare
  --issuer ISS       Expected token issuer (default: the authorization server's metadata issuer)
  --audience AUD     Expected token audience (default: the protected resource / canonical URL)
  --scope S          A scope the token must grant; repeatable (default: the server's challenge)
  --jwks URL         Verify the token against this JWKS instead of the discovered jwks_uri
  --no-auth-probes   Do not send the auth-enforcement probes (no token, bad tokens)
  --proxy-config FILE
                     The reverse proxy's nginx config (includes followed) or Caddyfile serving <url>;
                     repeatable. Adds static checks and a "Where to change it" section with file:line
  --no-history       Remember nothing across runs: certificate (no TLS_CERT_CHANGED), certifi location, probe key
${NETWORK_USAGE}
  --stream-tool NAME Call this tool once (only it: tools can have side effects) with a progressToken and
                     time its event stream through the path (buffering, compression); up to 60 s more
  --stream-args JSON Arguments for --stream-tool, a JSON object (default {})
  --hold SECONDS     Keep the GET event stream open up to SECONDS (1-300) and report when the path cuts it;
                     with --stream-tool the call too (up to 60 s or SECONDS, whichever is longer)
  --origin URL       The server is meant for browser pages on this origin: CORS gaps are errors
  --timeout MS       Per-step timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --json             Print one JSON report on stdout (schema in the README)
  --html FILE        Also write a self-contained HTML report page (no network loads) to FILE
  --confirm-clients  Also run the clients installed here (curl, Node, Python httpx/requests) against
                     <url>, TLS only and without the token, and mark each trust prediction confirmed
  -h, --help         Show this help

Exit codes: 0 no error findings, 1 error findings, 2 usage error, 130 cancelled.`;

const OPTIONS = {
  ca: { type: 'string', multiple: true },
  client: { type: 'string' },
  'token-env': { type: 'string' },
  compare: { type: 'string' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  html: { type: 'string' },
  issuer: { type: 'string' },
  audience: { type: 'string' },
  scope: { type: 'string', multiple: true },
  jwks: { type: 'string' },
  'no-auth-probes': { type: 'boolean' },
  'no-history': { type: 'boolean' },
  'confirm-clients': { type: 'boolean' },
  'stream-tool': { type: 'string' },
  'stream-args': { type: 'string' },
  hold: { type: 'string' },
  origin: { type: 'string' },
  'proxy-config': { type: 'string', multiple: true },
  ...NETWORK_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export async function diagnoseCommand(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, 'diagnose');
  if (values.help) return (io.stdout(`${DIAGNOSE_USAGE}\n`), 0);
  const url = requireUrl(positionals);
  for (const flag of ['compare', 'jwks'] as const) {
    const value = values[flag];
    if (value !== undefined && typeof parseTargetUrl(value) === 'string')
      throw new UsageError(`--${flag}: "${value}" is not an http(s) URL`);
  }
  const client = clientOption(values.client);
  const diagnosed = await diagnose({
    url,
    caFiles: (values.ca ?? []).map((p) => resolvePath(io.cwd, p)),
    token: readToken(values['token-env'], io),
    compareUrl: values.compare,
    timeoutMs: positiveInt(values.timeout, '--timeout', DEFAULT_TIMEOUT_MS),
    env: io.env,
    auth: {
      expectedIssuer: values.issuer,
      expectedAudience: values.audience,
      requiredScopes: values.scope,
      jwksUrl: values.jwks,
      authProbes: !values['no-auth-probes'],
    },
    proxy: proxyOption(values),
    clientCert: clientCertOption(values, io),
    client,
    proxyConfigFiles: (values['proxy-config'] ?? []).map((p) => resolvePath(io.cwd, p)),
    store: values['no-history'] ? undefined : fileStore(io.env.MCP_DOCTOR_CACHE_DIR || defaultCacheDir(io.env)),
    signal,
    onProgress: values.json ? undefined : progressPrinter(io),
    deploy: deployOption(values['stream-tool'], values['stream-args'], values.hold, values.origin),
  });
  const report = values['confirm-clients']
    ? await confirmReport(diagnosed, { env: io.env, hideVariables: tokenVariables(values['token-env']), client, signal })
    : diagnosed;
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report, createStyle(io.color)));
  if (values.html !== undefined) await writeHtml(report, resolvePath(io.cwd, values.html), io);
  return exitCode(report);
}

export function exitCode(report: DiagnosisReport): number {
  if (report.cancelled) return 130;
  return hasErrors(report.findings) ? 1 : 0;
}

/** The same view as the VS Code panel, from the built webview bundle next to the CLI. */
async function writeHtml(report: DiagnosisReport, path: string, io: CliIo): Promise<void> {
  const assets = await loadReportAssets(__dirname);
  try {
    await writeFile(path, renderHtmlReport(report, assets));
  } catch (err) {
    throw new UsageError(`--html: cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  io.stderr(`HTML report written to ${path}\n`);
}

function requireUrl(positionals: string[]): string {
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? 'diagnose: missing <url>' : `diagnose: expected one <url>, got ${positionals.length}`);
  const [input] = positionals as [string];
  const parsed = parseTargetUrl(input);
  if (typeof parsed === 'string')
    throw new UsageError(`diagnose: "${input}" is ${parsed}; give a full URL such as https://mcp.example.com/mcp`);
  return input;
}

/** The variable holding the token never reaches the confirming clients. */
function tokenVariables(variable: string | undefined): string[] {
  return variable === undefined ? [] : [variable];
}

function readToken(variable: string | undefined, io: CliIo): string | undefined {
  if (variable === undefined) return undefined;
  const value = io.env[variable]?.trim();
  if (!value) throw new UsageError(`--token-env: environment variable ${variable} is not set or empty`);
  return value.replace(/^Bearer\s+/i, '');
}

/** Step progress on stderr, only for people watching a terminal (stdout stays the report). */
function progressPrinter(io: CliIo): ((event: ProgressEvent) => void) | undefined {
  if (!io.interactive) return undefined;
  return (event) => {
    if (event.type === 'step-start') io.stderr(`\u001b[2m… ${event.label}\u001b[0m\r`);
    else io.stderr('\u001b[2K');
  };
}
