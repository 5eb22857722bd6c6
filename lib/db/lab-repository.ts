import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import type { RoomEvent, RoomStatus } from "@/lib/domain/stream-events";
import type { DbHandle } from "./client";
import { tracedStorage } from "./traced";
import type { Repository } from "./repository";
import {
  episodeSources,
  episodes,
  experimentRuns,
  experiments,
  llmUsage,
  modelPrices,
  outcomes,
  roomEvents,
  rooms,
  type EpisodeSource,
} from "./schema";

export type ExperimentRow = typeof experiments.$inferSelect;
export type ExperimentRunRow = typeof experimentRuns.$inferSelect;
export type UsageInput = Omit<typeof llmUsage.$inferInsert, "id" | "createdAt">;
export type ImportedRoom = {
  position: number;
  itemName: string;
  sellers: string[];
  status: RoomStatus;
  startedAt: string | null;
  endedAt: string | null;
  events: RoomEvent[];
};

export type LabRepository = ReturnType<typeof createLabRepository>;

const cache = new WeakMap<DbHandle, LabRepository>();

/** The experiments store on the same connection as the main repository. */
export function labFor(repo: Repository): LabRepository {
  let lab = cache.get(repo.handle);
  if (!lab) cache.set(repo.handle, (lab = createLabRepository(repo.handle)));
  return lab;
}

type RunKey = { experimentId: string; arm: number; seed: number };

const runIs = (key: RunKey) =>
  and(
    eq(experimentRuns.experimentId, key.experimentId),
    eq(experimentRuns.arm, key.arm),
    eq(experimentRuns.seed, key.seed),
  );

/** The experiment's driver still holds `lease` (always true without one: the embedded database). */
const heldBy = (experimentId: string, lease: string | undefined) =>
  lease
    ? sql`exists (select 1 from ${experiments} where ${experiments.id} = ${experimentId} and ${experiments.leaseOwner} = ${lease})`
    : undefined;

/** Imports, experiments and token usage. Same rules as repository.ts: a `db` span, DATABASE_ERROR on failure. */
export function createLabRepository(handle: DbHandle) {
  const { db } = handle;
  const traced = tracedStorage(handle);

  return {
    getSource: (episodeId: string) =>
      traced(
        "get_episode_source",
        async () =>
          (await db.select().from(episodeSources).where(eq(episodeSources.episodeId, episodeId)))[0]
            ?.source,
      ),

    setSource: (episodeId: string, source: EpisodeSource) =>
      traced(
        "set_episode_source",
        async () =>
          void (await db
            .insert(episodeSources)
            .values({ episodeId, source })
            .onConflictDoUpdate({ target: episodeSources.episodeId, set: { source } })),
      ),

    /** An exported episode stored again, read-only: rooms, events and outcomes exactly as exported, in one transaction. */
    importEpisode: (
      config: EpisodeConfig,
      roomList: ImportedRoom[],
      manifest: Record<string, unknown>,
    ) =>
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
            const round = room.events.reduce(
              (r, e) => (e.type === "round_started" ? e.round : r),
              0,
            );
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
            if (completed?.type === "room_completed") {
              const o = completed.outcome;
              await tx.insert(outcomes).values(
                o.kind === "deal"
                  ? {
                      roomId: id,
                      kind: "deal",
                      seller: o.seller,
                      offerId: o.offerId,
                      price: o.price,
                      quantity: o.quantity,
                      total: o.total,
                      rounds: o.rounds,
                      forced: o.forced,
                    }
                  : {
                      roomId: id,
                      kind: "no_deal",
                      reason: o.reason,
                      rounds: o.rounds,
                      forced: o.forced,
                    },
              );
            }
          }
          return episode!;
        }),
      ),

    createExperiment: (
      name: string,
      spec: Record<string, unknown>,
      runs: Array<{ arm: number; seed: number }>,
    ) =>
      traced("create_experiment", () =>
        db.transaction(async (tx) => {
          const [experiment] = await tx
            .insert(experiments)
            .values({ id: randomUUID(), name, spec, status: "running" })
            .returning();
          await tx
            .insert(experimentRuns)
            .values(
              runs.map((r) => ({ experimentId: experiment!.id, ...r, status: "pending" as const })),
            );
          return experiment!;
        }),
      ),

    getExperiment: (id: string) =>
      traced(
        "get_experiment",
        async () => (await db.select().from(experiments).where(eq(experiments.id, id)))[0],
      ),

    listExperiments: (limit = 50) =>
      traced("list_experiments", () =>
        db
          .select()
          .from(experiments)
          .orderBy(desc(experiments.createdAt), desc(experiments.id))
          .limit(limit),
      ),

    listRunningExperiments: () =>
      traced("list_running_experiments", () =>
        db.select().from(experiments).where(eq(experiments.status, "running")),
      ),

    /** With `lease` (scale-out), only while that driver's lease is held: false when it was lost. */
    updateExperiment: (
      id: string,
      patch: Partial<Pick<ExperimentRow, "status" | "endedAt">>,
      lease?: string,
    ) =>
      traced(
        "update_experiment",
        async () =>
          (
            await db
              .update(experiments)
              .set(patch)
              .where(
                and(eq(experiments.id, id), lease ? eq(experiments.leaseOwner, lease) : undefined),
              )
              .returning({ id: experiments.id })
          ).length > 0,
      ),

    listExperimentRuns: (experimentId: string) =>
      traced("list_experiment_runs", () =>
        db
          .select()
          .from(experimentRuns)
          .where(eq(experimentRuns.experimentId, experimentId))
          .orderBy(asc(experimentRuns.seed), asc(experimentRuns.arm)),
      ),

    /** With `lease` (scale-out), only while that driver's lease is held: false when it was lost. */
    updateExperimentRun: (
      key: RunKey,
      patch: Partial<Pick<ExperimentRunRow, "status" | "episodeId">>,
      lease?: string,
    ) =>
      traced(
        "update_experiment_run",
        async () =>
          (
            await db
              .update(experimentRuns)
              .set(patch)
              .where(and(runIs(key), heldBy(key.experimentId, lease)))
              .returning({ arm: experimentRuns.arm })
          ).length > 0,
      ),

    /**
     * Gives the run its episode unless it already has one: two drivers that raced both created one, the first
     * to get here wins and both go on with the winner's. undefined when `lease` was lost.
     */
    claimRunEpisode: (key: RunKey, episodeId: string, lease?: string) =>
      traced("claim_run_episode", async () => {
        const [won] = await db
          .update(experimentRuns)
          .set({ episodeId, status: "running" })
          .where(and(runIs(key), isNull(experimentRuns.episodeId), heldBy(key.experimentId, lease)))
          .returning({ episodeId: experimentRuns.episodeId });
        if (won) return episodeId;
        const [row] = await db
          .select({ episodeId: experimentRuns.episodeId })
          .from(experimentRuns)
          .where(and(runIs(key), heldBy(key.experimentId, lease)));
        return row?.episodeId ?? undefined;
      }),

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
