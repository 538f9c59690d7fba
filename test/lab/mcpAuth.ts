/**
 * Bearer-token enforcement for the lab MCP server: RS256 JWTs verified with jose against the
 * authorization server's JWKS (issuer, audience, expiry, scopes), RFC 6750 / RFC 9728 challenges.
 */
import { type NextFunction, type Request, type Response } from 'express';
import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload } from 'jose';
import { type McpServerConfig } from './mcpConfig';
import { type LabFetch } from './trust';

/** Scope each tool needs in addition to the connection scopes. */
export const TOOL_SCOPES: Readonly<Record<string, string>> = {
  get_customer_info: 'customers:read',
  create_support_ticket: 'tickets:write',
  calculate_account_value: 'accounts:read',
};

/** The verified token as handlers see it (never the raw token). */
export interface VerifiedToken {
  readonly subject: string | undefined;
  readonly scopes: readonly string[];
  readonly claims: JWTPayload;
}

/** The RFC 9728 metadata URL for a resource: well-known prefix inserted before the resource path. */
export function protectedResourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/** The protected resource metadata document this server publishes. */
export function protectedResourceMetadata(config: McpServerConfig): Record<string, unknown> {
  return {
    resource: config.resource,
    authorization_servers: config.authorizationServers,
    scopes_supported: [...new Set([...config.requiredScopes, ...Object.values(TOOL_SCOPES)])],
    bearer_methods_supported: ['header'],
    resource_name: 'MCP Doctor lab server',
  };
}

/** Express middleware: 401 without a valid token, 403 without the connection scopes; sets `res.locals.token`. */
export function requireBearer(config: McpServerConfig, fetchImpl: LabFetch) {
  const jwks = createRemoteJWKSet(new URL(config.jwksUri), {
    timeoutDuration: 3000,
    cooldownDuration: 1000,
    [customFetch]: (url, options) => fetchImpl(url, options),
  });
  const challenge = challengeBuilder(config);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      res
        .set('WWW-Authenticate', challenge({ scope: config.requiredScopes }))
        .status(401)
        .json({ error: 'unauthorized', error_description: 'Bearer token required' });
      return;
    }
    try {
      const { payload } = await jwtVerify(match[1], jwks, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ['RS256'],
        requiredClaims: ['exp'],
      });
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
      res.locals.token = { subject: payload.sub, scopes, claims: payload } satisfies VerifiedToken;
    } catch (err) {
      const description = describeVerificationError(err);
      res
        .set('WWW-Authenticate', challenge({ error: 'invalid_token', description }))
        .status(401)
        .json({ error: 'invalid_token', error_description: description });
      return;
    }
    if (!sendIfMissingScopes(res, challenge, config.requiredScopes)) next();
  };
}

/** Express middleware: a `tools/call` needs the tool's own scope (checked before the tool runs). */
export function requireToolScope(config: McpServerConfig) {
  const challenge = challengeBuilder(config);
  return (req: Request, res: Response, next: NextFunction): void => {
    const body = req.body as { method?: unknown; params?: { name?: unknown } } | undefined;
    const scope = body?.method === 'tools/call' && typeof body.params?.name === 'string' ? TOOL_SCOPES[body.params.name] : undefined;
    if (!scope || !sendIfMissingScopes(res, challenge, [scope])) next();
  };
}

type Challenge = (parts: { error?: string; description?: string; scope?: readonly string[] }) => string;

function challengeBuilder(config: McpServerConfig): Challenge {
  const metadataUrl = protectedResourceMetadataUrl(config.resource);
  return ({ error, description, scope }) => {
    const params = [
      error && `error="${error}"`,
      description && `error_description="${description.replace(/["\\]/g, "'")}"`,
      scope?.length && `scope="${scope.join(' ')}"`,
      `resource_metadata="${metadataUrl}"`,
    ].filter(Boolean);
    return `Bearer ${params.join(', ')}`;
  };
}

/** Answers 403 insufficient_scope when the verified token lacks any of `needed`; returns whether it answered. */
function sendIfMissingScopes(res: Response, challenge: Challenge, needed: readonly string[]): boolean {
  const token = res.locals.token as VerifiedToken;
  const missing = needed.filter((s) => !token.scopes.includes(s));
  if (missing.length === 0) return false;
  const description = `token lacks scope ${missing.join(' ')}`;
  res
    .set('WWW-Authenticate', challenge({ error: 'insufficient_scope', description, scope: needed }))
    .status(403)
    .json({ error: 'insufficient_scope', error_description: description });
  return true;
}

/** A short reason a real server would log or return; never contains the token. */
function describeVerificationError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'token expired';
  if (err instanceof errors.JWTClaimValidationFailed) return err.message;
  if (err instanceof errors.JWKSNoMatchingKey) return 'no key in the JWKS matches the token kid';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'signature verification failed';
  if (err instanceof errors.JWKSTimeout) return 'timed out fetching the signing keys (JWKS)';
  if (err instanceof errors.JOSEError) return `invalid token (${err.code})`;
  return 'could not fetch the signing keys (JWKS)';
}
