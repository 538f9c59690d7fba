import type * as tls from 'node:tls';
import { type Finding } from '../../core/findings/finding';

/**
 * TLS trust for fetches the extension makes itself (JWKS): Node's roots plus NODE_EXTRA_CA_CERTS and
 * the server's configured CA files, like the diagnosed client, read by the engine's one CA-file loader.
 * A file that cannot be used goes to `onProblem` (the same finding a diagnosis reports), never dropped.
 * Loaded lazily (node:tls, file reads).
 */
export async function clientTlsOptions(
  caFiles: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  onProblem?: (problem: Finding) => void,
): Promise<tls.ConnectionOptions> {
  const [{ rootCertificates }, { loadNodeExtraCas }] = await Promise.all([import('node:tls'), import('../../core/tls/caFiles')]);
  const loaded = await loadNodeExtraCas(
    env,
    caFiles.filter((p) => p !== ''),
  );
  loaded.forEach((l) => l.problem && onProblem?.(l.problem));
  const added = loaded.flatMap((l) => l.pems);
  return added.length > 0 ? { ca: [...rootCertificates, ...added] } : {};
}
