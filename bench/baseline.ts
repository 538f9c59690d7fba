/**
 * The physical cost of a diagnosis: the same network exchanges diagnose() makes against a healthy,
 * token-protected Streamable HTTP server, done with bare node:tls and undici, with no analysis.
 *
 * 1. TLS handshake on its own connection, reading the chain and waiting for the session ticket
 *    (the TLS step). 2. The MCP step: POST server/discover, POST initialize (SSE answer),
 *    POST notifications/initialized, POST tools/list, POST ping with an unknown session id,
 *    GET the SSE stream (dropped at the headers), DELETE the session. 3. The auth step: POST
 *    initialize without a token (the 401 challenge), GET the protected resource metadata named by
 *    the challenge, GET the authorization server metadata, GET the JWKS, then four refused
 *    initialize POSTs (no token, malformed, alg:none, a token signed by a foreign key).
 * One keep-alive dispatcher for everything: the minimum number of connections.
 * The bench checks that diagnose() reports the same exchanges (see figures/overhead.ts).
 */
import * as tls from 'node:tls';
import { Agent, request } from 'undici';

const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INIT_PARAMS = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'baseline', version: '0' } };
/** Constant stand-ins for the bad tokens (diagnose forges them per run; forging is analysis). */
const BAD_TOKENS = [
  undefined,
  'not-a-jwt',
  'eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4In0.',
  'eyJhbGciOiJSUzI1NiIsImtpZCI6ImZvcmVpZ24ifQ.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
];

export interface BaselineTarget {
  readonly url: string;
  readonly ca: readonly string[];
  readonly token: string;
}

/** Runs every exchange once and returns how many HTTP requests were sent (plus the handshake). */
export async function baselineExchanges(target: BaselineTarget): Promise<{ requests: number; handshakes: number }> {
  const url = new URL(target.url);
  const secureContext = contextFor(target.ca);
  await handshake(url, secureContext);
  const agent = new Agent({ connect: { secureContext }, keepAliveTimeout: 4000 });
  let requests = 0;
  const send = async (
    u: URL | string,
    method: 'GET' | 'POST' | 'DELETE',
    headers: Record<string, string>,
    body?: string,
    dropBody = false,
  ) => {
    requests++;
    const res = await request(u, { method, headers, body, dispatcher: agent });
    const text = dropBody ? (res.body.destroy(), '') : await res.body.text();
    return { status: res.statusCode, headers: res.headers, text };
  };
  try {
    const auth = { authorization: `Bearer ${target.token}` };
    const rpc = (id: number | undefined, method: string, params?: object) =>
      JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, ...(params ? { params } : {}) });
    await send(url, 'POST', { ...POST_HEADERS, ...auth }, rpc(1, 'server/discover'));
    const init = await send(url, 'POST', { ...POST_HEADERS, ...auth }, rpc(2, 'initialize', INIT_PARAMS));
    const session = { 'mcp-session-id': String(init.headers['mcp-session-id']), 'mcp-protocol-version': '2025-11-25' };
    await send(url, 'POST', { ...POST_HEADERS, ...auth, ...session }, rpc(undefined, 'notifications/initialized'));
    await send(url, 'POST', { ...POST_HEADERS, ...auth, ...session }, rpc(3, 'tools/list'));
    await send(
      url,
      'POST',
      { ...POST_HEADERS, ...auth, 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': 'unknown-session' },
      rpc(4, 'ping'),
    );
    await send(url, 'GET', { accept: 'text/event-stream', ...auth, ...session }, undefined, true);
    await send(url, 'DELETE', { ...auth, ...session });
    const challenge = await send(url, 'POST', POST_HEADERS, rpc(1, 'initialize', INIT_PARAMS));
    const prmUrl = /resource_metadata="([^"]+)"/.exec(String(challenge.headers['www-authenticate']))?.[1];
    const prm = JSON.parse((await send(prmUrl!, 'GET', { accept: 'application/json' })).text) as { authorization_servers: string[] };
    const issuer = new URL(prm.authorization_servers[0]!);
    const asMeta = JSON.parse(
      (await send(new URL('/.well-known/oauth-authorization-server', issuer.origin), 'GET', { accept: 'application/json' })).text,
    ) as { jwks_uri: string };
    await send(asMeta.jwks_uri, 'GET', { accept: 'application/json' });
    for (const bad of BAD_TOKENS) {
      await send(
        url,
        'POST',
        { ...POST_HEADERS, ...(bad === undefined ? {} : { authorization: `Bearer ${bad}` }) },
        rpc(1, 'initialize', INIT_PARAMS),
      );
    }
  } finally {
    await agent.close();
  }
  return { requests, handshakes: 1 };
}

let cached: { key: string; context: tls.SecureContext } | undefined;

/** Like any long-running client, the trust store is built once per process. */
function contextFor(ca: readonly string[]): tls.SecureContext {
  const key = ca.join('\n');
  if (cached?.key !== key) cached = { key, context: tls.createSecureContext({ ca: [...ca] }) };
  return cached.context;
}

function handshake(url: URL, secureContext: tls.SecureContext): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: url.hostname,
      port: Number(url.port || 443),
      servername: url.hostname,
      secureContext,
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(finish, 250);
    function finish() {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    }
    socket.once('secureConnect', () => {
      socket.getPeerX509Certificate();
      socket.once('session', finish);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}
