import { type CatalogEntry } from '../types';

/** tls findings: filled in by the tls probe's owner. */
export const tlsEntries = {
} satisfies Record<string, CatalogEntry>;
