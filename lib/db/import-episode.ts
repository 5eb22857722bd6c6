import "server-only";
import { randomUUID } from "node:crypto";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { RoomEvent, RoomStatus } from "@/lib/domain/stream-events";
import type { DbHandle } from "./client";
import { outcomeRow } from "./room-rows";
import { episodeSources, episodes, outcomes, roomEvents, rooms } from "./schema";
import { tracedStorage } from "./traced";

export type ImportedRoom = {
  position: number;
  itemName: string;
  sellers: string[];
  status: RoomStatus;
  startedAt: string | null;
  endedAt: string | null;
  events: RoomEvent[];
};

/** An exported episode stored again, read-only: rooms, events and outcomes exactly as exported, in one transaction. */
export function episodeImporter(handle: DbHandle) {
  const { db } = handle;
  const traced = tracedStorage(handle);

  return (config: EpisodeConfig, roomList: ImportedRoom[], manifest: Record<string, unknown>) =>
    traced("import_episode", () =>
      db.transaction(async (tx) => {
        const [episode] = await tx
          .insert(episodes)
          .values({ id: randomUUID(), buyerName: config.buyer.name, config })
          .returning();
        await tx.insert(episodeSources).values({
          episodeId: episode!.id,
          source: { kind: "import", readOnly: true, manifest },
        });
        for (const room of roomList) {
          const id = randomUUID();
          const lastSeq = room.events.at(-1)?.seq ?? 0;
          const round = room.events.reduce((r, e) => (e.type === "round_started" ? e.round : r), 0);
          const failed =
            room.events.at(-1)?.type === "room_failed" ? room.events.at(-1) : undefined;
          await tx.insert(rooms).values({
            id,
            episodeId: episode!.id,
            position: room.position,
            itemName: room.itemName,
            sellers: room.sellers,
            status: room.status === "running" ? "interrupted" : room.status,
            round,
            lastSeq,
            startedAt: room.startedAt,
            endedAt: room.endedAt,
            error: failed?.type === "room_failed" ? failed.error : null,
          });
          if (room.events.length) {
            await tx.insert(roomEvents).values(
              room.events.map(({ seq, at, ...data }) => ({
                roomId: id,
                seq,
                type: data.type,
                data,
                createdAt: at,
              })),
            );
          }
          const completed = room.events.find((e) => e.type === "room_completed");
          if (completed?.type === "room_completed")
            await tx.insert(outcomes).values(outcomeRow(id, completed.outcome));
        }
        return episode!;
      }),
    );
}
