import "server-only";
import type { RoomEvent } from "@/lib/domain/stream-events";
import { keyedListeners } from "./keyed-listeners";

export type RoomListener = (event: RoomEvent) => void;

/**
 * Fan-out of stored events to live viewers; storage stays the source of truth. In-process with the
 * embedded database; across instances with PostgreSQL (`pg-event-bus.ts`, LISTEN/NOTIFY + reads from storage).
 */
export type EventBus = {
  subscribe(roomId: string, listener: RoomListener): () => void;
  /** Events this process has just stored, in sequence order. */
  publish(roomId: string, events: readonly RoomEvent[]): void;
  viewerCount(roomId: string): number;
};

/** Listeners of one process, by room. */
export function inProcessBus(): EventBus {
  const listeners = keyedListeners<RoomEvent>();
  return {
    subscribe: (roomId, listener) => listeners.add(roomId, listener),
    publish: (roomId, events) => listeners.emit(roomId, events),
    viewerCount: (roomId) => listeners.count(roomId),
  };
}

type Holder = { bus: EventBus };
const holder = ((globalThis as Record<symbol, Holder>)[Symbol.for("mams.room-bus")] ??= {
  bus: inProcessBus(),
});

/** The composition root (lib/server/composition.ts) swaps in the PostgreSQL bus when DATABASE_URL is set. */
export function setEventBus(bus: EventBus): void {
  holder.bus = bus;
}

export const subscribe = (roomId: string, listener: RoomListener) =>
  holder.bus.subscribe(roomId, listener);
export const publish = (roomId: string, events: readonly RoomEvent[]) =>
  holder.bus.publish(roomId, events);
export const viewerCount = (roomId: string) => holder.bus.viewerCount(roomId);
