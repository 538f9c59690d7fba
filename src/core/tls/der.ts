/**
 * The few X.509 fields Node's X509Certificate does not expose (on Node 20): the signature
 * algorithm, basicConstraints path length, keyUsage bits, SKI and AKI. A minimal DER walker,
 * defensive by construction: anything malformed yields `undefined`, never an exception.
 */

interface Tlv {
  readonly tag: number;
  /** Content start and end (exclusive) offsets in the buffer. */
  readonly start: number;
  readonly end: number;
}

function readTlv(buf: Uint8Array, offset: number, limit: number): Tlv | undefined {
  if (offset + 2 > limit) return undefined;
  const tag = buf[offset]!;
  let length = buf[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[start + i]!;
    start += count;
  }
  const end = start + length;
  return end <= limit ? { tag, start, end } : undefined;
}

function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let offset = parent.start;
  while (offset < parent.end && out.length < 64) {
    const tlv = readTlv(buf, offset, parent.end);
    if (!tlv) break;
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

function decodeOid(buf: Uint8Array, tlv: Tlv): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i++) {
    value = value * 128 + (buf[i]! & 0x7f);
    if (!(buf[i]! & 0x80)) {
      if (parts.length === 0) parts.push(Math.min(2, Math.floor(value / 40)), value - Math.min(2, Math.floor(value / 40)) * 40);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

function hex(buf: Uint8Array, start: number, end: number): string {
  return Array.from(buf.subarray(start, end), (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(':');
}

const TAG_SEQUENCE = 0x30;
const TAG_OID = 0x06;
const TAG_BOOLEAN = 0x01;
const TAG_INTEGER = 0x02;
const TAG_EXTENSIONS = 0xa3;

/** Raw extension values by OID, plus the outer signature algorithm OID. */
export interface DerFields {
  readonly signatureOid?: string;
  readonly extensions: ReadonlyMap<string, { readonly buf: Uint8Array; readonly value: Tlv }>;
}

export function parseCertificateDer(der: Uint8Array): DerFields {
  const extensions = new Map<string, { buf: Uint8Array; value: Tlv }>();
  const cert = readTlv(der, 0, der.length);
  if (!cert || cert.tag !== TAG_SEQUENCE) return { extensions };
  const [tbs, sigAlg] = children(der, cert);
  const sigOid = sigAlg ? children(der, sigAlg)[0] : undefined;
  const signatureOid = sigOid?.tag === TAG_OID ? decodeOid(der, sigOid) : undefined;
  const extWrapper = tbs ? children(der, tbs).find((t) => t.tag === TAG_EXTENSIONS) : undefined;
  const extList = extWrapper ? children(der, extWrapper)[0] : undefined;
  for (const ext of extList ? children(der, extList) : []) {
    const parts = children(der, ext);
    const oid = parts[0];
    const octets = parts[parts.length - 1];
    if (oid?.tag !== TAG_OID || !octets || octets.tag !== 0x04) continue;
    const value = readTlv(der, octets.start, octets.end);
    if (value) extensions.set(decodeOid(der, oid), { buf: der, value });
  }
  return { signatureOid, extensions };
}

/** The OIDs of every extension, whatever its value holds (some, like ASP.NET's marker, are not DER inside). */
export function certificateExtensionOids(der: Uint8Array): string[] {
  const cert = readTlv(der, 0, der.length);
  const tbs = cert?.tag === TAG_SEQUENCE ? children(der, cert)[0] : undefined;
  const extWrapper = tbs ? children(der, tbs).find((t) => t.tag === TAG_EXTENSIONS) : undefined;
  const extList = extWrapper ? children(der, extWrapper)[0] : undefined;
  return (extList ? children(der, extList) : [])
    .map((ext) => children(der, ext)[0])
    .filter((oid): oid is Tlv => oid?.tag === TAG_OID)
    .map((oid) => decodeOid(der, oid));
}

export const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
} as const;

/** basicConstraints: CA flag and optional path length. Absent extension = not a CA. */
export function basicConstraints(fields: DerFields): { ca: boolean; pathLength?: number } {
  const ext = fields.extensions.get(OID.basicConstraints);
  if (!ext || ext.value.tag !== TAG_SEQUENCE) return { ca: false };
  let ca = false;
  let pathLength: number | undefined;
  for (const item of children(ext.buf, ext.value)) {
    if (item.tag === TAG_BOOLEAN) ca = ext.buf[item.start] !== 0;
    if (item.tag === TAG_INTEGER && item.end - item.start <= 4) {
      pathLength = 0;
      for (let i = item.start; i < item.end; i++) pathLength = pathLength * 256 + ext.buf[i]!;
    }
  }
  return { ca, pathLength };
}

const KEY_USAGE_BITS = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
];

/** keyUsage bit names; undefined when the extension is absent. */
export function keyUsage(fields: DerFields): string[] | undefined {
  const ext = fields.extensions.get(OID.keyUsage);
  if (!ext || ext.value.tag !== 0x03 || ext.value.end - ext.value.start < 2) return undefined;
  const bytes = ext.buf.subarray(ext.value.start + 1, ext.value.end);
  return KEY_USAGE_BITS.filter((_, bit) => bit < bytes.length * 8 && (bytes[bit >> 3]! & (0x80 >> (bit & 7))) !== 0);
}

/** Extended key usage OIDs; undefined when the extension is absent. */
export function extKeyUsageOids(fields: DerFields): string[] | undefined {
  const ext = fields.extensions.get(OID.extKeyUsage);
  if (!ext || ext.value.tag !== TAG_SEQUENCE) return undefined;
  return children(ext.buf, ext.value)
    .filter((t) => t.tag === TAG_OID)
    .map((t) => decodeOid(ext.buf, t));
}

export function subjectKeyId(fields: DerFields): string | undefined {
  const ext = fields.extensions.get(OID.subjectKeyId);
  return ext && ext.value.tag === 0x04 ? hex(ext.buf, ext.value.start, ext.value.end) : undefined;
}

export function authorityKeyId(fields: DerFields): string | undefined {
  const ext = fields.extensions.get(OID.authorityKeyId);
  if (!ext || ext.value.tag !== TAG_SEQUENCE) return undefined;
  const keyId = children(ext.buf, ext.value).find((t) => t.tag === 0x80);
  return keyId ? hex(ext.buf, keyId.start, keyId.end) : undefined;
}

const utf16 = new TextDecoder('utf-16be');
const TAG_BMP_STRING = 0x1e;

/**
 * A comparison key for an X.509 Name, close to OpenSSL's canonical form: attribute OIDs with
 * their string values decoded whatever the string type, trimmed, inner whitespace collapsed,
 * lower-cased. Two names that match for a verifier give the same key. Runs for every root of
 * every store, so it sticks to native Buffer decoding.
 */
function nameKey(buf: Buffer, name: Tlv): string {
  let key = '';
  for (const rdn of children(buf, name)) {
    for (const ava of children(buf, rdn)) {
      const [oid, value] = children(buf, ava);
      if (!oid || !value) continue;
      const text =
        value.tag === TAG_BMP_STRING ? utf16.decode(buf.subarray(value.start, value.end)) : buf.toString('utf8', value.start, value.end);
      key += `${buf.toString('latin1', oid.start, oid.end)}=${text.trim().replace(/\s+/g, ' ').toLowerCase()}+`;
    }
    key += ',';
  }
  return key;
}

/** The TBSCertificate's issuer and subject Names. */
function names(der: Buffer): { issuer: Tlv; subject: Tlv } | undefined {
  const cert = readTlv(der, 0, der.length);
  if (!cert || cert.tag !== TAG_SEQUENCE) return undefined;
  const tbs = readTlv(der, cert.start, cert.end);
  if (!tbs || tbs.tag !== TAG_SEQUENCE) return undefined;
  const fields = children(der, tbs);
  const first = fields[0]?.tag === 0xa0 ? 1 : 0; // explicit version, absent in v1 certificates
  const issuer = fields[first + 2];
  const subject = fields[first + 4];
  return issuer?.tag === TAG_SEQUENCE && subject?.tag === TAG_SEQUENCE ? { issuer, subject } : undefined;
}

/** The name key (see nameKey) of a certificate's subject, from its DER; undefined when malformed. */
export function certificateSubjectKey(der: Buffer): string | undefined {
  const found = names(der);
  return found && nameKey(der, found.subject);
}

/** Name keys of a certificate's subject and issuer, from its DER; undefined when malformed. */
export function certificateNameKeys(der: Buffer): { readonly subject: string; readonly issuer: string } | undefined {
  const found = names(der);
  return found && { subject: nameKey(der, found.subject), issuer: nameKey(der, found.issuer) };
}
