import { type JwksSummary, type TokenSummary } from '../jwt/types';
import { type UrlAttempt } from '../http/fetchDocument';
import { type BearerChallenge } from './wwwAuthenticate';

export { type UrlAttempt } from '../http/fetchDocument';

/** RFC 9728 protected resource metadata, as far as the checks use it. */
export interface ProtectedResourceInfo {
  /** Where it was found. */
  readonly url: string;
  readonly resource?: string;
  readonly authorizationServers: readonly string[];
  readonly scopesSupported?: readonly string[];
  readonly bearerMethodsSupported?: readonly string[];
}

/** RFC 8414 / OpenID Connect authorization server metadata, as far as the checks use it. */
export interface AuthorizationServerInfo {
  /** The issuer the metadata URL was built from (from the PRM). */
  readonly issuerUsed: string;
  /** Where the metadata was found, and which convention that URL follows. */
  readonly url: string;
  readonly kind: 'oauth' | 'oidc';
  readonly issuer?: string;
  readonly jwksUri?: string;
  readonly authorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
  readonly registrationEndpoint?: string;
  readonly codeChallengeMethodsSupported?: readonly string[];
  readonly scopesSupported?: readonly string[];
  readonly clientIdMetadataDocumentSupported?: boolean;
  /** RFC 9207: the AS puts `iss` in every authorization response (clients must then check it). */
  readonly authorizationResponseIssParameterSupported?: boolean;
  readonly grantTypesSupported?: readonly string[];
}

/** What the token check found, as the report keeps it. */
export type TokenReport = TokenSummary;

export type ProbeName = 'no-token' | 'malformed-token' | 'alg-none-token' | 'foreign-key-token' | 'initialize' | 'tools/list';

/** One "is auth enforced?" request and what the server did with it. */
export interface ProbeResult {
  readonly name: ProbeName;
  readonly status?: number;
  /** refused/accepted for the bad-token probes; ok/failed for the valid-token ones. */
  readonly outcome: 'refused' | 'accepted' | 'ok' | 'failed' | 'inconclusive' | 'skipped';
  readonly detail?: string;
  readonly errorCode?: string;
}

/** Where the expected issuer, audience and scopes came from. */
export interface AuthExpectations {
  readonly issuer?: string;
  readonly issuerSource?: 'option' | 'as-metadata' | 'prm';
  readonly audience: string;
  readonly audienceSource: 'option' | 'prm-resource' | 'canonical-url';
  readonly scopes: readonly string[];
  readonly scopesSource: 'option' | 'challenge' | 'prm' | 'none';
}

/** What the OAuth / JWT checks learned. Owned by the auth module. Never holds a token. */
export interface AuthReport {
  /** Raw WWW-Authenticate of the unauthenticated answer (bounded; not a secret). */
  readonly challenge?: string;
  readonly unauthenticatedStatus?: number;
  readonly bearer?: BearerChallenge;
  readonly challengeProblems?: readonly string[];
  readonly protectedResource?: ProtectedResourceInfo;
  readonly authorizationServer?: AuthorizationServerInfo;
  /** Every URL the discovery and JWKS checks asked, in order, and what each returned. */
  readonly urlsTried: readonly UrlAttempt[];
  readonly jwks?: JwksSummary;
  readonly token?: TokenReport;
  readonly probes?: readonly ProbeResult[];
  readonly expected?: AuthExpectations;
}
