import { X509Certificate } from 'node:crypto';
import type * as tls from 'node:tls';
import { type NetTransport } from '../net/transport';
import { type HandshakeTarget } from './handshake';
import { recordHandshake, type RecordedHandshake } from './recordedHandshake';

/**
 * Why a server refused the handshake before showing a certificate, as far as retries can tell:
 * - client-certificate: it sent a CertificateRequest (TLS 1.2: it asked, then refused our empty answer);
 * - key-cannot-sign: it completes TLS 1.2 only, with an RSA key too small for TLS 1.3's RSA-PSS signatures;
 * - tls13-refused: it completes TLS 1.2 only, for another reason;
 * - old-protocol: it completes only TLS 1.0/1.1;
 * - no-common-cipher: it completes only with a cipher suite no default client offers;
 * - legacy-signature: it completes only when SHA-1 signatures are allowed;
 * - unknown: every variant was refused.
 */
export type RefusalCause =
  'client-certificate' | 'key-cannot-sign' | 'tls13-refused' | 'old-protocol' | 'no-common-cipher' | 'legacy-signature' | 'unknown';

export interface RefusalAttempt {
  /** What the client offered, in words. */
  readonly offered: string;
  /** What happened, in words: "completed: TLSv1.2, ECDHE-RSA-AES256-GCM-SHA384" or "refused: handshake_failure alert". */
  readonly outcome: string;
}

export interface RefusalExplanation {
  readonly cause: RefusalCause;
  readonly attempts: readonly RefusalAttempt[];
  /** The plaintext alert the server answered the default ClientHello with, e.g. "handshake_failure". */
  readonly alert?: string;
  /** What the variant that worked negotiated. */
  readonly protocol?: string;
  readonly cipher?: string;
  /** The server's certificate, when some attempt got it. */
  readonly certificate?: X509Certificate;
}

interface Variant {
  readonly cause: Exclude<RefusalCause, 'client-certificate' | 'unknown' | 'key-cannot-sign'>;
  readonly offered: string;
  readonly settings: tls.ConnectionOptions;
}

/** Every cipher suite OpenSSL has, including TLS 1.3 suites no client offers by default (CCM). */
const EVERY_CIPHER =
  'TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256:ALL:COMPLEMENTOFALL:@SECLEVEL=0';
const LEGACY_SIGALGS =
  'RSA+SHA1:ECDSA+SHA1:RSA+SHA224:RSA+SHA256:RSA+SHA384:RSA+SHA512:ECDSA+SHA256:ECDSA+SHA384:ECDSA+SHA512:RSA-PSS+SHA256:ed25519';

/** Retries in order, each changing one thing from what clients offer by default. */
const VARIANTS: readonly Variant[] = [
  { cause: 'tls13-refused', offered: 'TLS 1.2 only, default cipher suites', settings: { maxVersion: 'TLSv1.2' } },
  {
    cause: 'old-protocol',
    offered: 'TLS 1.0 and 1.1 only, legacy cipher suites (security level 0)',
    settings: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
  },
  {
    cause: 'no-common-cipher',
    offered: 'every cipher suite OpenSSL has (security level 0)',
    settings: { minVersion: 'TLSv1', ciphers: EVERY_CIPHER },
  },
  {
    cause: 'legacy-signature',
    offered: 'TLS 1.2 with SHA-1 signature algorithms allowed (security level 0)',
    settings: { minVersion: 'TLSv1', maxVersion: 'TLSv1.2', ciphers: 'ALL:@SECLEVEL=0', sigalgs: LEGACY_SIGALGS },
  },
];

/** The smallest RSA modulus that can make an RSA-PSS signature with SHA-256 (RFC 8017 §9.1.1: 2·32+2 bytes). */
const RSA_PSS_SHA256_MIN_BITS = 528;

export interface RefusalOptions {
  /** The whole explanation's time bound. */
  readonly budgetMs: number;
  /** One attempt's time bound. */
  readonly attemptMs?: number;
  /** Elapsed-time source for the budget (injectable; default Date.now). Not the diagnosis clock, which tests may pin. */
  readonly now?: () => number;
}

/**
 * Replays the handshake with the default settings, recording what the server sends in the clear,
 * then with one setting changed at a time until one completes. Bounded by the signal and the budget.
 */
export async function explainRefusal(
  net: NetTransport,
  target: HandshakeTarget,
  signal: AbortSignal,
  options: RefusalOptions,
): Promise<RefusalExplanation> {
  const now = options.now ?? Date.now;
  const deadline = now() + options.budgetMs;
  const attempt = (settings: tls.ConnectionOptions) => {
    const left = Math.max(1, Math.min(options.attemptMs ?? 3000, deadline - now()));
    return recordHandshake(net, target, settings, AbortSignal.any([signal, AbortSignal.timeout(left)])).catch(
      (err: unknown): RecordedHandshake => {
        signal.throwIfAborted();
        const code =
          err instanceof Error && err.name === 'TimeoutError' ? 'TIMEOUT' : String((err as { code?: unknown }).code ?? 'UNKNOWN');
        return { completed: false, errorCode: code, sent: [], flight: { certificates: [], certificateRequested: false, encrypted: false } };
      },
    );
  };
  const first = await attempt({});
  const attempts: RefusalAttempt[] = [{ offered: 'what clients offer by default (TLS 1.2 and 1.3)', outcome: describe(first) }];
  const alert = first.flight.alert?.description;
  if (first.flight.certificateRequested)
    return { cause: 'client-certificate', attempts, alert, protocol: first.flight.version, certificate: flightCertificate(first) };
  for (const variant of VARIANTS) {
    if (now() >= deadline) {
      attempts.push({ offered: variant.offered, outcome: 'not tried: out of time' });
      continue;
    }
    const result = await attempt(variant.settings);
    attempts.push({ offered: variant.offered, outcome: describe(result) });
    if (result.flight.certificateRequested)
      return { cause: 'client-certificate', attempts, alert, protocol: result.flight.version, certificate: flightCertificate(result) };
    if (result.completed) {
      const certificate = result.sent[0] ?? flightCertificate(result);
      const cause = variant.cause === 'tls13-refused' && rsaTooSmallForPss(certificate) ? 'key-cannot-sign' : variant.cause;
      return { cause, attempts, alert, protocol: result.protocol, cipher: result.cipher, certificate };
    }
  }
  return { cause: 'unknown', attempts, alert, certificate: flightCertificate(first) };
}

function describe(result: RecordedHandshake): string {
  if (result.completed) return `completed: ${result.protocol ?? 'unknown protocol'}, ${result.cipher ?? 'unknown cipher'}`;
  if (result.flight.certificateRequested)
    return `the server asked for a client certificate (CertificateRequest), then refused (${result.errorCode})`;
  const alert = result.flight.alert ? `${result.flight.alert.description} alert` : result.errorCode;
  const seen = result.flight.version ? ` after choosing ${result.flight.version}` : ' before choosing a version';
  return `refused: ${alert}${seen}`;
}

function flightCertificate(result: RecordedHandshake): X509Certificate | undefined {
  const der = result.flight.certificates[0];
  if (!der) return undefined;
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}

function rsaTooSmallForPss(cert: X509Certificate | undefined): boolean {
  const key = cert?.publicKey;
  return key?.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? Infinity) < RSA_PSS_SHA256_MIN_BITS;
}
