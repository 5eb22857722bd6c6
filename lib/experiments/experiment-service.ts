import "server-only";
import { roomViews } from "@/lib/server/read-models/views";
import type { ExperimentRow } from "@/lib/db/experiment-store";
import { labFor } from "@/lib/db/lab-repository";
import type { Repository } from "@/lib/db/repository";
import { AppError } from "@/lib/errors/app-error";
import { buildBundle } from "./export-service";
import type { ExportBundle } from "./export-format";
import { experimentResults, type RoomRecord } from "./results";
import { progressOf } from "./runner";
import { experimentSpecSchema, type ExperimentSpec } from "./spec";

/** The spec as shown: API keys go in, never out. */
export function publicSpec(spec: ExperimentSpec) {
  return {
    ...spec,
    arms: spec.arms.map(({ apiKey, ...arm }) => ({ ...arm, hasApiKey: Boolean(apiKey) })),
  };
}

export async function requireExperiment(
  repo: Repository,
  id: string,
): Promise<ExperimentRow & { parsed: ExperimentSpec }> {
  const experiment = await labFor(repo).getExperiment(id);
  if (!experiment) throw new AppError("NOT_FOUND", `Experiment ${id} does not exist`);
  return { ...experiment, parsed: experimentSpecSchema.parse(experiment.spec) };
}

export async function experimentView(repo: Repository, id: string) {
  const lab = labFor(repo);
  const experiment = await requireExperiment(repo, id);
  const spec = experiment.parsed;
  const runs = await lab.listExperimentRuns(id);
  const episodeIds = runs.flatMap((r) => (r.episodeId ? [r.episodeId] : []));
  const episodes = (await Promise.all(episodeIds.map((e) => repo.getEpisode(e)))).flatMap((e) =>
    e ? [e] : [],
  );
  const rows = await repo.listRooms(episodes.map((e) => e.id));
  const views = await roomViews(repo, rows, new Map(episodes.map((e) => [e.id, e.config])));
  const usage = new Map((await lab.usageByRoom(rows.map((r) => r.id))).map((u) => [u.roomId, u]));
  const runByEpisode = new Map(runs.map((r) => [r.episodeId, r]));
  const records: RoomRecord[] = views.flatMap((v) => {
    const run = runByEpisode.get(v.episodeId);
    if (!run || !v.economics) return [];
    const u = usage.get(v.id);
    return [
      {
        arm: run.arm,
        seed: run.seed,
        economics: v.economics,
        tokens: u ? u.inputTokens + u.outputTokens : 0,
        costUsd: u?.costUsd ?? 0,
      },
    ];
  });
  const results = experimentResults(
    spec.arms.map((a) => a.label),
    spec.seeds,
    records,
    { seed: spec.resampleSeed },
  );
  return {
    id: experiment.id,
    name: experiment.name,
    status: experiment.status,
    createdAt: experiment.createdAt,
    endedAt: experiment.endedAt,
    spec: publicSpec(spec),
    runs,
    progress: progressOf(experiment.status, runs),
    results,
  };
}

export type ExperimentView = Awaited<ReturnType<typeof experimentView>>;

export async function experimentBundle(repo: Repository, id: string): Promise<ExportBundle> {
  const experiment = await requireExperiment(repo, id);
  const runs = await labFor(repo).listExperimentRuns(id);
  const ordered = [...runs]
    .sort((a, b) => a.arm - b.arm || a.seed - b.seed)
    .flatMap((r) => (r.episodeId ? [r.episodeId] : []));
  return buildBundle(repo, ordered, {
    id,
    name: experiment.name,
    arms: experiment.parsed.arms.map((a) => a.label),
    seeds: experiment.parsed.seeds,
  });
}
