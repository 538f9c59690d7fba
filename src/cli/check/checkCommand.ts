import { appendFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { DEFAULT_TIMEOUT_MS } from '../../core/diagnose/diagnose';
import { redactDeep } from '../../core/redact/deep';
import { runSecrets } from '../../core/redact/report';
import { readBoundedText } from '../../core/fs/boundedRead';
import { MAX_CONFIG_BYTES } from '../../core/discovery/mcpJson';
import { defaultCacheDir, fileStore } from '../../core/store/fileStore';
import { VERSION } from '../../core/version';
import { parseCommandArgs, positiveInt } from '../args';
import { type CliIo, UsageError } from '../io';
import { clientCertOption, NETWORK_OPTIONS, NETWORK_USAGE, proxyOption } from '../networkOptions';
import { clientOption } from '../clientOption';
import { createStyle } from '../style';
import { resolvePath, terminalSafe } from '../text';
import { relativePath, STATUS_WORD } from './describe';
import { renderJunit } from './junit';
import { renderCheckLines } from './lines';
import { concurrencyOption, DEFAULT_CONCURRENCY, MAX_CONCURRENCY, namedEnvValues } from './options';
import { checkExitCode, type CheckOutcome } from './outcome';
import { runCheck } from './runCheck';
import { renderSarif } from './sarif';
import { renderStepSummary } from './summary';
import { type CheckPlan, planCheck } from './targets';

export const CHECK_USAGE = `Usage: mcp-doctor check [options]

Diagnoses every remote MCP server your clients are configured with: .vscode/mcp.json, .mcp.json and
.cursor/mcp.json in the current directory, VS Code's user mcp.json and ~/.cursor/mcp.json, plus any
--config file. One line per server (name, file:line, verdict, time) and a total.

Options:
  --config FILE      Also read this MCP configuration file; repeatable
  --no-user-config   Read only the current directory's files and --config (not the user's own files)
  --concurrency N    Servers diagnosed at once (default ${DEFAULT_CONCURRENCY}, at most ${MAX_CONCURRENCY})
  --token-env NAME=VAR   Bearer token for server NAME from environment variable VAR; repeatable
                     (default: the entry's Authorization header, with \${env:…} substituted)
  --input-env ID=VAR     Value of \${input:ID} from environment variable VAR; repeatable
  --ca FILE          Trust this CA (PEM) in addition to Node's defaults, for every server; repeatable
  --client NAME      The client you ship: node, vscode, python-httpx, python-requests or curl. Its view
                     leads every verdict; without it, any client that fails is an error
  --proxy-config FILE  The reverse proxy's config (nginx.conf, Caddyfile): findings it causes are also
                     located at its lines (in SARIF too); servers it does not serve ignore it; repeatable
  --no-auth-probes   Do not send the auth-enforcement probes (no token, bad tokens)
  --no-history       Remember nothing across runs (certificate changes, certifi location, probe key)
${NETWORK_USAGE}
  --timeout MS       Per-step timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --json             Print one JSON document on stdout: every server with its full report
  --junit FILE       Write JUnit XML: one test case per server, the verdict as the failure message
  --sarif FILE       Write SARIF 2.1.0: findings located at each server's line in its mcp.json
  -h, --help         Show this help

When GITHUB_STEP_SUMMARY is set, a Markdown summary is appended to that file.
A server whose token cannot be resolved, or that demands one when none is configured, is reported
as "not authenticated" and does not fail the run by itself.

Exit codes: 0 no server has error findings, 1 at least one has, 2 usage error or no servers, 130 cancelled.`;

const OPTIONS = {
  config: { type: 'string', multiple: true },
  'no-user-config': { type: 'boolean' },
  concurrency: { type: 'string' },
  'token-env': { type: 'string', multiple: true },
  'input-env': { type: 'string', multiple: true },
  ca: { type: 'string', multiple: true },
  client: { type: 'string' },
  'proxy-config': { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'no-auth-probes': { type: 'boolean' },
  'no-history': { type: 'boolean' },
  json: { type: 'boolean' },
  junit: { type: 'string' },
  sarif: { type: 'string' },
  ...NETWORK_OPTIONS,
  help: { type: 'boolean', short: 'h' },
} as const;

export async function checkCommand(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, 'check');
  if (values.help) return (io.stdout(`${CHECK_USAGE}\n`), 0);
  if (positionals.length > 0)
    throw new UsageError(`check takes no URL (got "${positionals[0]}"); use "mcp-doctor diagnose <url>" for one server`);
  const extraConfigs = (values.config ?? []).map((p) => resolvePath(io.cwd, p));
  const inputs = Object.fromEntries(namedEnvValues(values['input-env'], '--input-env', io.env));
  const plan = await planCheck({
    cwd: io.cwd,
    home: io.env.HOME || homedir(),
    platform: process.platform,
    env: io.env,
    extraConfigs,
    userFiles: !values['no-user-config'],
    tokens: namedEnvValues(values['token-env'], '--token-env', io.env),
    inputs,
    readFile: (path) => readConfigText(path, extraConfigs.includes(path)),
  });
  reportPlanProblems(plan, io);
  if (plan.targets.length === 0)
    throw new UsageError(
      `check: no http/sse MCP servers found (read: ${plan.filesRead.map((p) => relativePath(p, io.cwd)).join(', ') || 'no configuration file'})`,
    );
  const store = values['no-history'] ? undefined : fileStore(io.env.MCP_DOCTOR_CACHE_DIR || defaultCacheDir(io.env));
  const shared = {
    caFiles: (values.ca ?? []).map((p) => resolvePath(io.cwd, p)),
    client: clientOption(values.client),
    timeoutMs: positiveInt(values.timeout, '--timeout', DEFAULT_TIMEOUT_MS),
    proxy: proxyOption(values),
    clientCert: clientCertOption(values, io),
    authProbes: !values['no-auth-probes'],
    proxyConfigFiles: (values['proxy-config'] ?? []).map((p) => resolvePath(io.cwd, p)),
  };
  const progress = progressReporter(io, plan.targets.length, performance.now());
  const { outcomes, totalMs } = await runCheck(plan.targets, {
    shared,
    concurrency: concurrencyOption(values.concurrency),
    env: io.env,
    store,
    signal,
    onOutcome: progress,
  });
  // A token or input value can reach a report where the server echoed it or the URL carried it: none of it reaches the outputs (CI artifacts, code scanning).
  const secrets = [...plan.targets.flatMap((t) => runSecrets(t.token, t.server.headers)), ...Object.values(inputs)];
  await writeOutputs(redactDeep(outcomes, { secrets }), totalMs, values, io);
  return checkExitCode(outcomes, signal?.aborted ?? false);
}

async function writeOutputs(
  outcomes: readonly CheckOutcome[],
  totalMs: number,
  values: { json?: boolean; junit?: string; sarif?: string },
  io: CliIo,
): Promise<void> {
  if (values.json) io.stdout(`${JSON.stringify(jsonDocument(outcomes, totalMs), null, 2)}\n`);
  else io.stdout(renderCheckLines(outcomes, totalMs, io.cwd, createStyle(io.color)));
  if (values.junit !== undefined)
    await writeOutput(resolvePath(io.cwd, values.junit), renderJunit(outcomes, totalMs, io.cwd, new Date().toISOString()), '--junit', io);
  if (values.sarif !== undefined)
    await writeOutput(resolvePath(io.cwd, values.sarif), `${JSON.stringify(renderSarif(outcomes, io.cwd), null, 2)}\n`, '--sarif', io);
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) {
    await appendFile(summaryFile, renderStepSummary(outcomes, totalMs, io.cwd)).catch((err: unknown) => {
      io.stderr(`mcp-doctor: cannot append to GITHUB_STEP_SUMMARY ${summaryFile} (${(err as NodeJS.ErrnoException).code ?? 'error'})\n`);
    });
  }
}

