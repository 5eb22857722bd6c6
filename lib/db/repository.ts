import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { Outcome, RoomEvent, RoomEventData, RoomStatus } from "@/lib/domain/stream-events";
import { planRooms } from "@/lib/engine/matching";
import { AppError } from "@/lib/errors/app-error";
import type { DbHandle } from "./client";
import { tracedStorage } from "./traced";
import { episodes, outcomes, roomEvents, rooms } from "./schema";

/** NOTIFY channel of stored room events, payload `<roomId>:<first seq>:<last seq>` (PostgreSQL only). */
export const ROOM_EVENTS_CHANNEL = "mams_room_events";

export type EpisodeRow = typeof episodes.$inferSelect;
export type RoomRow = typeof rooms.$inferSelect;
export type RoomPatch = Partial<
  Pick<RoomRow, "status" | "round" | "startedAt" | "endedAt" | "error">
>;

const now = () => new Date().toISOString();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are uuid columns: anything else names no row (a 404), and never reaches the database as a cast error. */
export const isId = (id: string) => UUID.test(id);

export function toOutcome(row: typeof outcomes.$inferSelect): Outcome {
  return row.kind === "deal"
    ? {
        kind: "deal",
        seller: row.seller!,
        offerId: row.offerId!,
        price: row.price!,
        quantity: row.quantity!,
        total: row.total!,
        rounds: row.rounds,
        forced: row.forced,
      }
    : { kind: "no_deal", reason: row.reason ?? "", rounds: row.rounds, forced: row.forced };
}

function outcomeRow(roomId: string, outcome: Outcome): typeof outcomes.$inferInsert {
  return outcome.kind === "deal"
    ? {
        roomId,
        kind: "deal",
        seller: outcome.seller,
        offerId: outcome.offerId,
        price: outcome.price,
        quantity: outcome.quantity,
        total: outcome.total,
        rounds: outcome.rounds,
        forced: outcome.forced,
      }
    : {
        roomId,
        kind: "no_deal",
        reason: outcome.reason,
        rounds: outcome.rounds,
        forced: outcome.forced,
      };
}

function toEvent(row: typeof roomEvents.$inferSelect): RoomEvent {
  return { ...row.data, seq: row.seq, at: row.createdAt } as RoomEvent;
}

export type Repository = ReturnType<typeof createRepository>;

