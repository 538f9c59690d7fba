/**
 * The physical cost of a sign-in: the same exchanges runAuthorizationFlow() makes against the flow
 * lab (DCR on), done with bare undici and node:http, with no analysis, no redaction, no report.
 *
 * 1. POST initialize without a token (the 401 challenge). 2. GET the protected resource metadata
 * the challenge names and the root well-known one. 3. GET the RFC 8414 authorization server
 * metadata. 4. POST the dynamic registration. 5. The authorization request: a one-shot loopback
 * listener, PKCE S256 and state, the user's part (the injected `signIn`, timed apart). 6. POST the
 * code for tokens. 7. GET the JWKS. 8. initialize, notifications/initialized, tools/list with the
 * token. 9. One refresh, keeping `resource`. One keep-alive dispatcher for everything.
 * The bench checks that the flow recorded the same number of requests (figures/flow.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

const POST_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'baseline', version: '0' } },
});

export interface FlowBaselineResult {
  /** HTTP requests sent by the client (the browser's are not counted). */
  readonly requests: number;
  /** From handing the URL to the browser to the callback's arrival. */
  readonly browserMs: number;
}

export async function baselineFlow(mcpUrl: string, signIn: (authorizationUrl: string) => Promise<unknown>): Promise<FlowBaselineResult> {
  const agent = new Agent({ keepAliveTimeout: 4000 });
  let requests = 0;
  const send = async (url: string | URL, method: 'GET' | 'POST', headers: Record<string, string>, body?: string) => {
    requests++;
    const res = await request(url, { method, headers, body, dispatcher: agent });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  };
  const json = (text: string) => JSON.parse(text) as Record<string, unknown>;
  try {
    const challenge = await send(mcpUrl, 'POST', POST_HEADERS, INIT);
    const header = String(challenge.headers['www-authenticate']);
    const prmUrl = /resource_metadata="([^"]+)"/.exec(header)![1]!;
    const scope = /scope="([^"]*)"/.exec(header)?.[1] ?? '';
    const prm = json((await send(prmUrl, 'GET', { accept: 'application/json' })).text);
    await send(new URL('/.well-known/oauth-protected-resource', mcpUrl), 'GET', { accept: 'application/json' });
    const issuer = new URL(String((prm.authorization_servers as string[])[0]));
    const as = json(
      (await send(new URL('/.well-known/oauth-authorization-server', issuer.origin), 'GET', { accept: 'application/json' })).text,
    );

    const callback = await oneShotListener();
    try {
      const registration = {
        client_name: 'baseline',
        redirect_uris: [callback.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        application_type: 'native',
      };
      const client = json(
        (
          await send(
            String(as.registration_endpoint),
            'POST',
            { 'content-type': 'application/json', accept: 'application/json' },
            JSON.stringify(registration),
          )
        ).text,
      );
      const verifier = randomBytes(32).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      const resource = String(prm.resource ?? mcpUrl);
      const auth = new URL(String(as.authorization_endpoint));
      const params = {
        response_type: 'code',
        client_id: String(client.client_id),
        redirect_uri: callback.redirectUri,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        state,
        resource,
        scope,
      };
      for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v);
      const started = performance.now();
      await signIn(auth.href);
      const answer = await callback.params;
      const browserMs = performance.now() - started;
      if (answer.get('state') !== state) throw new Error('baseline: state mismatch');

      const form = (fields: Record<string, string>) => new URLSearchParams({ ...fields, client_id: String(client.client_id) }).toString();
      const formHeaders = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
      const tokens = json(
        (
          await send(
            String(as.token_endpoint),
            'POST',
            formHeaders,
            form({
              grant_type: 'authorization_code',
              code: answer.get('code')!,
              redirect_uri: callback.redirectUri,
              code_verifier: verifier,
              resource,
            }),
          )
        ).text,
      );
      await send(String(as.jwks_uri), 'GET', { accept: 'application/json' });
      const bearer = { authorization: `Bearer ${String(tokens.access_token)}` };
      const init = await send(mcpUrl, 'POST', { ...POST_HEADERS, ...bearer }, INIT);
      const session = { ...bearer, 'mcp-protocol-version': '2025-06-18', 'mcp-session-id': String(init.headers['mcp-session-id']) };
      await send(mcpUrl, 'POST', { ...POST_HEADERS, ...session }, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
      const list = await send(
        mcpUrl,
        'POST',
        { ...POST_HEADERS, ...session },
        JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      );
      if (list.status !== 200) throw new Error(`baseline: tools/list answered ${list.status}`);
      await send(
        String(as.token_endpoint),
        'POST',
        formHeaders,
        form({ grant_type: 'refresh_token', refresh_token: String(tokens.refresh_token), resource }),
      );
      return { requests, browserMs };
    } finally {
      callback.close();
    }
  } finally {
    await agent.close();
  }
}

/** 127.0.0.1 only, the first /callback request settles it. */
async function oneShotListener(): Promise<{ redirectUri: string; params: Promise<URLSearchParams>; close(): void }> {
  let settle!: (params: URLSearchParams) => void;
  const params = new Promise<URLSearchParams>((resolve) => {
    settle = resolve;
  });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    res.writeHead(url.pathname === '/callback' ? 200 : 404, { 'content-type': 'text/plain' }).end('done');
    if (url.pathname === '/callback') settle(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { redirectUri: `http://127.0.0.1:${port}/callback`, params, close: () => void server.close() };
}
