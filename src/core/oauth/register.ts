import { fetchJson } from '../http/fetchDocument';
import { type AuthorizationServerInfo } from '../auth/types';
import { isLoopbackHost } from '../net/hosts';
import { makeFinding } from '../findings/finding';
import { isPlainObject } from '../json/parse';
import { type FlowContext } from './context';
import { type RegistrationKind } from './types';

export interface Client {
  readonly kind: RegistrationKind;
  readonly clientId: string;
  /** Only from a registration that issued one (confidential client); a secret. */
  readonly clientSecret?: string;
  readonly authMethod: 'none' | 'client_secret_basic' | 'client_secret_post';
}

/**
 * Step 4, in the spec's order of preference: a pre-registered client id, a Client ID Metadata
 * Document, Dynamic Client Registration (RFC 7591). Undefined when none is possible (with the finding).
 */
export async function registerClient(ctx: FlowContext, as: AuthorizationServerInfo, redirectUri: string): Promise<Client | undefined> {
  if (ctx.options.clientId) return { kind: 'pre-registered', clientId: ctx.options.clientId, authMethod: 'none' };
  if (ctx.options.clientMetadataUrl) return clientIdMetadataDocument(ctx, as, ctx.options.clientMetadataUrl, redirectUri);
  if (as.registrationEndpoint) return dynamicRegistration(ctx, new URL(as.registrationEndpoint), redirectUri);
  ctx.add(makeFinding('OAUTH_NO_REGISTRATION', { issuer: as.issuer ?? as.issuerUsed }));
  return undefined;
}

/**
 * The document must be https, fetchable, name itself as client_id, and list the redirect URI the flow
 * will send: the authorization server checks it against the listed ones and, when none matches,
 * shows the user an error page instead of redirecting (RFC 6749 §4.1.2.1), so the flow would only
 * wait for a callback that never comes.
 */
async function clientIdMetadataDocument(
  ctx: FlowContext,
  as: AuthorizationServerInfo,
  raw: string,
  redirectUri: string,
): Promise<Client | undefined> {
  const problem = (text: string, index?: number) => {
    ctx.add(makeFinding('OAUTH_CIMD_INVALID', { url: raw, problem: text }), index);
    return undefined;
  };
  if (!URL.canParse(raw)) return problem('is not a URL');
  const url = new URL(raw);
  if (url.protocol !== 'https:') return problem('is not an https URL');
  if (url.pathname === '/' || url.pathname === '') return problem('has no path (the spec requires one)');
  if (!as.clientIdMetadataDocumentSupported) ctx.add(makeFinding('OAUTH_CIMD_UNSUPPORTED', { issuer: as.issuer ?? as.issuerUsed }));
  // The user named this URL; the authorization server will fetch it, so it is fetched as given.
  const fetched = await fetchJson(url, 'client ID metadata document', {
    http: ctx.deps.http,
    tls: ctx.tlsFor,
    signal: ctx.signal,
    timeoutMs: ctx.requestTimeoutMs,
    guard: 'user-url',
  });
  const attempt = fetched.attempts.at(-1);
  const index = ctx.record({
    step: 'registration',
    method: 'GET',
    url: url.href,
    status: attempt?.status,
    errorCode: attempt?.errorCode,
    verdict: `client ID metadata document: ${attempt?.outcome ?? 'no answer'}`,
    ok: isPlainObject(fetched.json),
    durationMs: 0,
  });
  if (fetched.attempts.length > 1)
    return problem(`redirects (to ${fetched.finalUrl ?? '?'}); authorization servers fetch it without following redirects`, index);
  if (!isPlainObject(fetched.json)) return problem(`could not be fetched as JSON (${attempt?.outcome ?? 'no answer'})`, index);
  const doc = fetched.json;
  if (doc.client_id !== url.href) return problem(`says "client_id": ${JSON.stringify(doc.client_id ?? null)}, not its own URL`, index);
  const redirects = Array.isArray(doc.redirect_uris) ? doc.redirect_uris.filter((u): u is string => typeof u === 'string') : [];
  if (!redirects.some((u) => URL.canParse(u) && new URL(u).protocol === 'http:' && isLoopbackHost(new URL(u).hostname))) {
    return problem('lists no loopback redirect URI (http://127.0.0.1/…), so a local client cannot receive the code', index);
  }
  if (!redirects.some((u) => loopbackRedirectMatches(u, redirectUri))) {
    const portless = portlessRedirect(redirectUri);
    return problem(
      `lists no redirect URI matching ${portless} (the one MCP Doctor sends, on the port it listens on: ${redirectUri}), so the authorization server will refuse the request; it lists ${JSON.stringify(redirects.slice(0, 5))}`,
      index,
    );
  }
  ctx.judge(index, 'client ID metadata document: https, names itself, lists our loopback redirect URI', true);
  return { kind: 'client-id-metadata-document', clientId: url.href, authMethod: 'none' };
}

/** RFC 7591: a public native client with our loopback redirect URI. */
async function dynamicRegistration(ctx: FlowContext, endpoint: URL, redirectUri: string): Promise<Client | undefined> {
  const metadata = {
    client_name: 'MCP Doctor',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    application_type: 'native',
  };
  const sent = await ctx.send('registration', {
    method: 'POST',
    url: endpoint,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(metadata),
  });
  if ('failure' in sent) {
    // A refused URL already has its finding; a network failure is the registration's answer.
    if (sent.failure !== 'refused')
      ctx.add(makeFinding('OAUTH_DCR_REFUSED', { url: endpoint.href, status: sent.failure, redirectUri }), sent.index);
    return undefined;
  }
  const { result, index } = sent;
  const body = parse(result.body);
  if ((result.status !== 201 && result.status !== 200) || typeof body?.client_id !== 'string') {
    ctx.judge(index, `registration refused: ${result.status}${typeof body?.error === 'string' ? ` ${body.error}` : ''}`, false);
    ctx.add(
      makeFinding('OAUTH_DCR_REFUSED', {
        url: endpoint.href,
        status: result.status,
        error: str(body?.error),
        errorDescription: str(body?.error_description),
        redirectUri,
      }),
      index,
    );
    return undefined;
  }
  const clientSecret = str(body.client_secret);
  ctx.secret(clientSecret);
  ctx.secret(str(body.registration_access_token));
  ctx.judge(index, `registered a public client (${str(body.token_endpoint_auth_method) ?? 'none'})`, true);
  const method = str(body.token_endpoint_auth_method);
  return {
    kind: 'dynamic-registration',
    clientId: body.client_id,
    clientSecret,
    authMethod: method === 'client_secret_post' || method === 'client_secret_basic' ? method : 'none',
  };
}

/**
 * How an authorization server matches a redirect URI against a registered one: exact string
 * comparison, except that a loopback IP redirect URI matches on any port (RFC 8252 §7.3, OAuth 2.1):
 * the flow's listener takes whatever port is free.
 */
function loopbackRedirectMatches(listed: string, sent: string): boolean {
  if (listed === sent) return true;
  if (!URL.canParse(listed) || !URL.canParse(sent)) return false;
  const a = new URL(listed);
  const b = new URL(sent);
  return (
    isLoopbackHost(a.hostname) &&
    a.protocol === 'http:' &&
    a.protocol === b.protocol &&
    a.hostname === b.hostname &&
    a.pathname === b.pathname &&
    a.search === b.search
  );
}

function portlessRedirect(uri: string): string {
  const url = new URL(uri);
  url.port = '';
  return url.href;
}

export function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
