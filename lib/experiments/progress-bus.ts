import "server-only";
import type { ExperimentProgressEvent } from "@/lib/domain/stream-events";
import { keyedListeners } from "@/lib/runs/keyed-listeners";

export type ProgressListener = (event: ExperimentProgressEvent) => void;

/**
 * Fan-out of experiment progress to live viewers; storage stays the source of truth. In-process with the
 * embedded database; across instances with PostgreSQL (`pg-progress-bus.ts`, LISTEN/NOTIFY + reads from storage).
 */
export type ProgressBus = {
  subscribe(experimentId: string, listener: ProgressListener): () => void;
  /** Progress this process has just computed from storage, after the change it reflects was stored. */
  publish(experimentId: string, event: ExperimentProgressEvent): void;
  viewerCount(experimentId: string): number;
};

/** Listeners of one process, by experiment. */
export function inProcessProgressBus(): ProgressBus {
  const listeners = keyedListeners<ExperimentProgressEvent>();
  return {
    subscribe: (experimentId, listener) => listeners.add(experimentId, listener),
    publish: (experimentId, event) => listeners.emit(experimentId, [event]),
    viewerCount: (experimentId) => listeners.count(experimentId),
  };
}

type Holder = { bus: ProgressBus };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.progress-bus")] ??= {
  bus: inProcessProgressBus(),
});

/** The composition root (lib/server/composition.ts) swaps in the PostgreSQL bus when DATABASE_URL is set. */
export function setProgressBus(bus: ProgressBus): void {
  holder.bus = bus;
}

export const subscribeProgress = (experimentId: string, listener: ProgressListener) =>
  holder.bus.subscribe(experimentId, listener);
export const publishProgress = (experimentId: string, event: ExperimentProgressEvent) =>
  holder.bus.publish(experimentId, event);
