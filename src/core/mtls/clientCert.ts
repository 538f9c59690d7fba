import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { makeFinding, type Finding } from '../findings/finding';
import { errorCode } from '../net/errors';
import { describeCertificate } from '../tls/certInfo';
import { splitPem } from '../tls/pem';
import { type ClientCertTls } from '../tls/types';
import { readBoundedBytes, readBoundedText } from '../fs/boundedRead';

/** A client certificate for mutual TLS: PEM cert + key, or a PKCS#12 file. */
export interface ClientCertConfig {
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly pfxFile?: string;
  /** Passphrase of the key or the PKCS#12 file. A secret: never copied into findings or reports. */
  readonly passphrase?: string;
}

export interface LoadedClientCert {
  /** The configured files, for evidence. */
  readonly files: string;
  readonly tls: ClientCertTls;
  /** Certificates in the file, leaf first (the PKCS#12 leaf only). */
  readonly chain: readonly X509Certificate[];
}

function filesOf(config: ClientCertConfig): string {
  return config.pfxFile ?? [config.certFile, config.keyFile].filter(Boolean).join(' + ');
}

/** Reads and checks the configured certificate and key: they must load into a TLS context together. */
export async function loadClientCert(config: ClientCertConfig): Promise<LoadedClientCert | Finding> {
  const files = filesOf(config);
  const unusable = (reason: string, code: string) => makeFinding('TLS_CLIENT_CERT_UNUSABLE', { files, reason, errorCode: code });
  if (!config.pfxFile && (!config.certFile || !config.keyFile))
    return unusable('a certificate needs both --cert and --key (or --pfx)', 'INCOMPLETE');
  let options: ClientCertTls;
  try {
    options = config.pfxFile
      ? { pfx: await readBoundedBytes(config.pfxFile), passphrase: config.passphrase }
      : { cert: await readBoundedText(config.certFile!), key: await readBoundedText(config.keyFile!), passphrase: config.passphrase };
  } catch (err) {
    return unusable('a file cannot be read', errorCode(err) ?? 'unreadable');
  }
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext(options);
  } catch (err) {
    return unusable(err instanceof Error ? err.message : 'the certificate and key do not load', errorCode(err) ?? 'UNKNOWN');
  }
  const chain = options.cert ? splitPem(options.cert).flatMap(parse) : contextCertificate(context);
  if (chain.length === 0) return unusable('no certificate found in the file', 'NO_CERTIFICATE');
  return { files, tls: options, chain };
}

function parse(pem: string | Buffer): X509Certificate[] {
  try {
    return [new X509Certificate(pem)];
  } catch {
    return [];
  }
}

/** The certificate a PKCS#12 file put into the context (Node has no PKCS#12 parser of its own). */
function contextCertificate(context: tls.SecureContext): X509Certificate[] {
  const native = (context as unknown as { context?: { getCertificate?: () => Buffer | null } }).context;
  const der = native?.getCertificate?.();
  return der ? parse(der) : [];
}

/** What a developer must know about the configured certificate: names, expiry, usage. No key material. */
export function clientCertEvidence(loaded: LoadedClientCert, now: number): Record<string, unknown> {
  const info = describeCertificate(loaded.chain[0]!, now);
  return {
    files: loaded.files,
    subject: info.subject,
    issuer: info.issuer,
    notAfter: info.notAfter,
    daysLeft: info.daysLeft,
    keyUsage: info.keyUsage,
    extKeyUsage: info.extKeyUsage,
  };
}

/** "C = US, O = Lab, CN = X" (openssl) and "C=US\nO=Lab\nCN=X" (Node) compare equal. */
export function normaliseDn(dn: string): string {
  return dn
    .split(/\n|,\s*(?=[A-Za-z.0-9]+\s*=)/)
    .map((p) => p.replace(/\s*=\s*/, '=').trim())
    .filter(Boolean)
    .sort()
    .join(',');
}

/** Whether the certificate (or one in its file) was issued by, or is, one of the accepted CA names. */
export function chainsToAccepted(loaded: LoadedClientCert, acceptedCas: readonly string[]): boolean {
  const accepted = new Set(acceptedCas.map(normaliseDn));
  return loaded.chain.some((c) => accepted.has(normaliseDn(c.issuer)) || accepted.has(normaliseDn(c.subject)));
}
