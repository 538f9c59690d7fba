import { type X509Certificate } from 'node:crypto';
import { parseCertificate } from './certInfo';
import { certificateSubjectKey } from './der';
import { pemBody } from './pem';

interface Entry {
  readonly pem: string;
  readonly subject: string;
}

/**
 * The certificates of one trust source, kept as PEM text and parsed only when asked for.
 *
 * A run loads several stores of ~140 roots each (Node's, the OS's, certifi, SSL_CERT_DIR...), but a
 * chain only ever meets the few whose names it carries: parsing every root cost ~50 ms of a CLI
 * run. Names are compared by a key read from the DER directly (see certificateNameKeys).
 */
export class CertSet {
  private all?: X509Certificate[];
  private bySubject?: Map<string, Entry[]>;

  private constructor(private readonly entries: readonly Entry[]) {}

  /** The distinct, well-formed certificates among PEM blocks (same DER = one certificate). */
  static fromPems(pems: readonly string[]): CertSet {
    const seen = new Set<string>();
    const entries: Entry[] = [];
    for (const pem of pems) {
      const body = pemBody(pem);
      if (seen.has(body)) continue;
      seen.add(body);
      const subject = certificateSubjectKey(Buffer.from(body, 'base64'));
      if (subject !== undefined) entries.push({ pem, subject });
    }
    return new CertSet(entries);
  }

  get size(): number {
    return this.entries.length;
  }

  /** The PEM text of each certificate. */
  get pems(): string[] {
    return this.entries.map((e) => e.pem);
  }

  /** Every certificate, parsed (once). */
  certificates(): X509Certificate[] {
    this.all ??= parseEach(this.entries);
    return this.all;
  }

  /** The certificates whose subject has this name key. */
  named(key: string): X509Certificate[] {
    if (!this.bySubject) {
      this.bySubject = new Map();
      for (const entry of this.entries) this.bySubject.set(entry.subject, [...(this.bySubject.get(entry.subject) ?? []), entry]);
    }
    return parseEach(this.bySubject.get(key) ?? []);
  }
}

/**
 * Parsed certificates by PEM body, shared by every set: the OS bundle, certifi and Node's
 * bundled roots are mostly the same Mozilla roots.
 */
const parsedCache = new Map<string, X509Certificate | undefined>();
const MAX_PARSED = 4000;

function parseEach(entries: readonly Entry[]): X509Certificate[] {
  return entries.map((e) => parseCached(e.pem)).filter((x): x is X509Certificate => x !== undefined);
}

function parseCached(pem: string): X509Certificate | undefined {
  const key = pemBody(pem);
  if (parsedCache.has(key)) return parsedCache.get(key);
  const cert = parseCertificate(pem);
  if (parsedCache.size >= MAX_PARSED) parsedCache.clear();
  parsedCache.set(key, cert);
  return cert;
}
