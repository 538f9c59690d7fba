import { type CatalogEntry } from '../types';

/** http findings: filled in by the http probe's owner. */
export const httpEntries = {
} satisfies Record<string, CatalogEntry>;
