/** Identity providers whose access tokens are known to differ from MCP's expectations. */
export type IdentityProvider = 'entra' | 'keycloak' | 'auth0' | 'okta' | 'cognito';

const NAMES: Record<IdentityProvider, string> = {
  entra: 'Microsoft Entra ID',
  keycloak: 'Keycloak',
  auth0: 'Auth0',
  okta: 'Okta',
  cognito: 'Amazon Cognito',
};

/** Recognises the provider from its issuer URL (hosts and path shapes each documents). */
export function identityProviderOf(issuer: string | undefined): { provider: IdentityProvider; providerName: string } | undefined {
  if (!issuer || !URL.canParse(issuer)) return undefined;
  const { hostname, pathname } = new URL(issuer);
  const host = hostname.toLowerCase();
  const provider: IdentityProvider | undefined =
    host === 'login.microsoftonline.com' || host === 'sts.windows.net' || host.endsWith('.ciamlogin.com')
      ? 'entra'
      : /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com$/.test(host)
        ? 'cognito'
        : host.endsWith('.auth0.com')
          ? 'auth0'
          : host.endsWith('.okta.com') || host.endsWith('.oktapreview.com') || host.endsWith('.okta-emea.com')
            ? 'okta'
            : /^\/(auth\/)?realms\/[^/]+\/?$/.test(pathname)
              ? 'keycloak'
              : undefined;
  return provider ? { provider, providerName: NAMES[provider] } : undefined;
}
