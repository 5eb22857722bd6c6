import "server-only";

/** One process's live listeners by key (a room, an experiment): what the in-process buses fan out to. */
export function keyedListeners<T>() {
  const listeners = new Map<string, Set<(value: T) => void>>();
  return {
    add(key: string, listener: (value: T) => void): () => void {
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (!set.size) listeners.delete(key);
      };
    },
    /** Every value to the listeners there were when the call began, in order. */
    emit(key: string, values: readonly T[]): void {
      const set = listeners.get(key);
      if (!set) return;
      const current = [...set];
      for (const value of values) for (const listener of current) listener(value);
    },
    count: (key: string) => listeners.get(key)?.size ?? 0,
  };
}
