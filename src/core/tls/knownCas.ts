/**
 * Recognises the private CAs and placeholder certificates developers meet most, by the names and
 * extensions their tools put in certificates, and says where the root lives and how to trust it.
 * Pure and table-driven: facts in, a description out. Sources for each entry are in the table.
 */
import { type X509Certificate } from 'node:crypto';
import { oneLineDn } from './certInfo';
import { certificateExtensionOids } from './der';

/** What a certificate shows about its origin: its names and the OIDs of its extensions. */
export interface CertificateFacts {
  /** One-line DN, e.g. "O=mkcert development CA, CN=mkcert me@laptop". */
  readonly subject: string;
  readonly issuer: string;
  readonly extensionOids: readonly string[];
}

/**
 * - development-ca: a local CA a tool created; trust its root (never sent by the server).
 * - placeholder: a certificate a server or ingress serves when none is configured for the host: fix the server, trusting it is pointless.
 * - inspection-ca: a corporate TLS-inspection proxy re-signing every site; its root is in the company's OS store.
 */
export type KnownCaKind = 'development-ca' | 'placeholder' | 'inspection-ca';

/** A recognised CA or placeholder, with the words a fix needs. JSON-serialisable (it travels in evidence). */
export interface KnownCa {
  readonly id: string;
  readonly product: string;
  readonly kind: KnownCaKind;
  /** The name that matched, as it appears in the chain. */
  readonly matched: string;
  /** Where the root certificate is, in words. */
  readonly rootLocation: string;
  /** How the product itself trusts its root (on the machine that holds it). */
  readonly trustCommand?: string;
  /** A root file path to pass as `ca-bundle --ca` (typical default; "ROOT.pem" when there is none). */
  readonly rootFile: string;
  /** For placeholders: what to change on the server instead. */
  readonly serverFix?: string;
}

/** ASP.NET Core HTTPS development certificate marker (dotnet/aspnetcore CertificateManager.AspNetHttpsOid). */
export const ASPNET_DEV_CERT_OID = '1.3.6.1.4.1.311.84.1.1';

type Entry = Omit<KnownCa, 'matched'> & { readonly match: (facts: readonly CertificateFacts[]) => string | undefined };

/** The first subject or issuer in the chain that matches. */
function nameMatching(pattern: RegExp): Entry['match'] {
  return (facts) => facts.flatMap((f) => [f.subject, f.issuer]).find((name) => pattern.test(name));
}

/**
 * Only CA names (issuers, and a named missing root): a server's own subject that happens to contain
 * a vendor's name is not an inspection proxy.
 */
function issuerMatching(pattern: RegExp): Entry['match'] {
  return (facts) => facts.map((f) => (f.issuer === '' ? f.subject : f.issuer)).find((name) => pattern.test(name));
}

const CADDY_DATA =
  '~/.local/share/caddy (a caddy run by its systemd service: /var/lib/caddy/.local/share/caddy; the official Docker image: /data/caddy; or $XDG_DATA_HOME/caddy)';

/** Inspection products and the words their CA names carry (vendor documentation of each product's default CA). */
const INSPECTION: readonly { product: string; pattern: RegExp }[] = [
  { product: 'Zscaler', pattern: /zscaler/i },
  { product: 'Netskope', pattern: /netskope/i },
  { product: 'Palo Alto Networks', pattern: /palo ?alto/i },
  { product: 'Fortinet FortiGate', pattern: /fortinet|fortigate/i },
  { product: 'Cisco Umbrella', pattern: /cisco umbrella|opendns/i },
  { product: 'Forcepoint / Websense', pattern: /forcepoint|websense/i },
  { product: 'Blue Coat / Symantec Web Security', pattern: /blue ?coat|symantec web|cloud ?soc|wss agent/i },
  { product: 'Sophos', pattern: /sophos/i },
  { product: 'McAfee / Skyhigh Web Gateway', pattern: /mcafee web|skyhigh/i },
  { product: 'Check Point', pattern: /check ?point/i },
  { product: 'Barracuda', pattern: /barracuda/i },
];

