import "server-only";
import type { ExperimentRunRow } from "@/lib/db/experiment-store";
import { labFor } from "@/lib/db/lab-repository";
import type { Repository } from "@/lib/db/repository";
import type { RunManager } from "@/lib/runs/run-manager";
import { fenced, type Driver } from "./driver-leases";
import { armConfig, type ExperimentSpec } from "./spec";

type RunKey = { experimentId: string; arm: number; seed: number };
type RunDeps = { repo: Repository; runs: RunManager; announce: () => Promise<void> };

const UNFINISHED_ROOM = new Set(["running", "interrupted"]);

/**
 * One arm × seed of an experiment: its episode (created once), its rooms run one after another, then the
 * run's status. Every write is fenced by the driver's lease; a driver stopped midway writes nothing more
 * and leaves the run to the next driver, which carries on from storage.
 */
export async function runExperimentRun(
  deps: RunDeps,
  driver: Driver,
  spec: ExperimentSpec,
  run: ExperimentRunRow,
): Promise<void> {
  const { repo, runs, announce } = deps;
  const lab = labFor(repo);
  const { signal } = driver.controller;
  const key = { experimentId: run.experimentId, arm: run.arm, seed: run.seed };
  if (
    spec.budgetUsd !== undefined &&
    (await lab.experimentCost(key.experimentId)) >= spec.budgetUsd
  ) {
    await fenced(driver, lab.updateExperimentRun(key, { status: "budget_exceeded" }, driver.lease));
    return announce();
  }
  const episodeId = run.episodeId ?? (await episodeFor(repo, key, spec, driver));
  await fenced(driver, lab.updateExperimentRun(key, { status: "running" }, driver.lease));
  await announce();
  for (const room of await repo.listRooms([episodeId])) {
    if (signal.aborted) return;
    const mode =
      room.status === "planned"
        ? "start"
        : room.status === "interrupted" || room.status === "running"
          ? "resume"
          : undefined;
    if (!mode) continue;
    await runs.start(room.id, mode);
    // With PostgreSQL the room may run on another instance: this waits for its stored end.
    await runs.settled(room.id, signal);
  }
  if (signal.aborted) return;
  const rooms = await repo.listRooms([episodeId]);
  if (rooms.some((r) => UNFINISHED_ROOM.has(r.status))) return;
  const outcomes = await repo.listOutcomes(rooms.map((r) => r.id));
  const overBudget = outcomes.some(
    (o) => o.outcome.kind === "no_deal" && o.outcome.reason.startsWith("budget_exceeded"),
  );
  const status = overBudget
    ? "budget_exceeded"
    : rooms.some((r) => r.status === "failed")
      ? "failed"
      : "completed";
  await fenced(driver, lab.updateExperimentRun(key, { status }, driver.lease));
  await announce();
}

/** The run's episode, created once even when two drivers raced: the loser's copy is deleted. */
async function episodeFor(
  repo: Repository,
  key: RunKey,
  spec: ExperimentSpec,
  driver: Driver,
): Promise<string> {
  const lab = labFor(repo);
  const { episode } = await repo.createEpisode(armConfig(spec, key.arm, key.seed));
  await lab.setSource(episode.id, {
    kind: "experiment",
    ...key,
    armLabel: spec.arms[key.arm]!.label,
  });
  const winner = await lab.claimRunEpisode(key, episode.id, driver.lease);
  if (winner !== episode.id) await repo.deleteEpisode(episode.id);
  await fenced(driver, Promise.resolve(winner));
  return winner!;
}
