/** A PEM block's base64 body without armour or whitespace: the identity of the DER it encodes. */
export function pemBody(pem: string): string {
  return pem.replace(/-----[^-]+-----|\s+/g, '');
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every PEM certificate block in a text, in order. */
export function splitPem(text: string): string[] {
  return text.match(PEM_BLOCK) ?? [];
}
