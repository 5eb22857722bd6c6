import "server-only";
import * as Sentry from "@sentry/nextjs";
import type { ExperimentProgressEvent } from "@/lib/domain/stream-events";
import { labFor, type ExperimentRunRow } from "@/lib/db/lab-repository";
import type { Repository } from "@/lib/db/repository";
import type { RunManager } from "@/lib/runs/run-manager";
import { publishProgress } from "./progress-bus";
import { armConfig, experimentSpecSchema, type ExperimentSpec } from "./spec";

const FINISHED = new Set(["completed", "failed", "budget_exceeded"]);

export function progressOf(
  status: ExperimentProgressEvent["status"],
  runs: readonly Pick<ExperimentRunRow, "status">[],
): ExperimentProgressEvent {
  return {
    type: "experiment_progress",
    status,
    total: runs.length,
    done: runs.filter((r) => FINISHED.has(r.status)).length,
    running: runs.filter((r) => r.status === "running").length,
    failed: runs.filter((r) => r.status === "failed").length,
  };
}

async function eachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * Runs an experiment's arms × seeds through the run manager, at most `concurrency` episodes at a
 * time. All state is in storage (experiment_runs), so after a restart `resumeAll` carries on.
 */
export class ExperimentRunner {
  private readonly driving = new Map<string, Promise<void>>();

  constructor(
    private readonly repo: Repository,
    private readonly runs: RunManager,
  ) {}

  async create(spec: ExperimentSpec) {
    const pairs = spec.arms.flatMap((_arm, arm) => spec.seeds.map((seed) => ({ arm, seed })));
    const experiment = await labFor(this.repo).createExperiment(
      spec.name,
      spec as unknown as Record<string, unknown>,
      pairs,
    );
    void this.drive(experiment.id);
    return experiment;
  }

  /** Idempotent: one driver per experiment in this process. */
  drive(experimentId: string): Promise<void> {
    let running = this.driving.get(experimentId);
    if (!running) {
      running = this.execute(experimentId)
        .catch(
          (error: unknown) =>
            void Sentry.captureException(error, {
              tags: { experiment_id: experimentId, "error.code": "EXPERIMENT_FAILED" },
            }),
        )
        .finally(() => this.driving.delete(experimentId));
      this.driving.set(experimentId, running);
    }
    return running;
  }

  /** At start-up: every experiment still `running` continues where it stopped. */
  async resumeAll(): Promise<number> {
    const pending = await labFor(this.repo).listRunningExperiments();
    for (const experiment of pending) void this.drive(experiment.id);
    return pending.length;
  }

  /** For tests and shutdown: resolves when the experiment's driver (if any) has finished. */
  async settled(experimentId: string): Promise<void> {
    await this.driving.get(experimentId);
  }

  private async announce(
    experimentId: string,
    status: ExperimentProgressEvent["status"] = "running",
  ) {
    publishProgress(
      experimentId,
      progressOf(status, await labFor(this.repo).listExperimentRuns(experimentId)),
    );
  }

  private async execute(experimentId: string): Promise<void> {
    const lab = labFor(this.repo);
    const experiment = await lab.getExperiment(experimentId);
    if (experiment?.status !== "running") return;
    const spec = experimentSpecSchema.parse(experiment.spec);
    const todo = (await lab.listExperimentRuns(experimentId)).filter(
      (r) => !FINISHED.has(r.status),
    );
    await eachBounded(todo, spec.concurrency, (run) =>
      this.executeRun(experimentId, spec, run).catch(async (error: unknown) => {
        Sentry.captureException(error, {
          tags: { experiment_id: experimentId, arm: spec.arms[run.arm]!.label },
        });
        await lab.updateExperimentRun(
          { experimentId, arm: run.arm, seed: run.seed },
          { status: "failed" },
        );
      }),
    );
    await lab.updateExperiment(experimentId, {
      status: "completed",
      endedAt: new Date().toISOString(),
    });
    await this.announce(experimentId, "completed");
  }

  private async executeRun(
    experimentId: string,
    spec: ExperimentSpec,
    run: ExperimentRunRow,
  ): Promise<void> {
    const lab = labFor(this.repo);
    const key = { experimentId, arm: run.arm, seed: run.seed };
    if (
      spec.budgetUsd !== undefined &&
      (await lab.experimentCost(experimentId)) >= spec.budgetUsd
    ) {
      await lab.updateExperimentRun(key, { status: "budget_exceeded" });
      return this.announce(experimentId);
    }
    let episodeId = run.episodeId;
    if (!episodeId) {
      const { episode } = await this.repo.createEpisode(armConfig(spec, run.arm, run.seed));
      await lab.setSource(episode.id, {
        kind: "experiment",
        experimentId,
        arm: run.arm,
        armLabel: spec.arms[run.arm]!.label,
        seed: run.seed,
      });
      episodeId = episode.id;
    }
    await lab.updateExperimentRun(key, { episodeId, status: "running" });
    await this.announce(experimentId);
    for (const room of await this.repo.listRooms([episodeId])) {
      const mode =
        room.status === "planned"
          ? "start"
          : room.status === "interrupted" || room.status === "running"
            ? "resume"
            : undefined;
      if (!mode) continue;
      await this.runs.start(room.id, mode);
      await this.runs.settled(room.id);
    }
    const rooms = await this.repo.listRooms([episodeId]);
    const outcomes = await this.repo.listOutcomes(rooms.map((r) => r.id));
    const overBudget = outcomes.some(
      (o) => o.outcome.kind === "no_deal" && o.outcome.reason.startsWith("budget_exceeded"),
    );
    await lab.updateExperimentRun(key, {
      status: overBudget
        ? "budget_exceeded"
        : rooms.some((r) => r.status === "failed")
          ? "failed"
          : "completed",
    });
    await this.announce(experimentId);
  }
}

const runners = new WeakMap<RunManager, ExperimentRunner>();

/** One runner per run manager (per process, per test database). */
export function experimentRunnerFor(services: {
  repo: Repository;
  runs: RunManager;
}): ExperimentRunner {
  let runner = runners.get(services.runs);
  if (!runner)
    runners.set(services.runs, (runner = new ExperimentRunner(services.repo, services.runs)));
  return runner;
}
