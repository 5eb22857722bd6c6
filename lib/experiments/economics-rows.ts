import "server-only";
import type { RoomEconomics } from "@/lib/engine/economics";

/** The closed rooms of an episode with their economics, in list order. */
export function economicsRows(
  rooms: ReadonlyArray<{ id: string; position: number; economics?: RoomEconomics }>,
): Array<RoomEconomics & { roomId: string }> {
  return rooms.flatMap((room) => (room.economics ? [{ roomId: room.id, ...room.economics }] : []));
}

type UsageLike = {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  estimated: boolean;
  costUsd: number;
};

/** Tokens and cost summed over rooms (an episode, an experiment). */
export function usageTotals(rooms: ReadonlyArray<{ usage?: UsageLike }>): UsageLike {
  return rooms.reduce<UsageLike>(
    (sum, { usage }) =>
      usage
        ? {
            calls: sum.calls + usage.calls,
            inputTokens: sum.inputTokens + usage.inputTokens,
            outputTokens: sum.outputTokens + usage.outputTokens,
            estimated: sum.estimated || usage.estimated,
            costUsd: sum.costUsd + usage.costUsd,
          }
        : sum,
    { calls: 0, inputTokens: 0, outputTokens: 0, estimated: false, costUsd: 0 },
  );
}
