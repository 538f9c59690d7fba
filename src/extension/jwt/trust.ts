import type * as tls from 'node:tls';

/**
 * TLS trust for fetches the extension makes itself (JWKS): Node's roots plus NODE_EXTRA_CA_CERTS and
 * the server's configured CA files, like the diagnosed client. Loaded lazily (node:tls, file reads).
 */
export async function clientTlsOptions(caFiles: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<tls.ConnectionOptions> {
  const [{ rootCertificates }, { readBoundedText }, { splitPem }] = await Promise.all([import('node:tls'), import('../../core/fs/boundedRead'), import('../../core/tls/pem')]);
  const extra = [env.NODE_EXTRA_CA_CERTS, ...caFiles].filter((p): p is string => typeof p === 'string' && p !== '');
  const pems = await Promise.all(extra.map((path) => readBoundedText(path).catch(() => '')));
  const added = pems.flatMap(splitPem);
  return added.length > 0 ? { ca: [...rootCertificates, ...added] } : {};
}
