import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, inArray } from "drizzle-orm";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { RoomStatus } from "@/lib/domain/stream-events";
import { planRooms } from "@/lib/engine/matching";
import { AppError } from "@/lib/errors/app-error";
import { eventAppender } from "./append-events";
import type { DbHandle } from "./client";
import { isId, toEvent, toOutcome, type RoomPatch } from "./room-rows";
import { tracedStorage } from "./traced";
import { episodes, outcomes, roomEvents, rooms } from "./schema";

export type { EpisodeRow, RoomPatch, RoomRow } from "./room-rows";

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

    appendEvents: eventAppender(handle),

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
