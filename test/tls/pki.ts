// Test-only certificate factory: real openssl, run once per test file into a mkdtemp directory.
// `openssl ca` is used for every signature because it is the only OpenSSL 3.0 command that can
// back-date or post-date a certificate (expired / not-yet-valid cases).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeyKind = 'ec256' | 'rsa1024' | 'rsa2048';

export interface CertSpec {
  /** File stem and default CN. */
  readonly name: string;
  readonly cn?: string;
  readonly o?: string;
  /** Issuer; omitted = self-signed. */
  readonly issuer?: IssuedCert;
  readonly key?: KeyKind;
  /** true = CA:true; false = leaf; 'explicit-false' = an "intermediate" with CA:false. */
  readonly ca?: boolean | 'explicit-false';
  readonly pathlen?: number;
  /** subjectAltName value, e.g. "DNS:localhost,IP:127.0.0.1". */
  readonly san?: string;
  readonly eku?: string;
  readonly start?: string;
  readonly end?: string;
  readonly days?: number;
  readonly md?: 'sha256' | 'sha1';
  /** keyUsage value replacing the default (e.g. a CA without keyCertSign, like the ASP.NET Core dev certificate). */
  readonly keyUsage?: string;
}

export interface IssuedCert {
  readonly name: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly pem: string;
  readonly keyPem: string;
}

/** A scratch PKI directory; `dispose()` removes it. */
export class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), 'mcpd-pki-'));
  private serial = 0x1000;

  issue(spec: CertSpec): IssuedCert {
    const keyPath = join(this.dir, `${spec.name}.key`);
    const certPath = join(this.dir, `${spec.name}.pem`);
    this.genKey(spec.key ?? 'ec256', keyPath);
    const csr = join(this.dir, `${spec.name}.csr`);
    const subj = `/CN=${spec.cn ?? spec.name}${spec.o ? `/O=${spec.o}` : ''}`;
    openssl(['req', '-new', '-key', keyPath, '-subj', subj, '-out', csr]);
    const conf = this.caConfig(spec);
    const args = [
      'ca',
      '-batch',
      '-notext',
      '-config',
      conf,
      '-in',
      csr,
      '-out',
      certPath,
      '-extensions',
      'ext',
      '-preserveDN',
      '-md',
      spec.md ?? 'sha256',
    ];
    if (spec.issuer) args.push('-cert', spec.issuer.certPath, '-keyfile', spec.issuer.keyPath);
    else args.push('-selfsign', '-keyfile', keyPath);
    if (spec.start || spec.end) args.push('-startdate', spec.start ?? '20200101000000Z', '-enddate', spec.end ?? '20991231000000Z');
    else args.push('-days', String(spec.days ?? 365));
    openssl(args);
    const pem = readFileSync(certPath, 'utf8').replace(/^[\s\S]*?(?=-----BEGIN CERTIFICATE-----)/, '');
    writeFileSync(certPath, pem);
    return { name: spec.name, certPath, keyPath, pem, keyPem: readFileSync(keyPath, 'utf8') };
  }

  /** Writes PEMs concatenated into a file in the scratch dir and returns its path. */
  bundle(name: string, certs: readonly { readonly pem: string }[]): string {
    const path = join(this.dir, name);
    writeFileSync(path, certs.map((c) => c.pem.trim()).join('\n') + '\n');
    return path;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private genKey(kind: KeyKind, path: string): void {
    const args =
      kind === 'ec256'
        ? ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path]
        : ['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${kind === 'rsa1024' ? 1024 : 2048}`, '-out', path];
    openssl(args);
  }

  private caConfig(spec: CertSpec): string {
    const base = join(this.dir, `ca-${this.serial}`);
    mkdirSync(base, { recursive: true });
    writeFileSync(join(base, 'index.txt'), '');
    writeFileSync(join(base, 'serial'), (this.serial++).toString(16).padStart(4, '0') + '\n');
    const conf = join(base, 'openssl.cnf');
    writeFileSync(
      conf,
      [
        '[ca]',
        'default_ca = ca_default',
        '[ca_default]',
        `dir = ${base}`,
        `database = ${base}/index.txt`,
        `new_certs_dir = ${base}`,
        `serial = ${base}/serial`,
        'policy = policy_any',
        'unique_subject = no',
        'default_md = sha256',
        '[policy_any]',
        'commonName = supplied',
        'organizationName = optional',
        '[ext]',
        ...extensionLines(spec),
      ].join('\n') + '\n',
    );
    return conf;
  }
}

function extensionLines(spec: CertSpec): string[] {
  const lines = ['subjectKeyIdentifier = hash'];
  if (spec.issuer) lines.push('authorityKeyIdentifier = keyid');
  if (spec.ca === true) {
    lines.push(`basicConstraints = critical, CA:true${spec.pathlen === undefined ? '' : `, pathlen:${spec.pathlen}`}`);
    lines.push(`keyUsage = ${spec.keyUsage ?? 'critical, keyCertSign, cRLSign, digitalSignature'}`);
    if (spec.eku) lines.push(`extendedKeyUsage = ${spec.eku}`);
  } else {
    lines.push(spec.ca === 'explicit-false' ? 'basicConstraints = critical, CA:false' : 'basicConstraints = CA:false');
    lines.push('keyUsage = critical, digitalSignature, keyEncipherment');
    lines.push(`extendedKeyUsage = ${spec.eku ?? 'serverAuth'}`);
  }
  if (spec.san) lines.push(`subjectAltName = ${spec.san}`);
  return lines;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}
