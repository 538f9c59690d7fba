import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo } from 'node:net';

/** What came back to the redirect URI: its query parameters, or why nothing came. */
export type CallbackOutcome =
  { readonly kind: 'response'; readonly params: URLSearchParams } | { readonly kind: 'timeout' } | { readonly kind: 'cancelled' };

export interface LoopbackListener {
  /** http://127.0.0.1:<port>/callback */
  readonly redirectUri: string;
  /** Settles once: the one redirect, the timeout, or the cancel. The listener is closed by then. */
  readonly outcome: Promise<CallbackOutcome>;
  close(): void;
}

/**
 * `port`: listen there if it is free (a step-up round reuses the first round's port, for
 * authorization servers that match registered loopback redirect URIs with the port); else any port.
 */
export type LoopbackListenerFactory = (options: {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  readonly port?: number;
}) => Promise<LoopbackListener>;

export const CALLBACK_PATH = '/callback';

const PAGE = (title: string) =>
  `<!doctype html><meta charset="utf-8"><title>MCP Doctor</title><body style="font-family:sans-serif"><h1>${title}</h1><p>You can close this window and return to MCP Doctor.</p>`;

/**
 * A one-shot listener for the authorization response (RFC 8252 §7.3): binds 127.0.0.1 only (never
 * all interfaces), accepts exactly one request to {@link CALLBACK_PATH} and closes on it, on the
 * timeout or on cancel. Other paths (a browser's /favicon.ico) get a 404 and do not count. The page
 * it answers with repeats nothing from the request.
 */
export const startLoopbackListener: LoopbackListenerFactory = async ({ signal, timeoutMs, port: wanted }) => {
  let settle!: (outcome: CallbackOutcome) => void;
  const outcome = new Promise<CallbackOutcome>((resolve) => {
    settle = resolve;
  });
  let done = false;
  const server: Server = createServer({ maxHeaderSize: 16 * 1024 }, (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (done || req.method !== 'GET' || url.pathname !== CALLBACK_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain', connection: 'close' }).end('not found');
      return;
    }
    const failed = url.searchParams.has('error');
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'close',
        'referrer-policy': 'no-referrer',
      })
      .end(PAGE(failed ? 'Sign-in failed' : 'Signed in'));
    finish({ kind: 'response', params: url.searchParams });
  });
  const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
  const onAbort = () => finish({ kind: 'cancelled' });
  function finish(result: CallbackOutcome): void {
    if (done) return;
    done = true;
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
    server.close();
    server.closeAllConnections?.();
    settle(result);
  }
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(wanted ?? 0);
  } catch (err) {
    if (!wanted) {
      clearTimeout(timer);
      throw err;
    }
    await listen(0);
  }
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`, outcome, close: () => finish({ kind: 'cancelled' }) };
};
