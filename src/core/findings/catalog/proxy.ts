import { type CatalogEntry } from '../types';

/** proxy findings: filled in by the proxy probe's owner. */
export const proxyEntries = {
} satisfies Record<string, CatalogEntry>;
