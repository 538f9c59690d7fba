/** A JSON object as parsed: any member may hold anything, so readers check each one. */
export type JsonObject = Record<string, unknown>;

/** `JSON.parse` for text from the network or a file: undefined instead of a throw when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON object (not an array, not null): the only shape whose members may be read. */
export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
