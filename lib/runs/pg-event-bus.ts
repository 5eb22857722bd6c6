import "server-only";
import type { PgListener } from "@/lib/db/pg-listener";
import { ROOM_EVENTS_CHANNEL } from "@/lib/db/append-events";
import type { RoomEvent } from "@/lib/domain/stream-events";
import { inProcessBus, type EventBus } from "./room-bus";

type RoomCursor = { delivered?: number; chain: Promise<void> };

/**
 * Live fan-out across instances. Every append commits a NOTIFY `<roomId>:<first seq>:<last seq>`; an instance with viewers
 * of that room reads every event after the last one it delivered from storage, so a lost or merged notice
 * leaves no gap, and viewers (which drop what they already have by sequence) see no duplicate.
 */
export async function pgEventBus(
  listener: PgListener,
  listEvents: (roomId: string, afterSeq: number) => Promise<RoomEvent[]>,
): Promise<EventBus> {
  const local = inProcessBus();
  const cursors = new Map<string, RoomCursor>();

  const deliver = (roomId: string, events: readonly RoomEvent[]) => {
    const cursor = cursors.get(roomId);
    if (!cursor) return;
    const fresh = events.filter((event) => event.seq > (cursor.delivered ?? 0));
    if (!fresh.length) return;
    cursor.delivered = fresh[fresh.length - 1]!.seq;
    local.publish(roomId, fresh);
  };

  /** Serialised per room: each read starts after what the previous one delivered. */
  const catchUp = (roomId: string, notice?: { first: number; last: number }) => {
    const cursor = cursors.get(roomId);
    if (!cursor) return;
    cursor.chain = cursor.chain
      .then(async () => {
        // The first notice after a viewer joined: what came before it, the viewer read as history.
        cursor.delivered ??= notice && notice.first - 1;
        if (cursor.delivered === undefined || (notice && notice.last <= cursor.delivered)) return;
        deliver(roomId, await listEvents(roomId, cursor.delivered));
      })
      .catch(() => undefined);
  };

  await listener.listen(ROOM_EVENTS_CHANNEL, (payload) => {
    const [roomId, first, last] = payload.split(":");
    if (roomId && Number.isInteger(Number(first)) && Number.isInteger(Number(last)))
      catchUp(roomId, { first: Number(first), last: Number(last) });
  });
  // Notices sent while the connection was down are lost: re-read every watched room.
  listener.onReconnect(() => cursors.forEach((_, roomId) => catchUp(roomId)));

  return {
    subscribe(roomId, onEvent) {
      if (!cursors.has(roomId)) cursors.set(roomId, { chain: Promise.resolve() });
      const off = local.subscribe(roomId, onEvent);
      return () => {
        off();
        if (!local.viewerCount(roomId)) cursors.delete(roomId);
      };
    },
    // This instance's own commits reach its viewers at once; the NOTIFY that follows finds nothing new.
    publish(roomId, events) {
      const cursor = cursors.get(roomId);
      if (!cursor || !events.length) return;
      if (cursor.delivered === undefined || events[0]!.seq === cursor.delivered + 1)
        deliver(roomId, events);
      else catchUp(roomId, { first: events[0]!.seq, last: events[events.length - 1]!.seq });
    },
    viewerCount: (roomId) => local.viewerCount(roomId),
  };
}
