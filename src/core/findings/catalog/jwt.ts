import { type CatalogEntry } from '../types';

/** jwt findings: filled in by the jwt probe's owner. */
export const jwtEntries = {
} satisfies Record<string, CatalogEntry>;