/** Every storage operation runs in a `db` span and fails as a DATABASE_ERROR with its cause. */
export function createRepository(handle: DbHandle) {
  const { db } = handle;
  const traced = tracedStorage(handle);

  const getEpisode = (id: string) =>
    traced("get_episode", async () =>
      isId(id) ? (await db.select().from(episodes).where(eq(episodes.id, id)))[0] : undefined,
    );
  const getRoom = (roomId: string) =>
    traced("get_room", async () =>
      isId(roomId) ? (await db.select().from(rooms).where(eq(rooms.id, roomId)))[0] : undefined,
    );

  return {
    driver: handle.driver,
    /** For the experiments store (lib/db/lab-repository.ts), which shares this connection. */
    handle,

    createEpisode: (config: EpisodeConfig) =>
      traced("create_episode", () =>
        db.transaction(async (tx) => {
          const [episode] = await tx
            .insert(episodes)
            .values({ id: randomUUID(), buyerName: config.buyer.name, config })
            .returning();
          const values = planRooms(config).map((plan, position) => ({
            id: randomUUID(),
            episodeId: episode!.id,
            position,
            itemName: plan.item.name,
            sellers: plan.sellers.map((s) => s.name),
            status: (plan.sellers.length ? "planned" : "no_sellers") as RoomStatus,
          }));
          const inserted = await tx.insert(rooms).values(values).returning();
          return { episode: episode!, rooms: inserted };
        }),
      ),

    /** Newest first, at most `limit`: the list must not grow with the history. */
    listEpisodes: (limit = 50) =>
      traced("list_episodes", () =>
        db
          .select()
          .from(episodes)
          .orderBy(desc(episodes.createdAt), desc(episodes.id))
          .limit(limit),
      ),

    getEpisode,

    deleteEpisode: (id: string) =>
      traced(
        "delete_episode",
        async () =>
          isId(id) &&
          (await db.delete(episodes).where(eq(episodes.id, id)).returning({ id: episodes.id }))
            .length > 0,
      ),

    listRooms: (episodeIds: string[]) =>
      traced("list_rooms", () =>
        episodeIds.length
          ? db
              .select()
              .from(rooms)
              .where(inArray(rooms.episodeId, episodeIds))
              .orderBy(asc(rooms.position))
          : Promise.resolve([]),
      ),

    /** The episode, or EPISODE_NOT_FOUND (404). */
    requireEpisode: async (id: string) => {
      const episode = await getEpisode(id);
      if (!episode) throw new AppError("EPISODE_NOT_FOUND", `Episode ${id} does not exist`);
      return episode;
    },

    /** The room, or ROOM_NOT_FOUND (404). */
    requireRoom: async (roomId: string) => {
      const room = await getRoom(roomId);
      if (!room) throw new AppError("ROOM_NOT_FOUND", `Room ${roomId} does not exist`);
      return room;
    },

    getRoom,

    listOutcomes: (roomIds: string[]) =>
      traced("list_outcomes", async () =>
        roomIds.length
          ? (await db.select().from(outcomes).where(inArray(outcomes.roomId, roomIds))).map(
              (row) => ({ roomId: row.roomId, outcome: toOutcome(row) }),
            )
          : [],
      ),

    listEvents: (roomId: string, afterSeq = 0) =>
      traced("list_events", async () =>
        !isId(roomId)
          ? []
          : (
              await db
                .select()
                .from(roomEvents)
                .where(and(eq(roomEvents.roomId, roomId), gt(roomEvents.seq, afterSeq)))
                .orderBy(asc(roomEvents.seq))
            ).map(toEvent),
      ),

    listOfferEvents: (roomIds: string[]) =>
      traced("list_offer_events", async () =>
        roomIds.length
          ? (
              await db
                .select()
                .from(roomEvents)
                .where(
                  and(inArray(roomEvents.roomId, roomIds), eq(roomEvents.type, "seller_message")),
                )
                .orderBy(asc(roomEvents.seq))
            ).map((row) => ({ roomId: row.roomId, event: toEvent(row) }))
          : [],
      ),

    /**
     * One step, one transaction: the events get the room's next sequence numbers, the room row
     * its new state, and a room_completed event its outcome row (whose primary key refuses a second one).
     * With the room row locked, a room that has an outcome takes no further event, and a room at
     * `maxEvents` takes only the event that ends it.
     */
    appendEvents: (
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
          const at = now();
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
            if (!done.length)
              throw new AppError("CONFLICT", `Room ${roomId} already has an outcome`);
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
      ),

    updateRoom: (roomId: string, patch: RoomPatch) =>
      traced(
        "update_room",
        async () => void (await db.update(rooms).set(patch).where(eq(rooms.id, roomId))),
      ),

    /** Restart: the history goes, the sequence keeps counting so Last-Event-ID stays meaningful. */
    resetRoom: (roomId: string) =>
      traced("reset_room", () =>
        db.transaction(async (tx) => {
          await tx.delete(roomEvents).where(eq(roomEvents.roomId, roomId));
          await tx.delete(outcomes).where(eq(outcomes.roomId, roomId));
          await tx
            .update(rooms)
            .set({ status: "planned", round: 0, startedAt: null, endedAt: null, error: null })
            .where(eq(rooms.id, roomId));
        }),
      ),

    /** At start-up: runs that were `running` when the last process died. */
    markInterrupted: () =>
      traced(
        "mark_interrupted",
        async () =>
          (
            await db
              .update(rooms)
              .set({ status: "interrupted" })
              .where(eq(rooms.status, "running"))
              .returning({ id: rooms.id })
          ).length,
      ),
  };
}
