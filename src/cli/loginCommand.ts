import { diagnose, DEFAULT_TIMEOUT_MS } from '../core/diagnose/diagnose';
import { parseTargetUrl } from '../core/discovery/url';
import { hasErrors } from '../core/findings/finding';
import { createHttpClient } from '../core/http/client';
import { runAuthorizationFlow } from '../core/oauth/flow';
import { defaultCacheDir, fileStore } from '../core/store/fileStore';
import { parseCommandArgs, positiveInt } from './args';
import { cliBrowserOpener } from './browserOpener';
import { type CliIo, UsageError } from './io';
import { jwksTrust } from './jwt';
import { renderFlow } from './renderFlow';
import { renderReport } from './renderReport';
import { createStyle } from './style';
import { resolvePath } from './text';

export const LOGIN_USAGE = `Usage: mcp-doctor login <url> [options]

Runs the MCP authorization flow against the server at <url> step by step, as an MCP client does:
the 401 challenge, protected resource metadata, authorization server metadata, client registration,
sign-in in your browser (PKCE, a one-shot listener on 127.0.0.1), the token request and its checks,
then initialize and tools/list with the new token; then the full diagnosis with that token.

Options:
  --client-id ID             Use this pre-registered client id (else a metadata document, else DCR)
  --client-metadata-url URL  Use this Client ID Metadata Document URL as the client id
  --scope S                  Request this scope; repeatable (default: the challenge's, else scopes_supported)
  --no-browser               Print the sign-in URL instead of opening a browser
  --ca FILE                  Trust this CA (PEM) for the server and its authorization server; repeatable
  --timeout MS               Per-request / per-step timeout in milliseconds (default ${DEFAULT_TIMEOUT_MS})
  --wait MS                  How long to wait for the browser to come back (default 300000)
  --json                     Print one JSON document (flow, its findings, the diagnosis); never the token
  --print-token              Print the access token alone on stdout (the reports go to stderr)
  -h, --help                 Show this help

Environment: MCP_DOCTOR_BROWSER names the command that opens the URL (default xdg-open / open).
Exit codes: 0 signed in with no error findings, 1 the flow stopped or error findings, 2 usage error, 130 cancelled.`;

const OPTIONS = {
  'client-id': { type: 'string' },
  'client-metadata-url': { type: 'string' },
  scope: { type: 'string', multiple: true },
  'no-browser': { type: 'boolean' },
  ca: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  wait: { type: 'string' },
  json: { type: 'boolean' },
  'print-token': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function loginCommand(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, 'login');
  if (values.help) return (io.stdout(`${LOGIN_USAGE}\n`), 0);
  const url = requireUrl(positionals);
  if (values['client-id'] !== undefined && values['client-metadata-url'] !== undefined)
    throw new UsageError('login: --client-id and --client-metadata-url cannot be combined');
  if (values.json && values['print-token'])
    throw new UsageError('login: --print-token cannot be combined with --json (the token never goes into JSON)');
  const timeoutMs = positiveInt(values.timeout, '--timeout', DEFAULT_TIMEOUT_MS);
  const tls = await jwksTrust(values.ca ?? [], io);
  const http = createHttpClient();
  const flow = await (async () => {
    try {
      return await runAuthorizationFlow(
        {
          url: new URL(url),
          clientId: values['client-id'],
          clientMetadataUrl: values['client-metadata-url'],
          scopes: values.scope,
          signal,
          requestTimeoutMs: timeoutMs,
          callbackTimeoutMs: positiveInt(values.wait, '--wait', 300_000),
        },
        { http, tls: () => tls, openBrowser: cliBrowserOpener(io, values['no-browser'] === true) },
      );
    } finally {
      await http.close();
    }
  })();
  const token = flow.accessToken;
  const report =
    token === undefined
      ? undefined
      : await diagnose({
          url,
          token,
          caFiles: (values.ca ?? []).map((p) => resolvePath(io.cwd, p)),
          timeoutMs,
          env: io.env,
          signal,
          store: fileStore(io.env.MCP_DOCTOR_CACHE_DIR || defaultCacheDir(io.env)),
        });
  const style = createStyle(io.color);
  const out = values['print-token'] ? io.stderr : io.stdout;
  if (values.json) {
    io.stdout(`${JSON.stringify({ flow: flow.report, flowFindings: flow.findings, diagnosis: report }, null, 2)}\n`);
  } else {
    out(renderFlow(flow.report, flow.findings, style));
    if (report) out(`\n${style.bold('Diagnosis with the new token')}\n${renderReport(report, style)}`);
  }
  if (values['print-token'] && token !== undefined) io.stdout(`${token}\n`);
  if (signal.aborted) return 130;
  return token === undefined || hasErrors(flow.findings) || (report !== undefined && hasErrors(report.findings)) ? 1 : 0;
}

function requireUrl(positionals: string[]): string {
  if (positionals.length !== 1)
    throw new UsageError(positionals.length === 0 ? 'login: missing <url>' : `login: expected one <url>, got ${positionals.length}`);
  const [input] = positionals as [string];
  const parsed = parseTargetUrl(input);
  if (typeof parsed === 'string')
    throw new UsageError(`login: "${input}" is ${parsed}; give a full URL such as https://mcp.example.com/mcp`);
  return input;
}
