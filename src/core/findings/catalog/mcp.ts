import { type CatalogEntry } from '../types';

/** mcp findings: filled in by the mcp probe's owner. */
export const mcpEntries = {
} satisfies Record<string, CatalogEntry>;
