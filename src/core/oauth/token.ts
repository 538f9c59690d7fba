import { type AuthorizationServerInfo } from '../auth/types';
import { makeFinding } from '../findings/finding';
import { type FlowContext } from './context';
import { parse, str, type Client } from './register';
import { type FlowStepName } from './types';

export interface Tokens {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly expiresAt?: number;
  readonly scope?: string[];
}

/** Step 7: the code for tokens, with the PKCE verifier and the same `resource` (RFC 8707). */
export function exchangeCode(
  ctx: FlowContext,
  as: AuthorizationServerInfo,
  client: Client,
  grant: { code: string; verifier: string; redirectUri: string },
  resource: string,
): Promise<Tokens | undefined> {
  return tokenRequest(ctx, 'token', as, client, {
    grant_type: 'authorization_code',
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.verifier,
    resource,
  });
}

/** A refresh keeps the `resource`, so the new token is for the same audience (RFC 8707 §2.2). */
export function refresh(
  ctx: FlowContext,
  as: AuthorizationServerInfo,
  client: Client,
  refreshToken: string,
  resource: string,
): Promise<Tokens | undefined> {
  return tokenRequest(ctx, 'refresh', as, client, { grant_type: 'refresh_token', refresh_token: refreshToken, resource });
}

async function tokenRequest(
  ctx: FlowContext,
  step: FlowStepName,
  as: AuthorizationServerInfo,
  client: Client,
  form: Record<string, string>,
): Promise<Tokens | undefined> {
  if (!as.tokenEndpoint || !URL.canParse(as.tokenEndpoint)) {
    ctx.add(
      makeFinding('OAUTH_FLOW_STOPPED', {
        step,
        reason: 'the authorization server metadata has no usable token_endpoint',
        fix: 'Publish token_endpoint in the authorization server metadata.',
      }),
    );
    return undefined;
  }
  const url = new URL(as.tokenEndpoint);
  const body = new URLSearchParams(form);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (client.authMethod === 'client_secret_basic' && client.clientSecret) {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`).toString('base64')}`;
  } else {
    body.set('client_id', client.clientId);
    if (client.authMethod === 'client_secret_post' && client.clientSecret) body.set('client_secret', client.clientSecret);
  }
  const sent = await ctx.send(step, { method: 'POST', url, headers, body: body.toString() });
  if ('failure' in sent) {
    if (sent.failure !== 'refused')
      ctx.add(makeFinding('OAUTH_TOKEN_ERROR', { url: url.href, grant: form.grant_type, status: sent.failure }), sent.index);
    return undefined;
  }
  const { result, index } = sent;
  const json = parse(result.body);
  const accessToken = str(json?.access_token);
  ctx.secret(accessToken);
  ctx.secret(str(json?.refresh_token));
  ctx.secret(str(json?.id_token));
  if (result.status !== 200 || !json) {
    const error = str(json?.error);
    ctx.judge(index, `refused: ${result.status}${error ? ` ${error}` : ''}`, false);
    const evidence = {
      url: url.href,
      grant: form.grant_type,
      status: result.status,
      error,
      errorDescription: str(json?.error_description),
      resource: form.resource,
    };
    ctx.add(step === 'refresh' ? makeFinding('OAUTH_REFRESH_FAILED', evidence) : makeFinding('OAUTH_TOKEN_ERROR', evidence), index);
    return undefined;
  }
  const problems = responseProblems(json);
  if (problems.length) {
    ctx.judge(index, `token response: ${problems.join('; ')}`, !!accessToken);
    ctx.add(makeFinding('OAUTH_TOKEN_RESPONSE_INVALID', { url: url.href, problems }, accessToken ? { severity: 'warning' } : {}), index);
  } else {
    ctx.judge(
      index,
      `${str(json.token_type)} token for ${form.resource}, expires in ${String(json.expires_in)} s${json.refresh_token ? ', with a refresh token' : ''}`,
      true,
    );
  }
  if (!accessToken) return undefined;
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : undefined;
  return {
    accessToken,
    refreshToken: str(json.refresh_token),
    expiresAt: expiresIn === undefined ? undefined : ctx.clock.now() + expiresIn * 1000,
    scope: str(json.scope)?.split(/\s+/).filter(Boolean),
  };
}

/** RFC 6749 §5.1: access_token, token_type Bearer (any case), expires_in recommended, scope when it differs. */
function responseProblems(json: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof json.access_token !== 'string' || json.access_token === '') problems.push('there is no access_token');
  if (typeof json.token_type !== 'string') problems.push('there is no token_type');
  else if (json.token_type.toLowerCase() !== 'bearer')
    problems.push(`token_type is "${json.token_type}", not Bearer (DPoP or another type MCP clients do not send)`);
  if (json.expires_in !== undefined && typeof json.expires_in !== 'number')
    problems.push('expires_in is not a number (some clients then treat the token as expired)');
  if (json.expires_in === undefined) problems.push('there is no expires_in, so clients cannot tell when to refresh');
  return problems;
}
