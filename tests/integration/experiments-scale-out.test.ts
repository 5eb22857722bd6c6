import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageModelFor } from "@/lib/ai/providers";
import { openDatabase, type DbHandle } from "@/lib/db/client";
import { clusterStore } from "@/lib/db/cluster-store";
import { experimentLeaseStore } from "@/lib/db/experiment-lease-store";
import { labFor } from "@/lib/db/lab-repository";
import { PgListener } from "@/lib/db/pg-listener";
import { createRepository, type Repository } from "@/lib/db/repository";
import { experimentLeases, type ExperimentLeases } from "@/lib/experiments/driver-leases";
import { ExperimentRunner } from "@/lib/experiments/runner";
import { experimentSpecSchema } from "@/lib/experiments/spec";
import { pgRunQueue } from "@/lib/runs/pg-run-queue";
import { RunManager } from "@/lib/runs/run-manager";
import { scaleDatabase } from "../shared/scale-cluster";
import { TEST_DATABASE_URL } from "./support/test-db";

// Instances of the app in one process, each with its own run queue workers, LISTEN connection, run manager
// and experiment runner, on one real PostgreSQL (as scale-out.test.ts does for rooms).
const TAKEOVER_SECONDS = 6;

type Instance = {
  name: string;
  runs: RunManager;
  experiments: ExperimentRunner;
  /** SIGKILL as seen from the database: no heartbeat, no claims, no more writes, nothing released. */
  kill: () => Promise<void>;
  close: () => Promise<void>;
};

let handle: DbHandle;
let databaseUrl: string;
let repo: Repository;
const instances: Instance[] = [];

async function startInstance(name: string, coordinated = true): Promise<Instance> {
  const listener = new PgListener(databaseUrl);
  await listener.start();
  const queue = await pgRunQueue({
    connectionString: databaseUrl,
    store: clusterStore(handle.pool!, (TAKEOVER_SECONDS * 2) / 3),
    listener,
    instance: name,
    takeoverSeconds: TAKEOVER_SECONDS,
    workers: 4,
    maxQueued: 100,
  });
  const runs = new RunManager(repo, {
    // A little slower than the bare simulator, so a run is still going when its driver dies.
    modelFor: (llm) =>
      languageModelFor({ ...llm, faults: [{ kind: "delay", delayMs: 30, fromCall: 1 }] }),
    retry: { baseDelayMs: 5 },
    queue,
  });
  await queue.start(runs.host());
  let dead = false;
  const leases = experimentLeases(
    (seconds) => experimentLeaseStore(handle.pool!, seconds),
    name,
    TAKEOVER_SECONDS,
  );
  const held: ExperimentLeases = {
    ...leases,
    release: (id, lease) => (dead ? Promise.resolve() : leases.release(id, lease)),
  };
  const experiments = new ExperimentRunner(repo, runs, coordinated ? held : undefined);
  experiments.startSweeping();
  return {
    name,
    runs,
    experiments,
    kill: async () => {
      dead = true;
      await queue.stopClaiming();
      // Not awaited: a room it was running goes on in this process, as a frozen one's would when it wakes up.
      void experiments.stop();
    },
    close: async () => {
      await experiments.stop();
      await queue.stopClaiming();
      await queue.close();
      await listener.close();
    },
  };
}

async function newExperiment(seeds: number[]) {
  const spec = experimentSpecSchema.parse({
    name: "two instances",
    scenario: { kind: "generated", items: 2, sellers: 2, rangeWidth: 0.3, noOverlapShare: 0.3 },
    arms: [
      { label: "retention", provider: "simulated", model: "mams-sim-1", temperature: 0.7 },
      { label: "profit", provider: "simulated", model: "mams-sim-1", temperature: 0.2 },
    ],
    seeds,
    maxRounds: 4,
    concurrency: 2,
  });
  return labFor(repo).createExperiment(
    spec.name,
    spec as never,
    [0, 1].flatMap((arm) => seeds.map((seed) => ({ arm, seed }))),
  );
}

