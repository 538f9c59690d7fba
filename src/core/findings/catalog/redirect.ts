import { type CatalogEntry } from '../types';

/** redirect findings: filled in by the redirect probe's owner. */
export const redirectEntries = {
} satisfies Record<string, CatalogEntry>;
