/**
 * Error classification helpers. Classify by `code`, never by message text: undici wraps the real
 * Node error (`TypeError('fetch failed')` with `.cause`), so walk the cause chain.
 */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && typeof current === 'object' && !seen.has(current) && codes.length < 8) {
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** The innermost (most specific) code in the cause chain, or undefined. */
export function errorCode(err: unknown): string | undefined {
  const codes = errorCodes(err);
  return codes[codes.length - 1];
}

export function hasCode(err: unknown, ...wanted: string[]): boolean {
  return errorCodes(err).some((c) => wanted.includes(c));
}

/** Socket-level codes that mean "the peer hung up on us". */
export const RESET_CODES = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING'] as const;
