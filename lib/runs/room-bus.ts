import "server-only";
import type { RoomEvent } from "@/lib/domain/stream-events";

type Listener = (event: RoomEvent) => void;

const KEY = Symbol.for("mams.room-bus");
const listeners: Map<string, Set<Listener>> = ((globalThis as Record<symbol, Map<string, Set<Listener>>>)[KEY] ??= new Map());

/** In-process fan-out of stored events to live viewers; storage stays the source of truth. */
export function subscribe(roomId: string, listener: Listener): () => void {
  let set = listeners.get(roomId);
  if (!set) listeners.set(roomId, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (!set.size) listeners.delete(roomId);
  };
}

export function publish(roomId: string, events: readonly RoomEvent[]): void {
  const set = listeners.get(roomId);
  if (!set) return;
  for (const event of events) for (const listener of [...set]) listener(event);
}

export function viewerCount(roomId: string): number {
  return listeners.get(roomId)?.size ?? 0;
}
