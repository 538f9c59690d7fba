import { type ServerResponse } from 'node:http';
import { sendJson, type Handler } from './base';

/** A web page where the MCP endpoint should be (wrong URL, login proxy). */
export const htmlPage: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><html><head><title>Sign in - Example SSO</title></head><body><form>login</form></body></html>');
};

/**
 * Opens an event stream and never answers: a comment every `intervalMs`, forever (a slow drip).
 * Returns the handler and a stop function that ends the timers.
 */
export function endlessSse(intervalMs = 50): { handler: Handler; stop(): void } {
  const timers = new Set<NodeJS.Timeout>();
  const handler: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(': opened\n\n');
    const timer = setInterval(() => res.write(': keep-alive\n\n'), intervalMs);
    timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };
  return {
    handler,
    stop: () => {
      for (const t of timers) clearInterval(t);
      timers.clear();
    },
  };
}

/** 429 with Retry-After and the IETF RateLimit headers, for every request. */
export const rateLimited: Handler = (_req, res) => {
  sendJson(
    res,
    429,
    { error: 'too many requests' },
    {
      'retry-after': '30',
      'ratelimit-policy': '10;w=60',
      'ratelimit-limit': '10',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '30',
    },
  );
};

/** JSON that is not JSON-RPC (a REST API, or a proxy rewriting the body). */
export const malformedJsonRpc: Handler = (_req, res) => {
  sendJson(res, 200, { status: 'ok', message: 'hello' });
};

/** Redirect rules by path: status and Location (absolute or relative, as given). */
export function redirector(rules: Record<string, { status: number; location: string }>, fallback?: Handler): Handler {
  return (req, res, body) => {
    const rule = rules[new URL(req.url ?? '/', 'http://x').pathname];
    if (rule) return redirect(res, rule.status, rule.location);
    if (fallback) return fallback(req, res, body);
    sendJson(res, 404, { error: 'not found' });
  };
}

function redirect(res: ServerResponse, status: number, location: string): void {
  res.writeHead(status, { location, 'content-type': 'text/html', server: 'nginx/1.22.1' });
  res.end(
    `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>nginx/1.22.1</center></body></html>`,
  );
}
