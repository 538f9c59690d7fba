import { type JsonStore } from '../store/jsonStore';

export { type JsonStore } from '../store/jsonStore';

/** An in-memory JsonStore that round-trips through JSON like real storage, and can show its contents. */
export class MemoryJsonStore implements JsonStore {
  private readonly data = new Map<string, string>();

  async get<T>(key: string): Promise<T | undefined> {
    const text = this.data.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.data.delete(key);
    else this.data.set(key, JSON.stringify(value));
  }

  /** Every stored value as JSON text (tests assert nothing secret is in it). */
  dump(): string {
    return [...this.data.entries()].map(([k, v]) => `${k}=${v}`).join('\n');
  }
}
