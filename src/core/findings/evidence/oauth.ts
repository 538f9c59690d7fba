/** A request to the token endpoint that was refused: an OAuth error answer, or the network failure code as `status`. */
type TokenRefusalEvidence = {
  readonly url: string;
  readonly grant?: string;
  readonly status: number | string;
  readonly error?: string;
  readonly errorDescription?: string;
  readonly resource?: string;
};

/** The authorization server a finding is about: its issuer, or the issuer URL the flow used when it names none. */
type IssuerEvidence = { readonly issuer: string };

/** Evidence of each sign-in flow finding (catalog/oauth.ts). Claim values are the token's JSON: unknown. */
export type OauthEvidence = {
  OAUTH_URL_REFUSED: {
    readonly purpose: string;
    readonly url: string;
    /** http/urlGuard.ts `RefusalReason`. */
    readonly reason: 'scheme' | 'plain-http' | 'forbidden-address' | 'unresolvable';
    readonly address?: string;
    readonly addressKind?: string;
  };
  OAUTH_PRM_PARTIAL: {
    readonly working: readonly string[];
    /** "URL (outcome)" per failing URL. */
    readonly failing: readonly string[];
    readonly all: readonly string[];
    /** Which kinds of client miss the metadata: challenge, path-inserted, root. */
    readonly failingKinds: readonly string[];
  };
  OAUTH_RESOURCE_METADATA_RELATIVE: { readonly value: string; readonly absolute: string };
  OAUTH_NO_REGISTRATION: IssuerEvidence;
  OAUTH_DCR_REFUSED: {
    readonly url: string;
    readonly status: number | string;
    readonly error?: string;
    readonly errorDescription?: string;
    readonly redirectUri: string;
  };
  OAUTH_CIMD_INVALID: { readonly url: string; readonly problem: string };
  OAUTH_CIMD_UNSUPPORTED: IssuerEvidence;
  OAUTH_AUTHORIZATION_ERROR: {
    readonly error: string;
    readonly errorDescription?: string;
    readonly scope: string;
    readonly resource: string;
  };
  OAUTH_STATE_MISMATCH: { readonly present: boolean };
  OAUTH_ISS_MISSING: IssuerEvidence;
  OAUTH_ISS_MISMATCH: { readonly expected: string; readonly actual: string };
  OAUTH_CALLBACK_TIMEOUT: { readonly cancelled: boolean; readonly redirectUri: string; readonly seconds: number };
  OAUTH_TOKEN_ERROR: TokenRefusalEvidence;
  OAUTH_TOKEN_RESPONSE_INVALID: { readonly url: string; readonly problems: readonly string[] };
  OAUTH_STEP_UP: { readonly challengeScope: string; readonly scopes: string; readonly ok: boolean };
  /** The refresh was refused, or it gave a token for another audience (`problem`). */
  OAUTH_REFRESH_FAILED: TokenRefusalEvidence | { readonly resource: string; readonly problem: string };
  OAUTH_REFRESH_OK: { readonly resource: string; readonly audienceKept: boolean };
  OAUTH_IDP_AUDIENCE: {
    /** oauth/idp.ts `IdentityProvider`. */
    readonly provider: 'entra' | 'keycloak' | 'auth0' | 'okta' | 'cognito';
    readonly providerName: string;
    readonly issuer?: string;
    readonly aud?: unknown;
    readonly resource: string;
  };
  OAUTH_FLOW_OK: {
    readonly issuer?: string;
    readonly registration?: 'pre-registered' | 'client-id-metadata-document' | 'dynamic-registration';
    readonly toolCount: number;
    readonly tools: readonly string[];
  };
  /** `step` is the flow step (oauth/types.ts `FlowStepName`) where it stopped. */
  OAUTH_FLOW_STOPPED: { readonly step: string; readonly reason: string; readonly fix: string };
};
