/**
 * Names (never values) of the cookies in a Set-Cookie header as the HTTP client flattens it
 * (repeated headers joined with ", "). A name is a token directly followed by "=" at the start of
 * a cookie; the comma inside an Expires date is followed by a day number and a space, not "=".
 */
export function balancerCookieNames(setCookie: string | undefined): string[] {
  if (!setCookie) return [];
  const names = new Set<string>();
  for (const match of setCookie.matchAll(/(?:^|,\s*)([!#$%&'*+\-.^_`|~0-9A-Za-z]+)=/g)) {
    const name = match[1] as string;
    if (!/^(expires|max-age|path|domain|samesite)$/i.test(name)) names.add(name.slice(0, 64));
  }
  return [...names].slice(0, 10);
}
