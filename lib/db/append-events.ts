import "server-only";
import { count, eq, sql } from "drizzle-orm";
import type { RoomEventData } from "@/lib/domain/stream-events";
import { AppError } from "@/lib/errors/app-error";
import type { DbHandle } from "./client";
import { isId, outcomeRow, toEvent, type RoomPatch } from "./room-rows";
import { outcomes, roomEvents, rooms } from "./schema";
import { tracedStorage } from "./traced";

/** NOTIFY channel of stored room events, payload `<roomId>:<first seq>:<last seq>` (PostgreSQL only). */
export const ROOM_EVENTS_CHANNEL = "mams_room_events";

/**
 * One step, one transaction: the events get the room's next sequence numbers, the room row
 * its new state, and a room_completed event its outcome row (whose primary key refuses a second one).
 * With the room row locked, a room that has an outcome takes no further event, and a room at
 * `maxEvents` takes only the event that ends it.
 */
export function eventAppender(handle: DbHandle) {
  const { db } = handle;
  const traced = tracedStorage(handle);

  return (
    roomId: string,
    events: RoomEventData[],
    patch: RoomPatch = {},
    options: { maxEvents?: number; lease?: string } = {},
  ) =>
    traced("append_events", () =>
      db.transaction(async (tx) => {
        const [room] = isId(roomId)
          ? await tx.select().from(rooms).where(eq(rooms.id, roomId)).for("update")
          : [];
        if (!room) throw new AppError("ROOM_NOT_FOUND", `Room ${roomId} does not exist`);
        // A runner whose lease was taken over (it stalled past its lease) must not write a second history.
        if (options.lease !== undefined && room.leaseOwner !== options.lease)
          throw new AppError("LEASE_LOST", `The run of room ${roomId} lost its lease`);
        const [ended] = await tx
          .select({ roomId: outcomes.roomId })
          .from(outcomes)
          .where(eq(outcomes.roomId, roomId));
        if (ended) throw new AppError("CONFLICT", "This room has already finished");
        if (
          options.maxEvents !== undefined &&
          !events.some((e) => e.type === "room_completed" || e.type === "room_failed")
        ) {
          const [stored] = await tx
            .select({ n: count() })
            .from(roomEvents)
            .where(eq(roomEvents.roomId, roomId));
          if ((stored?.n ?? 0) + events.length > options.maxEvents) {
            throw new AppError(
              "LIMIT_REACHED",
              `This room has reached its limit of ${options.maxEvents} events`,
            );
          }
        }
        const at = new Date().toISOString();
        const rows = events.map((data, index) => ({
          roomId,
          seq: room.lastSeq + index + 1,
          type: data.type,
          data,
          createdAt: at,
        }));
        if (rows.length) await tx.insert(roomEvents).values(rows);
        for (const data of events) {
          if (data.type !== "room_completed") continue;
          const done = await tx
            .insert(outcomes)
            .values(outcomeRow(roomId, data.outcome))
            .onConflictDoNothing()
            .returning({ roomId: outcomes.roomId });
          if (!done.length) throw new AppError("CONFLICT", `Room ${roomId} already has an outcome`);
        }
        await tx
          .update(rooms)
          .set({ ...patch, lastSeq: room.lastSeq + rows.length })
          .where(eq(rooms.id, roomId));
        // Other instances' viewers read the new events from storage on this notice, sent at commit in commit order.
        if (rows.length && handle.driver === "postgres")
          await tx.execute(
            sql`SELECT pg_notify(${ROOM_EVENTS_CHANNEL}, ${`${roomId}:${room.lastSeq + 1}:${room.lastSeq + rows.length}`})`,
          );
        return rows.map(toEvent);
      }),
    );
}
