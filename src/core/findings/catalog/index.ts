import { type CatalogEntry } from '../types';
import { authEntries } from './auth';
import { clientEntries } from './clients';
import { configEntries } from './config';
import { deployEntries } from './deploy';
import { httpEntries } from './http';
import { jwtEntries } from './jwt';
import { mcpEntries } from './mcp';
import { networkEntries } from './network';
import { oauthEntries } from './oauth';
import { proxyEntries } from './proxy';
import { caddyConfigEntries, proxyConfigEntries } from './proxyConfig';
import { redirectEntries } from './redirect';
import { tlsEntries } from './tls';
import { tlsRefusalEntries } from './tlsRefusal';

/**
 * The one closed catalog of finding codes. Codes are stable API (JSON reports, the timeline and
 * user scripts key on them): add codes, never rename them.
 */
export const catalog = {
  ...configEntries,
  ...networkEntries,
  ...tlsEntries,
  ...tlsRefusalEntries,
  ...clientEntries,
  ...redirectEntries,
  ...httpEntries,
  ...mcpEntries,
  ...authEntries,
  ...oauthEntries,
  ...jwtEntries,
  ...proxyEntries,
  ...deployEntries,
  ...proxyConfigEntries,
  ...caddyConfigEntries,
} satisfies Record<string, CatalogEntry>;

export type FindingCode = keyof typeof catalog;

export const findingCodes = Object.keys(catalog) as FindingCode[];

export function isFindingCode(value: unknown): value is FindingCode {
  return typeof value === 'string' && Object.hasOwn(catalog, value);
}
