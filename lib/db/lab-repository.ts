import "server-only";
import { eq } from "drizzle-orm";
import type { DbHandle } from "./client";
import { experimentStore } from "./experiment-store";
import { episodeImporter } from "./import-episode";
import type { Repository } from "./repository";
import { episodeSources, type EpisodeSource } from "./schema";
import { tracedStorage } from "./traced";
import { usageStore } from "./usage-store";

export type LabRepository = ReturnType<typeof createLabRepository>;

const cache = new WeakMap<DbHandle, LabRepository>();

/** The experiments store on the same connection as the main repository. */
export function labFor(repo: Repository): LabRepository {
  let lab = cache.get(repo.handle);
  if (!lab) cache.set(repo.handle, (lab = createLabRepository(repo.handle)));
  return lab;
}

/**
 * Imports, experiments and token usage (experiment-store.ts, usage-store.ts). Same rules as
 * repository.ts: a `db` span, DATABASE_ERROR on failure.
 */
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

    importEpisode: episodeImporter(handle),

    ...experimentStore(handle),
    ...usageStore(handle),
  };
}