/** `--json`: every server with where it is defined, how it came out, and its full (redacted) report. */
function jsonDocument(outcomes: readonly CheckOutcome[], totalMs: number) {
  return {
    tool: { name: 'mcp-doctor', version: VERSION },
    durationMs: totalMs,
    servers: outcomes.map((o) => ({
      name: o.name,
      id: o.id,
      url: o.url,
      source: o.location ?? null,
      status: o.status,
      authNote: o.authNote ?? null,
      durationMs: o.durationMs,
      report: o.report ?? null,
    })),
  };
}

async function writeOutput(path: string, text: string, flag: string, io: CliIo): Promise<void> {
  try {
    await writeFile(path, text);
  } catch (err) {
    throw new UsageError(`${flag}: cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  io.stderr(`${flag.slice(2)} written to ${relativePath(path, io.cwd)}\n`);
}

/** A config file's text; a missing default file is simply absent, a missing --config file is a usage error. */
async function readConfigText(path: string, named: boolean): Promise<string | undefined> {
  try {
    return await readBoundedText(path, MAX_CONFIG_BYTES);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!named && (code === 'ENOENT' || code === 'ENOTDIR')) return undefined;
    if (named) throw new UsageError(`--config: cannot read ${path} (${code ?? 'error'})`);
    return undefined;
  }
}

function reportPlanProblems(plan: CheckPlan, io: CliIo): void {
  for (const d of plan.diagnostics) io.stderr(`mcp-doctor: ${relativePath(d.path, io.cwd)}: ${terminalSafe(d.message)}\n`);
  for (const name of plan.unusedTokenNames) io.stderr(`mcp-doctor: --token-env ${terminalSafe(name)}: no server of that name was found\n`);
}

/** Long runs say how far they are on stderr: a live counter on a terminal, one line per server after a few seconds otherwise. */
function progressReporter(io: CliIo, total: number, started: number): (outcome: CheckOutcome) => void {
  let done = 0;
  return (outcome) => {
    done++;
    if (io.interactive) io.stderr(done < total ? `\u001b[2K\u001b[2m… ${done}/${total} checked\u001b[0m\r` : '\u001b[2K');
    else if (total > 1 && performance.now() - started > LONG_RUN_MS)
      io.stderr(`mcp-doctor: [${done}/${total}] ${terminalSafe(outcome.name)}: ${STATUS_WORD[outcome.status]}\n`);
  };
}

/** After this long a non-interactive run reports each finished server on stderr (CI logs would otherwise stay silent). */
const LONG_RUN_MS = 3000;
