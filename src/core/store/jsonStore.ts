/**
 * A small key/value store for JSON values that survive between runs (last good certificate per
 * endpoint, run timelines). The CLI uses a directory in the user's cache; the VS Code extension
 * implements the same interface on its extension storage.
 */
export interface JsonStore {
  /** The stored value, or undefined when absent or unreadable (a broken cache is not an error). */
  get<T>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serialisable value, replacing the previous one atomically. */
  set(key: string, value: unknown): Promise<void>;
}

/** An in-memory store, for tests and for runs that must not persist anything. */
export function memoryStore(): JsonStore {
  const values = new Map<string, string>();
  return {
    get: async <T>(key: string) => {
      const text = values.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    set: async (key, value) => {
      values.set(key, JSON.stringify(value));
    },
  };
}
