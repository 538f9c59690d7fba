/** Evidence of each config finding (catalog/config.ts). */
export type ConfigEvidence = {
  CONFIG_CA_FILE_MISSING: { readonly path?: string; readonly errorCode?: string; readonly variable?: string };
  CONFIG_CA_FILE_INVALID: { readonly path?: string; readonly reason: string; readonly variable?: string };
  CONFIG_TOKEN_ENV_MISSING: { readonly variable: string };
  CONFIG_INVALID_URL: { readonly input: string; readonly reason?: string };
};
