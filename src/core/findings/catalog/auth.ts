import { type CatalogEntry } from '../types';

/** auth findings: filled in by the auth probe's owner. */
export const authEntries = {
} satisfies Record<string, CatalogEntry>;
