/**
 * Returns the URL, or why it is not a usable http(s) MCP endpoint. Same rules as `parseTarget` in
 * diagnose.ts, kept here so the editor can validate input without loading the engine.
 */
export function parseTargetUrl(input: string): URL | string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `unsupported scheme ${url.protocol}`;
  if (!url.hostname) return 'no host';
  url.hash = '';
  return url;
}
