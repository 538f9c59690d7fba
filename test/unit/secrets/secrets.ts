/** The known credentials the leak tests plant, and a finder for any trace of them. */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT-shaped access token (its signature is never verified here; only its text matters). */
export const TOKEN = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'leak-test' })}.${b64({ sub: 'alice', iss: 'https://as.test', aud: 'https://mcp.test/mcp', exp: 4102444800, scope: 'mcp:tools' })}.c2lnbmF0dXJlLW9mLXRoZS1sZWFrLXRlc3QtdG9rZW4tMDEyMzQ1Njc4OQ`;
export const TOKEN_SIGNATURE = TOKEN.split('.')[2] as string;
/** An OAuth client secret, as found in headers, settings and environment variables. */
export const CLIENT_SECRET = 'cs-LEAKTEST-7f3a9c1e5b2d8f4a6c0e';

/** A proxy password, as found in HTTPS_PROXY and proxy settings (user "alice"). */
export const PROXY_PASSWORD = 'px-LEAKTEST-2b4d6f8a0c';

/** Every form a leak could take: the values, their URL encoding, and the token's signature. */
const NEEDLES: Readonly<Record<string, string>> = {
  token: TOKEN,
  'token signature': TOKEN_SIGNATURE,
  'client secret': CLIENT_SECRET,
  'url-encoded client secret': encodeURIComponent(CLIENT_SECRET),
  'base64 client secret': Buffer.from(CLIENT_SECRET).toString('base64'),
  'proxy password': PROXY_PASSWORD,
  'proxy Basic credentials': Buffer.from(`alice:${PROXY_PASSWORD}`).toString('base64'),
};

/** Names of the secrets found in `text` (empty when nothing leaked). */
export function leaks(text: string): string[] {
  return Object.entries(NEEDLES)
    .filter(([, needle]) => text.includes(needle))
    .map(([name]) => name);
}
