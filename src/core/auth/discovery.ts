import { makeFinding, type Finding } from '../findings/finding';
import { urlDifference } from '../jwt/claims';
import { isPlainObject } from '../json/parse';
import { isTlsErrorCode } from '../jwt/jwks';
import { fetchJson, refusalFinding, type FetchOptions, type UrlAttempt } from '../http/fetchDocument';
import { type AuthorizationServerInfo, type ProtectedResourceInfo } from './types';
import {
  authorizationServerMetadataUrls,
  insecurity,
  parseUrl,
  protectedResourceMetadataUrls,
  sameResource,
  sdkAcceptsResource,
} from './urls';

export interface DiscoveryInput {
  /** The canonical MCP server URL (no fragment). */
  readonly resource: string;
  /** `resource_metadata` from the 401 challenge, if any. */
  readonly resourceMetadataUrl?: string;
  readonly fetch: FetchOptions;
}

export interface DiscoveryResult {
  readonly protectedResource?: ProtectedResourceInfo;
  readonly authorizationServer?: AuthorizationServerInfo;
  readonly attempts: UrlAttempt[];
  readonly findings: Finding[];
}

/**
 * RFC 9728 then RFC 8414 / OIDC discovery, as an MCP client does it (2025-11-25 order), checking
 * each document against the MCP rules. Records every URL tried. Never throws.
 */
export async function discoverAuthorization(input: DiscoveryInput): Promise<DiscoveryResult> {
  const attempts: UrlAttempt[] = [];
  const findings: Finding[] = [];
  const prm = await findProtectedResource(input, attempts, findings);
  if (!prm) return { attempts, findings };
  findings.push(...checkProtectedResource(prm, input.resource));
  const issuer = prm.authorizationServers[0];
  const as = issuer ? await findAuthorizationServer(issuer, input.fetch, attempts, findings) : undefined;
  if (as) findings.push(...checkAuthorizationServer(as));
  findings.push(...insecureUrlFindings([...metadataUrls(prm), ...(as ? metadataUrls(as) : [])]));
  if (as && !findings.some((f) => f.severity === 'error')) {
    findings.push(
      makeFinding('AUTH_DISCOVERY_OK', { prmUrl: prm.url, issuer: as.issuer, asMetadataUrl: as.url, kind: as.kind, jwksUri: as.jwksUri }),
    );
  }
  return { protectedResource: prm, authorizationServer: as, attempts, findings };
}

async function findProtectedResource(
  input: DiscoveryInput,
  attempts: UrlAttempt[],
  findings: Finding[],
): Promise<ProtectedResourceInfo | undefined> {
  const mcpUrl = new URL(input.resource);
  const candidates = protectedResourceMetadataUrls(mcpUrl, input.resourceMetadataUrl);
  const headerUrl = input.resourceMetadataUrl ? candidates[0]?.href : undefined;
  for (const url of candidates) {
    const fetched = await fetchJson(url, 'protected resource metadata', { ...input.fetch, maxRedirects: 3 });
    attempts.push(...fetched.attempts);
    if (fetched.refused) findings.push(refusalFinding('protected resource metadata', fetched.refused));
    if (!isPlainObject(fetched.json)) continue;
    if (headerUrl && url.href !== headerUrl) {
      findings.push(
        makeFinding('AUTH_PRM_HEADER_URL_FAILED', {
          headerUrl,
          outcome: attempts.find((a) => a.url === headerUrl)?.outcome,
          foundAt: url.href,
        }),
      );
    }
    return protectedResourceInfo(fetched.finalUrl ?? url.href, fetched.json, findings);
  }
  const wellKnown = protectedResourceMetadataUrls(mcpUrl)[0]?.href;
  const failures = failureCodes(attempts);
  findings.push(
    makeFinding('AUTH_PRM_MISSING', { resource: input.resource, tried: candidates.map((u) => u.href), headerUrl, wellKnown, ...failures }),
  );
  return undefined;
}

function protectedResourceInfo(url: string, doc: Record<string, unknown>, findings: Finding[]): ProtectedResourceInfo {
  const servers = stringArray(doc.authorization_servers);
  if (typeof doc.resource !== 'string') findings.push(makeFinding('AUTH_PRM_INVALID', { url, problem: 'has no "resource" string' }));
  if (servers.length === 0) findings.push(makeFinding('AUTH_PRM_INVALID', { url, problem: 'lists no "authorization_servers"' }));
  return {
    url,
    resource: typeof doc.resource === 'string' ? doc.resource : undefined,
    authorizationServers: servers,
    scopesSupported: optionalStrings(doc.scopes_supported),
    bearerMethodsSupported: optionalStrings(doc.bearer_methods_supported),
  };
}

/** `resource` must identify this MCP server; every URL must be https (loopback http is tolerated with a warning). */
export function checkProtectedResource(prm: ProtectedResourceInfo, mcpUrl: string): Finding[] {
  const findings: Finding[] = [];
  if (prm.resource !== undefined && !sameResource(prm.resource, mcpUrl)) {
    const sdkOk = sdkAcceptsResource(mcpUrl, prm.resource);
    const evidence = {
      url: prm.url,
      resource: prm.resource,
      expected: mcpUrl,
      sdkAccepts: sdkOk,
      hint: urlDifference(prm.resource, mcpUrl),
    };
    findings.push(makeFinding('AUTH_PRM_RESOURCE_MISMATCH', evidence, sdkOk ? { severity: 'warning' } : {}));
  }
  return findings;
}

