/**
 * Run-time certificate factory for the lab and the TLS test matrix: keys come from node:crypto,
 * certificates from the `openssl ca` CLI (it is the only stock tool that sets arbitrary validity
 * dates, hashes and extensions, including the broken ones the tests need). Nothing is cached.
 */
import { execFile } from 'node:child_process';
import { generateKeyPair, X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Key algorithm and size. Default: EC P-256 (fast to generate). */
export type KeySpec =
  | { readonly type: 'rsa'; readonly bits?: number }
  | { readonly type: 'ec'; readonly curve?: 'P-256' | 'P-384' | 'P-521' }
  | { readonly type: 'ed25519' }
  /** Reuse an existing private key (PEM), e.g. to re-issue a certificate for the same key. */
  | { readonly type: 'pem'; readonly pem: string };

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Everything that can vary in one certificate. Only `name` is required. */
export interface CertSpec {
  /** File stem inside the directory (`<name>.crt`, `<name>.key`); unique per directory. */
  readonly name: string;
  /** Subject common name. Default: `name`. */
  readonly commonName?: string;
  /** Full subject DN in openssl form (`/O=Lab/CN=x`); overrides `commonName`. */
  readonly subject?: string;
  readonly key?: KeySpec;
  /** Default: one hour ago (absorbs small clock differences). */
  readonly notBefore?: Date;
  /** Default: `notBefore` + `days`. */
  readonly notAfter?: Date;
  /** Validity length when `notAfter` is absent. Default 30. */
  readonly days?: number;
  /** Signature hash. Default sha256 (ignored for ed25519). */
  readonly hash?: HashName;
  /** basicConstraints: true = CA:TRUE, a number = CA:TRUE with that pathlen, false = CA:FALSE, null = omit. */
  readonly ca?: boolean | number | null;
  /** keyUsage names (openssl spelling, e.g. `keyCertSign`); null = omit. Default depends on the helper. */
  readonly keyUsage?: readonly string[] | null;
  /** extendedKeyUsage names (`serverAuth`, `clientAuth`, ...); null = omit. */
  readonly extKeyUsage?: readonly string[] | null;
  /** subjectAltName entries (`DNS:localhost`, `IP:127.0.0.1`); empty or absent = omit. */
  readonly sans?: readonly string[];
  /** Raw extra openssl extension lines, e.g. `nameConstraints = permitted;DNS:.example`. */
  readonly extraExtensions?: readonly string[];
}

/** A certificate with its key, in memory and on disk. */
export interface IssuedCert {
  readonly name: string;
  readonly certPem: string;
  readonly keyPem: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Parsed form, for subject/validity/fingerprint checks in tests. */
  readonly x509: X509Certificate;
}

/** SANs for a loopback server reachable as `localhost`, `127.0.0.1` and `::1`. */
export const LOOPBACK_SANS: readonly string[] = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1'];

const DAY_MS = 86_400_000;

/** Generates a private key as PKCS#8 PEM (asynchronously, off the main thread). */
export function generateKeyPem(spec: KeySpec = { type: 'ec' }): Promise<string> {
  if (spec.type === 'pem') return Promise.resolve(spec.pem);
  const encoding = { privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } } as const;
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, _pub: string, priv: string): void => (err ? reject(err) : resolve(priv));
    if (spec.type === 'rsa') generateKeyPair('rsa', { modulusLength: spec.bits ?? 2048, ...encoding }, done);
    else if (spec.type === 'ec') generateKeyPair('ec', { namedCurve: spec.curve ?? 'P-256', ...encoding }, done);
    else generateKeyPair('ed25519', encoding, done);
  });
}

/**
 * Issues one certificate into `dir`, signed by `issuer`, or self-signed when `issuer` is omitted.
 * No defaults for extensions beyond what `spec` says (helpers below supply sensible ones).
 */
export async function issueCertificate(dir: string, spec: CertSpec, issuer?: IssuedCert): Promise<IssuedCert> {
  const base = join(dir, spec.name);
  const keyPem = await generateKeyPem(spec.key);
  const keyFile = `${base}.key`;
  const certFile = `${base}.crt`;
  await writeFile(keyFile, keyPem, { mode: 0o600 });
  await writeFile(`${base}.index`, '');
  await writeFile(`${base}.cnf`, opensslConfig(dir, spec));
  const subject = spec.subject ?? `/CN=${escapeDn(spec.commonName ?? spec.name)}`;
  await run('openssl', ['req', '-new', '-key', keyFile, '-subj', subject, '-out', `${base}.csr`]);
  const notBefore = spec.notBefore ?? new Date(Date.now() - 3_600_000);
  const notAfter = spec.notAfter ?? new Date(notBefore.getTime() + (spec.days ?? 30) * DAY_MS);
  const signer = issuer ? ['-cert', issuer.certFile, '-keyfile', issuer.keyFile] : ['-selfsign', '-keyfile', keyFile];
  const hash = spec.key?.type === 'ed25519' ? [] : ['-md', spec.hash ?? 'sha256'];
  await run('openssl', [
    'ca',
    '-batch',
    '-notext',
    '-rand_serial',
    '-preserveDN',
    '-config',
    `${base}.cnf`,
    '-extensions',
    'leaf_ext',
    '-in',
    `${base}.csr`,
    '-out',
    certFile,
    '-subj',
    subject,
    '-startdate',
    asn1Time(notBefore),
    '-enddate',
    asn1Time(notAfter),
    ...hash,
    ...signer,
  ]);
  const certPem = await readFile(certFile, 'utf8');
  return { name: spec.name, certPem, keyPem, certFile, keyFile, x509: new X509Certificate(certPem) };
}

