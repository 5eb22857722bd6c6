import "server-only";
import type { ExperimentProgressEvent } from "@/lib/domain/stream-events";

type Listener = (event: ExperimentProgressEvent) => void;

const KEY = Symbol.for("mams.experiment-bus");
const listeners: Map<string, Set<Listener>> = ((
  globalThis as Record<symbol, Map<string, Set<Listener>>>
)[KEY] ??= new Map());

/** In-process fan-out of experiment progress to live viewers; storage stays the source of truth. */
export function subscribeProgress(experimentId: string, listener: Listener): () => void {
  let set = listeners.get(experimentId);
  if (!set) listeners.set(experimentId, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (!set.size) listeners.delete(experimentId);
  };
}

export function publishProgress(experimentId: string, event: ExperimentProgressEvent): void {
  for (const listener of [...(listeners.get(experimentId) ?? [])]) listener(event);
}