export async function findAuthorizationServer(
  issuer: string,
  fetch: FetchOptions,
  attempts: UrlAttempt[],
  findings: Finding[],
): Promise<AuthorizationServerInfo | undefined> {
  const issuerUrl = parseUrl(issuer);
  if (!issuerUrl) {
    findings.push(
      makeFinding('AUTH_AS_METADATA_MISSING', { issuer, tried: [], problem: 'the authorization server identifier is not a URL' }),
    );
    return undefined;
  }
  const candidates = authorizationServerMetadataUrls(issuerUrl);
  for (const { url, kind } of candidates) {
    const purpose = `authorization server metadata (${kind === 'oauth' ? 'RFC 8414' : 'OpenID Connect'})`;
    const fetched = await fetchJson(url, purpose, fetch);
    attempts.push(...fetched.attempts);
    if (fetched.refused) {
      // Every well-known URL of this issuer has the same origin: one refusal says it all.
      findings.push(refusalFinding(purpose, fetched.refused));
      return undefined;
    }
    if (isPlainObject(fetched.json)) return authorizationServerInfo(issuer, url.href, kind, fetched.json);
  }
  findings.push(
    makeFinding('AUTH_AS_METADATA_MISSING', {
      issuer,
      tried: candidates.map((c) => c.url.href),
      ...failureCodes(attempts.slice(-candidates.length)),
    }),
  );
  return undefined;
}

function authorizationServerInfo(
  issuerUsed: string,
  url: string,
  kind: 'oauth' | 'oidc',
  doc: Record<string, unknown>,
): AuthorizationServerInfo {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    issuerUsed,
    url,
    kind,
    issuer: str(doc.issuer),
    jwksUri: str(doc.jwks_uri),
    authorizationEndpoint: str(doc.authorization_endpoint),
    tokenEndpoint: str(doc.token_endpoint),
    registrationEndpoint: str(doc.registration_endpoint),
    codeChallengeMethodsSupported: optionalStrings(doc.code_challenge_methods_supported),
    scopesSupported: optionalStrings(doc.scopes_supported),
    clientIdMetadataDocumentSupported:
      typeof doc.client_id_metadata_document_supported === 'boolean' ? doc.client_id_metadata_document_supported : undefined,
    authorizationResponseIssParameterSupported: doc.authorization_response_iss_parameter_supported === true,
    grantTypesSupported: optionalStrings(doc.grant_types_supported),
  };
}

/** RFC 8414 §3.3 issuer equality, PKCE S256 (clients MUST refuse without it), jwks_uri, https endpoints. */
export function checkAuthorizationServer(as: AuthorizationServerInfo): Finding[] {
  const findings: Finding[] = [];
  if (as.issuer !== as.issuerUsed) {
    const hint = as.issuer === undefined ? 'the metadata has no "issuer"' : urlDifference(as.issuer, as.issuerUsed);
    findings.push(makeFinding('AUTH_AS_ISSUER_MISMATCH', { url: as.url, expected: as.issuerUsed, actual: as.issuer, hint }));
  }
  if (!as.codeChallengeMethodsSupported?.includes('S256')) {
    findings.push(makeFinding('AUTH_AS_NO_PKCE_S256', { url: as.url, methods: as.codeChallengeMethodsSupported ?? [] }));
  }
  if (!as.jwksUri) findings.push(makeFinding('AUTH_AS_NO_JWKS_URI', { url: as.url, issuer: as.issuer }));
  return findings;
}

/** Every URL the metadata documents publish (and where they were found), for the https rule. */
export function metadataUrls(doc: ProtectedResourceInfo | AuthorizationServerInfo): string[] {
  const urls =
    'authorizationServers' in doc
      ? [doc.url, doc.resource, ...doc.authorizationServers]
      : [doc.url, doc.issuer, doc.authorizationEndpoint, doc.tokenEndpoint, doc.jwksUri, doc.registrationEndpoint];
  return urls.filter((u): u is string => u !== undefined);
}

/** MCP requires https for OAuth endpoints; plain http on loopback is a development setup (info). */
export function insecureUrlFindings(urls: readonly string[]): Finding[] {
  const http = [...new Set(urls.filter((u) => insecurity(u) === 'http'))];
  const loopback = [...new Set(urls.filter((u) => insecurity(u) === 'loopback-http'))];
  if (http.length > 0) return [makeFinding('AUTH_PRM_INSECURE_URL', { urls: http.slice(0, 10) })];
  if (loopback.length > 0)
    return [makeFinding('AUTH_PRM_INSECURE_URL', { urls: loopback.slice(0, 10), loopback: true }, { severity: 'info' })];
  return [];
}

/** When every attempt died without an HTTP answer, the network or TLS error is the real story. */
function failureCodes(attempts: readonly UrlAttempt[]): { errorCodes?: string[]; tls?: boolean } {
  if (attempts.length === 0 || attempts.some((a) => a.status !== undefined)) return {};
  const codes = [...new Set(attempts.map((a) => a.errorCode ?? 'UNKNOWN'))];
  return { errorCodes: codes, tls: codes.some(isTlsErrorCode) };
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 50) : [];
}

function optionalStrings(value: unknown): string[] | undefined {
  return Array.isArray(value) ? stringArray(value) : undefined;
}
