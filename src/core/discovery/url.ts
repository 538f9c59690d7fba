/**
 * Returns the URL, or why it is not a usable http(s) MCP endpoint. The one parser for targets:
 * diagnose() and the CLI use it, and the editor validates input with it without loading the engine.
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
