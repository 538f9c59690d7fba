/**
 * Reads what a server sent in the clear during a TLS handshake: the version and cipher it chose,
 * whether it sent a Certificate and a CertificateRequest (TLS 1.2 and older send both in the clear),
 * and a plaintext alert. This is the only way to know that a server *asked* for a client
 * certificate before it failed the handshake: Node reports just the alert.
 *
 * Parsing stops where encryption starts (TLS 1.3 after the ServerHello, older versions after the
 * server's ChangeCipherSpec). Input is hostile: every length is checked, nothing throws.
 */

export interface ServerFlight {
  /** The version the ServerHello selected, e.g. "TLSv1.2" (supported_versions wins over legacy_version). */
  readonly version?: string;
  /** The cipher suite the ServerHello selected, as its IANA number ("0x1301"). */
  readonly cipherSuite?: string;
  /** Certificates the server sent in the clear (TLS 1.2 and older), DER, leaf first. */
  readonly certificates: readonly Buffer[];
  /** The server sent a CertificateRequest: it asked for a client certificate. */
  readonly certificateRequested: boolean;
  /** A plaintext alert from the server (before encryption began). */
  readonly alert?: { readonly level: 'warning' | 'fatal'; readonly description: string };
  /** Encrypted records followed: what came next cannot be read. */
  readonly encrypted: boolean;
}

const CONTENT = { changeCipherSpec: 20, alert: 21, handshake: 22, applicationData: 23 } as const;
const HANDSHAKE = { serverHello: 2, certificate: 11, certificateRequest: 13 } as const;
const SUPPORTED_VERSIONS = 0x002b;
const MAX_CERTIFICATES = 10;

/** RFC 8446 §4.1.3: a ServerHello with this random is a HelloRetryRequest. */
const HELLO_RETRY_RANDOM = 'cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c';

const VERSIONS: Record<number, string> = { 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2', 0x0304: 'TLSv1.3' };

/** RFC 8446 §6 alert descriptions, by the names OpenSSL and the RFC use. */
const ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

interface Parsed {
  version?: string;
  cipherSuite?: string;
  certificates: Buffer[];
  certificateRequested: boolean;
  alert?: ServerFlight['alert'];
  encrypted: boolean;
}

/** Parses the bytes the server sent, in order, from the first byte of the connection. */
export function parseServerFlight(bytes: Buffer): ServerFlight {
  const out: Parsed = { certificates: [], certificateRequested: false, encrypted: false };
  let handshake: Buffer = Buffer.alloc(0);
  for (let at = 0; at + 5 <= bytes.length && !out.encrypted && out.alert?.level !== 'fatal';) {
    const type = bytes[at]!;
    const length = bytes.readUInt16BE(at + 3);
    const fragment = bytes.subarray(at + 5, Math.min(bytes.length, at + 5 + length));
    at += 5 + length;
    if (type === CONTENT.handshake) {
      handshake = readHandshakeMessages(Buffer.concat([handshake, fragment]), out);
    } else if (type === CONTENT.alert && fragment.length >= 2) {
      out.alert = { level: fragment[0] === 1 ? 'warning' : 'fatal', description: ALERTS[fragment[1]!] ?? `alert ${fragment[1]}` };
    } else if (type === CONTENT.changeCipherSpec) {
      // TLS 1.3 sends a dummy one for middlebox compatibility; it is already encrypted by then.
      if (out.version !== 'TLSv1.3') out.encrypted = true;
    } else if (type === CONTENT.applicationData) {
      out.encrypted = true;
    } else {
      break;
    }
  }
  return out;
}

/** Consumes the complete handshake messages; returns the incomplete rest (it continues in the next record). */
function readHandshakeMessages(buffer: Buffer, out: Parsed): Buffer {
  let at = 0;
  while (at + 4 <= buffer.length && !out.encrypted) {
    const type = buffer[at]!;
    const length = buffer.readUIntBE(at + 1, 3);
    if (at + 4 + length > buffer.length) break;
    const body = buffer.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    if (type === HANDSHAKE.serverHello) readServerHello(body, out);
    else if (type === HANDSHAKE.certificate && out.version !== 'TLSv1.3') out.certificates = readCertificates(body);
    else if (type === HANDSHAKE.certificateRequest) out.certificateRequested = true;
  }
  return buffer.subarray(at);
}

function readServerHello(body: Buffer, out: Parsed): void {
  if (body.length < 38) return;
  const legacyVersion = body.readUInt16BE(0);
  const retry = body.subarray(2, 34).toString('hex') === HELLO_RETRY_RANDOM;
  let at = 34;
  at += 1 + body[at]!;
  if (at + 3 > body.length) return;
  const cipher = body.readUInt16BE(at);
  at += 3;
  const selected = at + 2 <= body.length ? supportedVersion(body.subarray(at + 2, at + 2 + body.readUInt16BE(at))) : undefined;
  out.version = VERSIONS[selected ?? legacyVersion] ?? `0x${(selected ?? legacyVersion).toString(16)}`;
  out.cipherSuite = `0x${cipher.toString(16).padStart(4, '0')}`;
  // After a TLS 1.3 ServerHello (not a HelloRetryRequest) everything the server sends is encrypted.
  if (out.version === 'TLSv1.3' && !retry) out.encrypted = true;
}

function supportedVersion(extensions: Buffer): number | undefined {
  for (let at = 0; at + 4 <= extensions.length;) {
    const type = extensions.readUInt16BE(at);
    const length = extensions.readUInt16BE(at + 2);
    if (type === SUPPORTED_VERSIONS && length === 2 && at + 6 <= extensions.length) return extensions.readUInt16BE(at + 4);
    at += 4 + length;
  }
  return undefined;
}

function readCertificates(body: Buffer): Buffer[] {
  const certificates: Buffer[] = [];
  if (body.length < 3) return certificates;
  const end = Math.min(body.length, 3 + body.readUIntBE(0, 3));
  for (let at = 3; at + 3 <= end && certificates.length < MAX_CERTIFICATES;) {
    const length = body.readUIntBE(at, 3);
    if (at + 3 + length > end) break;
    certificates.push(Buffer.from(body.subarray(at + 3, at + 3 + length)));
    at += 3 + length;
  }
  return certificates;
}
