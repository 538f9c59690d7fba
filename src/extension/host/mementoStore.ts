import { type JsonStore } from '../../core/store/jsonStore';

/** The part of `vscode.Memento` (e.g. `context.globalState`) a JsonStore needs. */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** JsonStore over extension storage (`globalState`): survives reloads, never synced. */
export function mementoStore(memento: MementoLike): JsonStore {
  return {
    get: async <T>(key: string) => memento.get<T>(key),
    set: async (key, value) => {
      await memento.update(key, value);
    },
  };
}
