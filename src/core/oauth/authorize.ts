import { checkNamedUrl } from '../http/urlGuard';
import { type AuthorizationServerInfo } from '../auth/types';
import { refusalFinding } from '../http/fetchDocument';
import { makeFinding } from '../findings/finding';
import { type FlowContext } from './context';
import { type LoopbackListener } from './loopback';
import { createPkce, createState, type Pkce } from './pkce';
import { redactUrl } from './redaction';
import { type Client } from './register';

export interface AuthorizationGrant {
  readonly code: string;
  readonly pkce: Pkce;
}

/**
 * Steps 5-6: the authorization request (PKCE S256, state, resource = the canonical server URI,
 * the chosen scopes) opened in the browser, and the one response the loopback listener receives:
 * state, then `iss` by plain string equality (RFC 9207), then error responses explained.
 */
export async function authorize(
  ctx: FlowContext,
  as: AuthorizationServerInfo,
  client: Client,
  listener: LoopbackListener,
  resource: string,
  scopes: readonly string[],
): Promise<AuthorizationGrant | undefined> {
  const endpoint = as.authorizationEndpoint;
  if (!endpoint || !URL.canParse(endpoint)) {
    ctx.add(
      makeFinding('OAUTH_FLOW_STOPPED', {
        step: 'authorization',
        reason: 'the authorization server metadata has no usable authorization_endpoint',
        fix: 'Publish authorization_endpoint in the authorization server metadata.',
      }),
    );
    return undefined;
  }
  const url = new URL(endpoint);
  const refusal = await checkNamedUrl(url, ctx.guard, ctx.signal);
  if (refusal) {
    ctx.add(refusalFinding('authorization endpoint', { url: url.href, refusal }));
    return undefined;
  }
  const pkce = createPkce();
  const state = createState();
  ctx.secret(pkce.verifier);
  ctx.secret(state);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: listener.redirectUri,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state,
    resource,
  };
  if (scopes.length) params.scope = scopes.join(' ');
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);

  const started = performance.now();
  const index = ctx.record({
    step: 'authorization',
    method: 'GET',
    url: redactUrl(url.href),
    verdict: 'opened in the browser; waiting for the redirect back',
    ok: true,
    durationMs: 0,
  });
  const opened = await ctx.deps.openBrowser(url.href, ctx.signal).then(
    () => undefined,
    (err: unknown) => err,
  );
  if (opened !== undefined) {
    listener.close();
    ctx.judge(index, 'the browser was not opened', false);
    ctx.add(
      makeFinding('OAUTH_FLOW_STOPPED', {
        step: 'authorization',
        reason: 'the browser was not opened (the sign-in was declined, or no browser could start)',
        fix: "Run the sign-in again and confirm the authorization server's host; in a terminal without a browser use mcp-doctor login --no-browser and open the printed URL yourself.",
      }),
      index,
    );
    return undefined;
  }
  const outcome = await listener.outcome;
  ctx.waitingForUserMs += performance.now() - started;
  if (outcome.kind !== 'response') {
    ctx.judge(index, outcome.kind === 'timeout' ? 'no redirect came back in time' : 'cancelled', false);
    ctx.add(
      makeFinding('OAUTH_CALLBACK_TIMEOUT', {
        cancelled: outcome.kind === 'cancelled',
        redirectUri: listener.redirectUri,
        seconds: Math.round((ctx.options.callbackTimeoutMs ?? 0) / 1000),
      }),
      index,
    );
    return undefined;
  }
  return checkResponse(ctx, as, outcome.params, { state, scopes, resource, listener, pkce });
}

function checkResponse(
  ctx: FlowContext,
  as: AuthorizationServerInfo,
  params: URLSearchParams,
  sent: { state: string; scopes: readonly string[]; resource: string; listener: LoopbackListener; pkce: Pkce },
): AuthorizationGrant | undefined {
  const code = params.get('code') ?? undefined;
  ctx.secret(code);
  const callbackUrl = `${sent.listener.redirectUri}?${params.toString()}`;
  const index = ctx.record({
    step: 'callback',
    method: 'GET',
    url: redactUrl(callbackUrl),
    verdict: 'authorization response',
    ok: true,
    durationMs: 0,
  });
  const returnedState = params.get('state');
  if (returnedState !== sent.state) {
    ctx.judge(index, 'state does not match: response discarded', false);
    ctx.add(makeFinding('OAUTH_STATE_MISMATCH', { present: returnedState !== null }), index);
    return undefined;
  }
  const iss = params.get('iss');
  const expectedIssuer = as.issuer ?? as.issuerUsed;
  if (iss === null && as.authorizationResponseIssParameterSupported) {
    ctx.judge(index, 'no iss although the server advertises RFC 9207', false);
    ctx.add(makeFinding('OAUTH_ISS_MISSING', { issuer: expectedIssuer }), index);
    return undefined;
  }
  if (iss !== null && iss !== expectedIssuer) {
    ctx.judge(index, `iss "${iss}" is not the issuer "${expectedIssuer}"`, false);
    ctx.add(makeFinding('OAUTH_ISS_MISMATCH', { expected: expectedIssuer, actual: iss }), index);
    return undefined;
  }
  const error = params.get('error');
  if (error !== null) {
    ctx.judge(index, `error=${error}`, false);
    ctx.add(
      makeFinding('OAUTH_AUTHORIZATION_ERROR', {
        error,
        errorDescription: params.get('error_description') ?? undefined,
        scope: sent.scopes.join(' '),
        resource: sent.resource,
      }),
      index,
    );
    return undefined;
  }
  if (!code) {
    ctx.judge(index, 'no code in the response', false);
    ctx.add(
      makeFinding('OAUTH_FLOW_STOPPED', {
        step: 'callback',
        reason: 'the redirect carried neither a code nor an error',
        fix: 'Make the authorization server redirect with ?code=…&state=… (response_type=code).',
      }),
      index,
    );
    return undefined;
  }
  ctx.judge(index, `code received; state matches${iss !== null ? '; iss matches' : ''}`, true);
  return { code, pkce: sent.pkce };
}
