/** A PEM block's base64 body without armour or whitespace: the identity of the DER it encodes. */
export function pemBody(pem: string): string {
  return pem.replace(/-----[^-]+-----|\s+/g, '');
}
