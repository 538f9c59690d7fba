/**
 * Text that came from a server or a token (certificate names, headers, claims) is attacker-
 * controlled: escape control characters so it can never drive the terminal.
 */
export function terminalSafe(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || (code >= 0x7f && code <= 0x9f) ? `\\u${code.toString(16).padStart(4, '0')}` : ch;
  }
  return out;
}

/** Resolves a command-line path against the working directory (absolute paths pass through). */
export function resolvePath(cwd: string, path: string): string {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) ? path : `${cwd}/${path}`;
}