async function completed(experimentId: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while ((await labFor(repo).getExperiment(experimentId))?.status !== "completed") {
    if (Date.now() > deadline) throw new Error(`experiment ${experimentId} did not complete`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Every arm × seed has one episode of its own, every one of its rooms ended once, no stray episode. */
async function expectOneEpisodePerRun(experimentId: string, runCount: number) {
  const runs = await labFor(repo).listExperimentRuns(experimentId);
  expect(runs).toHaveLength(runCount);
  expect(runs.map((r) => r.status)).toEqual(runs.map(() => "completed"));
  const episodeIds = runs.map((r) => r.episodeId);
  expect(new Set(episodeIds).size).toBe(runCount);
  const { rows } = await handle.pool!.query<{ episode_id: string }>(
    `SELECT episode_id FROM episode_sources WHERE source->>'experimentId' = $1`,
    [experimentId],
  );
  expect(rows.map((r) => r.episode_id).sort()).toEqual([...episodeIds].sort());
  for (const room of await repo.listRooms(episodeIds as string[])) {
    if (room.status === "no_sellers") continue;
    expect(room.status).toBe("completed");
    const events = await repo.listEvents(room.id);
    expect(events.filter((e) => e.type === "room_completed")).toHaveLength(1);
    expect(events.filter((e) => e.type === "room_started")).toHaveLength(1);
  }
}

describe.skipIf(!TEST_DATABASE_URL)("experiments on PostgreSQL: several instances", () => {
  beforeAll(async () => {
    databaseUrl = (await scaleDatabase("mams_experiments_scale")).url;
    handle = await openDatabase({ databaseUrl });
    repo = createRepository(handle);
    instances.push(await startInstance("alpha"), await startInstance("beta"));
  }, 120_000);
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await handle?.close();
  });

  it("both instances resume the same running experiment: one drives it, each arm × seed gets one episode, it completes once", async () => {
    const experiment = await newExperiment([1, 2, 3]);
    const driving = await Promise.all(instances.map((i) => i.experiments.resumeAll()));
    expect(driving.sort()).toEqual([0, 1]);
    await completed(experiment.id);
    await Promise.all(instances.map((i) => i.experiments.settled(experiment.id)));
    await expectOneEpisodePerRun(experiment.id, 6);
    // The driver let go when it finished; a later sweep finds nothing to drive.
    const [row] = (
      await handle.pool!.query(`SELECT lease_owner FROM experiments WHERE id = $1`, [experiment.id])
    ).rows;
    expect(row.lease_owner).toBeNull();
    expect(await instances[0]!.experiments.resumeAll()).toBe(0);
  }, 120_000);

  it("two uncoordinated drivers racing on the same runs still create one episode per arm × seed", async () => {
    for (const instance of instances) await instance.kill();
    const gamma = await startInstance("gamma", false);
    const delta = await startInstance("delta", false);
    instances.push(gamma, delta);
    const experiment = await newExperiment([7, 8]);
    // No leases at all: both drive every run; the conditional claim keeps one episode each.
    expect(await Promise.all([gamma, delta].map((i) => i.experiments.resumeAll()))).toEqual([1, 1]);
    await Promise.all([gamma, delta].map((i) => i.experiments.settled(experiment.id)));
    await completed(experiment.id);
    await expectOneEpisodePerRun(experiment.id, 4);
    await gamma.close();
    await delta.close();
    instances.splice(instances.indexOf(gamma), 2);
  }, 120_000);

  it("a driver that dies mid-experiment is taken over by another instance within the bound, which carries on without duplicates", async () => {
    const ghost = await startInstance("ghost");
    instances.push(ghost);
    const experiment = await newExperiment([11, 12, 13]);
    expect(await ghost.experiments.resumeAll()).toBe(1);
    // Dies with some runs done and some not.
    await expect
      .poll(
        async () =>
          (await labFor(repo).listExperimentRuns(experiment.id)).filter(
            (r) => r.status === "completed",
          ).length,
        { timeout: 60_000, interval: 50 },
      )
      .toBeGreaterThan(0);
    await ghost.kill();
    const killedAt = Date.now();
    const before = await labFor(repo).listExperimentRuns(experiment.id);
    expect(before.some((r) => r.status !== "completed")).toBe(true);
    const heir = await startInstance("heir");
    instances.push(heir);
    const owner = async () =>
      (
        await handle.pool!.query(`SELECT lease_owner FROM experiments WHERE id = $1`, [
          experiment.id,
        ])
      ).rows[0].lease_owner as string | null;
    await expect.poll(owner, { timeout: 20_000, interval: 100 }).toMatch(/^heir\//);
    const tookOver = Date.now() - killedAt;
    console.log(
      `[experiments-scale-out] heir drove the experiment ${tookOver} ms after its driver died (bound ${TAKEOVER_SECONDS} s)`,
    );
    expect(tookOver).toBeLessThanOrEqual(TAKEOVER_SECONDS * 1000);
    await completed(experiment.id);
    await expectOneEpisodePerRun(experiment.id, 6);
    // What the dead driver had already set up was carried on, not created again.
    for (const run of before.filter((r) => r.episodeId)) {
      const after = (await labFor(repo).listExperimentRuns(experiment.id)).find(
        (r) => r.arm === run.arm && r.seed === run.seed,
      );
      expect(after?.episodeId).toBe(run.episodeId);
    }
  }, 180_000);
});
