/** The bearer value of an `Authorization: Bearer …` header, as the client would send it. */
export function bearerFromHeaders(headers: Readonly<Record<string, string>>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'authorization') continue;
    const match = /^\s*bearer\s+(\S+)\s*$/i.exec(value);
    if (match) return match[1];
  }
  return undefined;
}

/** The configured headers the client sends besides Authorization (which travels as the token). */
export function withoutAuthorization(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}
