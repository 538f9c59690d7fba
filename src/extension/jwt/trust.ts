import type * as tls from 'node:tls';

/**
 * TLS trust for fetches the extension makes itself (JWKS): Node's roots plus NODE_EXTRA_CA_CERTS and
 * the server's configured CA files, like the diagnosed client. Loaded lazily (node:tls, file reads).
 */
export async function clientTlsOptions(caFiles: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<tls.ConnectionOptions> {
  const [{ rootCertificates }, { readFile }, { splitPem }] = await Promise.all([import('node:tls'), import('node:fs/promises'), import('../../core/tls/clientTrust')]);
  const extra = [env.NODE_EXTRA_CA_CERTS, ...caFiles].filter((p): p is string => typeof p === 'string' && p !== '');
  const pems = await Promise.all(extra.map((path) => readFile(path, 'utf8').catch(() => '')));
  const added = pems.flatMap(splitPem);
  return added.length > 0 ? { ca: [...rootCertificates, ...added] } : {};
}