/** A root CA (self-signed, CA:TRUE, keyCertSign+cRLSign, 10 years). */
export function createRootCa(dir: string, spec: Partial<CertSpec> = {}): Promise<IssuedCert> {
  return issueCertificate(dir, {
    name: 'root-ca',
    commonName: 'MCP Doctor Lab Root CA',
    days: 3650,
    ca: true,
    keyUsage: ['keyCertSign', 'cRLSign'],
    ...spec,
  });
}

/** An intermediate CA signed by `issuer` (CA:TRUE, pathlen 0, 5 years). */
export function createIntermediateCa(dir: string, issuer: IssuedCert, spec: Partial<CertSpec> = {}): Promise<IssuedCert> {
  return issueCertificate(
    dir,
    {
      name: 'intermediate-ca',
      commonName: 'MCP Doctor Lab Intermediate CA',
      days: 1825,
      ca: 0,
      keyUsage: ['keyCertSign', 'cRLSign'],
      ...spec,
    },
    issuer,
  );
}

/**
 * A TLS server leaf (CA:FALSE, digitalSignature(+keyEncipherment for RSA), serverAuth, loopback SANs, 30 days),
 * signed by `issuer`, or self-signed when `issuer` is null.
 */
export function createLeaf(dir: string, issuer: IssuedCert | null, spec: Partial<CertSpec> = {}): Promise<IssuedCert> {
  const keyUsage = spec.key?.type === 'rsa' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
  const full: CertSpec = {
    name: 'leaf',
    commonName: 'localhost',
    ca: false,
    keyUsage,
    extKeyUsage: ['serverAuth'],
    sans: LOOPBACK_SANS,
    ...spec,
  };
  return issueCertificate(dir, full, issuer ?? undefined);
}

/** Concatenates certificates (leaf first) into one PEM file, as servers send them; returns the path. */
export async function writeChainFile(file: string, certs: readonly IssuedCert[]): Promise<string> {
  await writeFile(file, certs.map((c) => c.certPem.trimEnd() + '\n').join(''));
  return file;
}

function opensslConfig(dir: string, spec: CertSpec): string {
  const base = join(dir, spec.name);
  const ca = [
    '[ca]',
    'default_ca = lab_ca',
    '[lab_ca]',
    `database = ${base}.index`,
    `serial = ${base}.serial`,
    `new_certs_dir = ${dir}`,
    'policy = lab_policy',
    'unique_subject = no',
    'email_in_dn = no',
    'copy_extensions = none',
    'default_md = sha256',
    '[lab_policy]',
    ...[
      'countryName',
      'stateOrProvinceName',
      'localityName',
      'organizationName',
      'organizationalUnitName',
      'commonName',
      'emailAddress',
    ].map((f) => `${f} = optional`),
  ];
  return [...ca, '[leaf_ext]', ...extensionLines(spec), ''].join('\n');
}

function extensionLines(spec: CertSpec): string[] {
  const lines = ['subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid:always'];
  if (spec.ca === true) lines.push('basicConstraints = critical,CA:TRUE');
  else if (typeof spec.ca === 'number') lines.push(`basicConstraints = critical,CA:TRUE,pathlen:${spec.ca}`);
  else if (spec.ca === false) lines.push('basicConstraints = critical,CA:FALSE');
  if (spec.keyUsage?.length) lines.push(`keyUsage = critical,${spec.keyUsage.join(',')}`);
  if (spec.extKeyUsage?.length) lines.push(`extendedKeyUsage = ${spec.extKeyUsage.join(',')}`);
  if (spec.sans?.length) lines.push(`subjectAltName = ${spec.sans.join(',')}`);
  return [...lines, ...(spec.extraExtensions ?? [])];
}

/** openssl wants GeneralizedTime `YYYYMMDDHHMMSSZ` (it converts to UTCTime where RFC 5280 requires). */
function asn1Time(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

function escapeDn(value: string): string {
  return value.replace(/([/\\])/g, '\\$1');
}
