import "server-only";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { DbHandle } from "./client";
import { experimentRuns, experiments } from "./schema";
import { tracedStorage } from "./traced";

export type ExperimentRow = typeof experiments.$inferSelect;
export type ExperimentRunRow = typeof experimentRuns.$inferSelect;

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

/** Experiments and their runs (arm × seed), the runs' writes fenced by the driver's lease when one is given. */
export function experimentStore(handle: DbHandle) {
  const { db } = handle;
  const traced = tracedStorage(handle);

  return {
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
  };
}
