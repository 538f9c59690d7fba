import { isAbsolute, resolve } from 'node:path';
import { type LoadedCa } from '../core/tls/types';
import { resolveProxy } from '../core/proxy/resolve';
import { bundleExportLines, createCaBundle, writeFileAtomic, type CaBundleResult } from '../core/caBundle/caBundle';
import { loadCaFile } from '../core/tls/caFiles';
import { CLIENT_BUNDLE_VARIABLES, osTrustCommand, osTrustNote, type BundleVariable } from '../core/tls/fixText';
import { parseCommandArgs, positiveInt } from './args';
import { type CliIo, UsageError } from './io';

export const CA_BUNDLE_USAGE = `Usage: mcp-doctor ca-bundle --out FILE [URL] [--ca FILE]...

Writes one CA bundle that every client can use: the OS roots plus the CA your server's chain is
missing (the root it sends, or one found in --ca files, mkcert's CAROOT, NODE_EXTRA_CA_CERTS,
SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE or the OS store). Without URL: the OS roots plus
the --ca files and the mkcert root. Prints the line to export for each client.

Options:
  --out FILE         Where to write the bundle (PEM); required
  --ca FILE          A CA certificate (PEM) that may be the missing one; repeatable
  --timeout MS       Connection timeout in milliseconds (default 10000)
  -h, --help         Show this help

Exit codes: 0 bundle written, 1 the missing CA could not be found or the server was unreachable, 2 usage error.`;

const OPTIONS = {
  out: { type: 'string' },
  ca: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `mcp-doctor ca-bundle`: builds and writes the combined bundle, then says what to export. */
export async function caBundleCommand(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS, 'ca-bundle');
  if (values.help) return (io.stdout(`${CA_BUNDLE_USAGE}\n`), 0);
  if (!values.out) throw new UsageError('ca-bundle: --out FILE is required');
  if (positionals.length > 1) throw new UsageError(`ca-bundle: expected at most one URL, got ${positionals.length}`);
  const url = positionals[0] === undefined ? undefined : httpsUrl(positionals[0]);
  const timeoutMs = positiveInt(values.timeout, '--timeout', 10_000);
  const userCas = await loadCaFiles(
    (values.ca ?? []).map((p) => absolute(io.cwd, p)),
    io,
  );
  if (!userCas) return 1;
  const timeout = AbortSignal.timeout(timeoutMs);
  const route = url && resolveProxy(url, undefined, io.env);
  if (route?.mode === 'proxy')
    io.stderr(`Reading the chain through proxy ${route.display} (${route.source}), as clients behind it see it.\n`);
  const proxy = route?.mode === 'proxy' ? route.proxy : undefined;
  const result = await createCaBundle({ url, userCas, env: io.env, proxy, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  if (result.chainError) {
    io.stderr(
      `mcp-doctor ca-bundle: could not read the certificate chain of ${url?.href}: ${result.chainError.code} (${result.chainError.message.split('\n')[0]})\n`,
    );
    return 1;
  }
  if (result.missing) return (reportMissing(result, io), 1);
  const out = absolute(io.cwd, values.out);
  await writeFileAtomic(out, result.pem);
  const addedPath = result.added.length ? `${out.replace(/\.(pem|crt)$/i, '')}-added.pem` : undefined;
  if (addedPath) await writeFileAtomic(addedPath, `${result.added.map((a) => a.pem).join('\n')}\n`);
  io.stdout(summary(out, result, addedPath));
  return 0;
}

function httpsUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(`ca-bundle: "${input}" is not a URL`);
  }
  if (url.protocol !== 'https:')
    throw new UsageError(`ca-bundle: "${input}" is not an https:// URL (a plain http server has no certificate chain)`);
  return url;
}

function absolute(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

async function loadCaFiles(paths: readonly string[], io: CliIo): Promise<LoadedCa[] | undefined> {
  const loaded = await Promise.all(paths.map((path) => loadCaFile(path)));
  const problem = loaded.find((l) => l.problem)?.problem;
  if (problem) {
    io.stderr(`mcp-doctor ca-bundle: ${problem.title}: ${problem.cause}\n`);
    return undefined;
  }
  return loaded.map((l) => ({ path: l.path, pems: [...l.pems] }));
}

function reportMissing(result: CaBundleResult, io: CliIo): void {
  const missing = result.missing!;
  io.stderr(
    [
      `mcp-doctor ca-bundle: the chain needs the CA "${missing.name}" (${missing.subject}), which issued "${missing.neededBy}".`,
      "The server does not send it, and it is not in the --ca files, mkcert's CAROOT, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE,",
      'REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE or the OS store. Get that CA certificate (PEM) from whoever runs the server or its CA',
      '(e.g. the ca.crt of your private CA, or the corporate root from IT) and run again with --ca FILE. No bundle was written.',
      '',
    ].join('\n'),
  );
}

function summary(out: string, result: CaBundleResult, addedPath: string | undefined): string {
  const lines = [
    `Wrote ${out}`,
    `  ${result.base.count} roots from the ${result.base.label}${result.base.origin ? ` (${result.base.origin})` : ''}`,
  ];
  for (const a of result.added) lines.push(`  + ${a.role} "${a.name}" SHA-256 ${a.fingerprint256} (${a.source})`);
  if (result.added.length === 0) lines.push('  Nothing was missing: the chain already ends at a root in that store.');
  lines.push('', 'Export it for each client, then restart the client:');
  const exports = bundleExportLines(out);
  const width = Math.max(...Object.values(exports).map((l) => l.length));
  for (const [variable, line] of Object.entries(exports))
    lines.push(`  ${line.padEnd(width)}  # ${CLIENT_BUNDLE_VARIABLES[variable as BundleVariable]}`);
  if (addedPath) {
    lines.push(
      '',
      `The added CA alone is in ${addedPath}. VS Code's fetch ignores NODE_EXTRA_CA_CERTS: add that CA to the`,
      'OS store instead (and keep "http.systemCertificates" on), then restart VS Code:',
      `  ${osTrustCommand(addedPath)}`,
    );
    const note = osTrustNote();
    if (note) lines.push(`  (${note})`);
  }
  return `${lines.join('\n')}\n`;
}