const TABLE: readonly Entry[] = [
  {
    // mkcert: O="mkcert development CA", CN="mkcert user@host" (FiloSottile/mkcert cert.go newCA).
    id: 'mkcert',
    product: 'mkcert',
    kind: 'development-ca',
    match: nameMatching(/mkcert development CA/i),
    rootLocation: 'rootCA.pem in the folder `mkcert -CAROOT` prints, on the machine where the certificate was made',
    trustCommand: 'mkcert -install, on that machine',
    rootFile: '"$(mkcert -CAROOT)/rootCA.pem"',
  },
  {
    // Caddy `tls internal`: "Caddy Local Authority - 2025 ECC Root" and "... - ECC Intermediate" (caddyserver/caddy modules/caddypki).
    id: 'caddy',
    product: "Caddy's local CA (tls internal)",
    kind: 'development-ca',
    match: nameMatching(/Caddy Local Authority/i),
    rootLocation: `pki/authorities/local/root.crt in Caddy's data directory on the server: ${CADDY_DATA}`,
    trustCommand: "caddy trust, on the server's machine (it trusts the root in that machine's OS store only)",
    rootFile: '/var/lib/caddy/.local/share/caddy/pki/authorities/local/root.crt',
  },
  {
    // Smallstep step-ca: "<name> Root CA" / "<name> Intermediate CA"; the default name is "Smallstep".
    id: 'smallstep',
    product: 'Smallstep step-ca',
    kind: 'development-ca',
    match: nameMatching(/Smallstep (Root|Intermediate) CA/i),
    rootLocation:
      "the CA's root_ca.crt: `step ca root root_ca.crt` (with the CA URL and its fingerprint), or $(step path)/certs/root_ca.crt on the CA host",
    trustCommand: 'step certificate install root_ca.crt',
    rootFile: 'root_ca.crt',
  },
  {
    // Traefik's self-signed fallback: CN "TRAEFIK DEFAULT CERT" (traefik/traefik pkg/tls/generate).
    id: 'traefik-default',
    product: "Traefik's default certificate",
    kind: 'placeholder',
    match: nameMatching(/TRAEFIK DEFAULT CERT/i),
    rootLocation: 'nowhere worth trusting: Traefik generates it at start-up when no certificate matches the host',
    rootFile: 'ROOT.pem',
    serverFix:
      "Traefik served its fallback certificate because no router with TLS matched this host name, or the ACME certificate could not be obtained: check the router rule (Host(`...`)) and tls.certResolver / tls.certificates for this host, and the ACME errors in Traefik's log",
  },
  {
    // ingress-nginx's default: CN "Kubernetes Ingress Controller Fake Certificate", O "Acme Co" (kubernetes/ingress-nginx internal/net/ssl).
    id: 'ingress-nginx-fake',
    product: 'the Kubernetes ingress-nginx fake certificate',
    kind: 'placeholder',
    match: nameMatching(/Kubernetes Ingress Controller Fake Certificate/i),
    rootLocation: 'nowhere worth trusting: ingress-nginx serves it when no TLS secret matches the host',
    rootFile: 'ROOT.pem',
    serverFix:
      'ingress-nginx has no certificate for this host: make the Ingress list the host under spec.tls[].hosts with a secretName that exists in its namespace (kubectl describe ingress; with cert-manager: kubectl describe certificate), or set --default-ssl-certificate',
  },
  {
    // dotnet dev-certs: subject CN=localhost with the AspNetHttpsOid extension (dotnet/aspnetcore CertificateManager).
    id: 'aspnet-dev',
    product: 'the ASP.NET Core development certificate',
    kind: 'development-ca',
    match: (facts) => facts.find((f) => f.extensionOids.includes(ASPNET_DEV_CERT_OID))?.subject,
    rootLocation:
      "the certificate itself (it is self-signed), in the developer's certificate store: export it with `dotnet dev-certs https --export-path ./aspnet-dev.crt --format PEM`",
    trustCommand: "dotnet dev-certs https --trust, on the developer's machine (Windows and macOS; on Linux it covers only some clients)",
    rootFile: './aspnet-dev.crt',
  },
  ...INSPECTION.map((i): Entry => ({
    id: 'inspection',
    product: `${i.product} TLS inspection`,
    kind: 'inspection-ca',
    match: issuerMatching(i.pattern),
    rootLocation:
      'your company\'s OS certificate store (installed by device management): ask IT for the root (PEM), or export it from the OS store (Windows: certmgr.msc > Trusted Root Certification Authorities > Export, Base-64; macOS: security find-certificate -a -p -c "<root name>" /Library/Keychains/System.keychain > corp-root.pem)',
    rootFile: 'corp-root.pem',
  })),
];

/** The first table entry any certificate in the chain (or the named missing root) matches. */
export function recogniseKnownCa(facts: readonly CertificateFacts[]): KnownCa | undefined {
  for (const entry of TABLE) {
    const matched = entry.match(facts);
    if (matched === undefined) continue;
    const { match: _match, ...known } = entry;
    return { ...known, matched };
  }
  return undefined;
}

/** Facts of real certificates, with an optional extra name (a root the chain names but nobody sent). */
export function certificateFacts(certs: readonly X509Certificate[], missingIssuer?: string): CertificateFacts[] {
  const facts = certs.map((c) => ({
    subject: oneLineDn(c.subject),
    issuer: oneLineDn(c.issuer),
    extensionOids: certificateExtensionOids(c.raw),
  }));
  // The missing root first: when it matches, the finding names the root rather than an intermediate.
  return missingIssuer ? [{ subject: missingIssuer, issuer: '', extensionOids: [] }, ...facts] : facts;
}
