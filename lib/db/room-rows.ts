import "server-only";
import type { Outcome, RoomEvent } from "@/lib/domain/stream-events";
import type { episodes, outcomes, roomEvents, rooms } from "./schema";

export type EpisodeRow = typeof episodes.$inferSelect;
export type RoomRow = typeof rooms.$inferSelect;
export type RoomPatch = Partial<
  Pick<RoomRow, "status" | "round" | "startedAt" | "endedAt" | "error">
>;

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

export function outcomeRow(roomId: string, outcome: Outcome): typeof outcomes.$inferInsert {
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

export function toEvent(row: typeof roomEvents.$inferSelect): RoomEvent {
  return { ...row.data, seq: row.seq, at: row.createdAt } as RoomEvent;
}
