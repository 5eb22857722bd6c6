import "server-only";
import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import type { DbHandle } from "./client";
import { experimentRuns, llmUsage, modelPrices, rooms } from "./schema";
import { tracedStorage } from "./traced";

export type UsageInput = Omit<typeof llmUsage.$inferInsert, "id" | "createdAt">;

/** Token usage of model calls, the price table, and the money spent per episode, experiment and room. */
export function usageStore(handle: DbHandle) {
  const { db } = handle;
  const traced = tracedStorage(handle);

  return {
    recordUsage: (usage: UsageInput) =>
      traced(
        "record_usage",
        async () => void (await db.insert(llmUsage).values({ id: randomUUID(), ...usage })),
      ),

    listPrices: () =>
      traced("list_prices", () =>
        db
          .select({
            provider: modelPrices.provider,
            model: modelPrices.model,
            inputPerMTok: modelPrices.inputPerMTok,
            outputPerMTok: modelPrices.outputPerMTok,
          })
          .from(modelPrices),
      ),

    setPrices: (
      prices: Array<{
        provider: string;
        model: string;
        inputPerMTok: number;
        outputPerMTok: number;
      }>,
    ) =>
      traced("set_prices", () =>
        db.transaction(async (tx) => {
          for (const p of prices) {
            await tx
              .insert(modelPrices)
              .values(p)
              .onConflictDoUpdate({
                target: [modelPrices.provider, modelPrices.model],
                set: {
                  inputPerMTok: p.inputPerMTok,
                  outputPerMTok: p.outputPerMTok,
                  updatedAt: new Date().toISOString(),
                },
              });
          }
        }),
      ),

    /** Money spent by an episode's rooms. */
    episodeCost: (episodeId: string) =>
      traced("episode_cost", async () => {
        const [row] = await db
          .select({ cost: sql<number>`coalesce(sum(${llmUsage.costUsd}), 0)::float8` })
          .from(llmUsage)
          .innerJoin(rooms, eq(rooms.id, llmUsage.roomId))
          .where(eq(rooms.episodeId, episodeId));
        return row?.cost ?? 0;
      }),

    /** Money spent by every episode of an experiment. */
    experimentCost: (experimentId: string) =>
      traced("experiment_cost", async () => {
        const [row] = await db
          .select({ cost: sql<number>`coalesce(sum(${llmUsage.costUsd}), 0)::float8` })
          .from(llmUsage)
          .innerJoin(rooms, eq(rooms.id, llmUsage.roomId))
          .innerJoin(experimentRuns, eq(experimentRuns.episodeId, rooms.episodeId))
          .where(eq(experimentRuns.experimentId, experimentId));
        return row?.cost ?? 0;
      }),

    /** Tokens and cost per room. */
    usageByRoom: (roomIds: string[]) =>
      traced("usage_by_room", async () =>
        roomIds.length
          ? db
              .select({
                roomId: llmUsage.roomId,
                calls: sql<number>`count(*)::int`,
                inputTokens: sql<number>`coalesce(sum(${llmUsage.inputTokens}), 0)::int`,
                outputTokens: sql<number>`coalesce(sum(${llmUsage.outputTokens}), 0)::int`,
                estimated: sql<boolean>`coalesce(bool_or(${llmUsage.estimated}), false)`,
                costUsd: sql<number>`coalesce(sum(${llmUsage.costUsd}), 0)::float8`,
              })
              .from(llmUsage)
              .where(inArray(llmUsage.roomId, roomIds))
              .groupBy(llmUsage.roomId)
          : [],
      ),
  };
}
