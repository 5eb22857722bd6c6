import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { Outcome, RoomStatus } from "@/lib/domain/stream-events";
import { planRooms } from "./matching";

export type SummaryRoom = {
  id: string;
  position: number;
  itemName: string;
  status: RoomStatus;
  startedAt: string | null;
  endedAt: string | null;
  outcome?: Outcome;
  error?: { code: string; message: string } | null;
};

const cents = (value: number) => Math.round(value * 100) / 100;

/** Purchases, failures, totals and savings against the seller's list price. Pure: rooms and outcomes in, figures out. */
export function summarise(config: EpisodeConfig, rooms: SummaryRoom[]) {
  const plans = planRooms(config);
  const purchases = rooms.flatMap((room) => {
    if (room.outcome?.kind !== "deal") return [];
    const { seller, price, quantity, total, rounds } = room.outcome;
    const listPrice =
      plans[room.position]?.sellers.find((s) => s.name === seller)?.line.sellingPrice ?? price;
    return [
      {
        roomId: room.id,
        item: room.itemName,
        seller,
        price,
        quantity,
        total,
        listPrice,
        savings: cents((listPrice - price) * quantity),
        rounds,
      },
    ];
  });
  const failed = rooms.flatMap((room) => {
    if (room.outcome?.kind === "deal") return [];
    const reason =
      room.status === "no_sellers"
        ? "No seller stocks this item"
        : room.outcome?.kind === "no_deal"
          ? room.outcome.reason
          : (room.error?.message ??
            (room.status === "interrupted" ? "Interrupted" : "Not negotiated yet"));
    return [{ roomId: room.id, item: room.itemName, status: room.status, reason }];
  });
  const finished = rooms.filter((r) => r.outcome);
  const durations = rooms.flatMap((r) =>
    r.startedAt && r.endedAt ? [Date.parse(r.endedAt) - Date.parse(r.startedAt)] : [],
  );
  const average = (values: number[]) =>
    values.length ? cents(values.reduce((a, b) => a + b, 0) / values.length) : 0;
  return {
    purchases,
    failed,
    totals: {
      spent: cents(purchases.reduce((sum, p) => sum + p.total, 0)),
      savings: cents(purchases.reduce((sum, p) => sum + p.savings, 0)),
      items: rooms.length,
      bought: purchases.length,
      successRate: rooms.length ? cents(purchases.length / rooms.length) : 0,
      averageRounds: average(finished.map((r) => r.outcome!.rounds)),
      averageDurationMs: Math.round(average(durations)),
    },
  };
}
