import { type CaBundleResult } from '../../core/caBundle/caBundle';
import { type DiscoveredServer } from '../../core/discovery/types';
import { type Services } from '../services';
import { chooseServer, type DiagnoseArg } from './diagnose';

const COPY_EXPORTS = 'Copy Export Lines';

/**
 * "Create CA Bundle…": reads the server's certificate chain, builds one bundle every client can use
 * (OS roots plus the CA the chain is missing, found on this machine), saves it where the user
 * chooses and offers the export lines (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, …) to copy.
 */
export async function createCaBundleCommand(s: Services, arg?: unknown): Promise<string | undefined> {
  s.session.markUserActed();
  const server = await chooseServer(s, arg as DiagnoseArg, 'MCP Doctor: Create CA Bundle…');
  if (!server) return undefined;
  if (!server.url.startsWith('https:')) {
    void s.ui.info(`MCP Doctor: ${server.name} is not an https URL (${server.url}); a CA bundle only matters for TLS.`);
    return undefined;
  }
  const result = await s.ui.withProgress(`MCP Doctor: reading the certificate chain of ${server.name}`, (_progress, signal) =>
    buildBundle(s, server, signal),
  );
  if (result.chainError) {
    void s.ui.error(
      `MCP Doctor: could not read the certificate chain of ${server.url}: ${result.chainError.code} ${result.chainError.message}`,
    );
    return undefined;
  }
  if (!result.completesChain && result.missing) {
    void s.ui.warn(
      `MCP Doctor: the chain of ${server.url} needs "${result.missing.name}" (issuer of ${result.missing.neededBy}), and no trust source on this machine has it. Ask the server's operator for that CA certificate, then add it with the server's caFiles setting.`,
    );
    return undefined;
  }
  const path = await s.ui.saveAs({
    title: 'MCP Doctor: save the CA bundle',
    defaultName: 'ca-bundle.pem',
    filters: { 'PEM certificates': ['pem', 'crt'] },
  });
  if (!path) return undefined;
  await s.ui.writeFile(path, result.pem);
  const { bundleExportLines } = await import('../../core/caBundle/caBundle');
  const lines = Object.values(bundleExportLines(path)).join('\n');
  const added = result.added.length
    ? `adds ${result.added.map((a) => `"${a.name}" (${a.source})`).join(', ')}`
    : 'adds nothing: the server is already trusted by the base store';
  s.log.info(`CA bundle for ${server.url} saved to ${path}: ${result.base.count} roots from ${result.base.label}; ${added}`);
  const choice = await s.ui.info(
    `MCP Doctor: CA bundle saved to ${path} (${result.base.count} roots from ${result.base.label}; ${added}). Point your clients at it with the export lines.`,
    COPY_EXPORTS,
  );
  if (choice === COPY_EXPORTS) await s.ui.writeClipboard(lines);
  return path;
}

async function buildBundle(s: Services, server: DiscoveredServer, signal: AbortSignal): Promise<CaBundleResult> {
  const [{ createCaBundle }, { splitPem }, { readBoundedText }] = await Promise.all([
    import('../../core/caBundle/caBundle'),
    import('../../core/tls/pem'),
    import('../../core/fs/boundedRead'),
  ]);
  const userCas = await Promise.all(
    server.caFiles.map(async (path) => ({ path, pems: splitPem(await readBoundedText(path).catch(() => '')) })),
  );
  // The progress signal only cancels: a server that never answers the handshake must still end.
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(s.settings().timeoutMs)]);
  return createCaBundle({ url: new URL(server.url), userCas, env: s.env, signal: deadline });
}
