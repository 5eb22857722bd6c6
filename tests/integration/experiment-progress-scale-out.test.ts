import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageModelFor } from "@/lib/ai/providers";
import { openDatabase, type DbHandle } from "@/lib/db/client";
import { clusterStore } from "@/lib/db/cluster-store";
import { labFor } from "@/lib/db/lab-repository";
import { PgListener } from "@/lib/db/pg-listener";
import { createRepository, type Repository } from "@/lib/db/repository";
import type { ExperimentProgressEvent } from "@/lib/domain/stream-events";
import { pgProgressBus } from "@/lib/experiments/pg-progress-bus";
import {
  inProcessProgressBus,
  setProgressBus,
  type ProgressBus,
} from "@/lib/experiments/progress-bus";
import { ExperimentRunner, storedProgress } from "@/lib/experiments/runner";
import { experimentSpecSchema } from "@/lib/experiments/spec";
import { RunManager } from "@/lib/runs/run-manager";
import { scaleDatabase } from "../shared/scale-cluster";
import { TEST_DATABASE_URL } from "./support/test-db";

// Two instances' progress buses (each with its own LISTEN connection) on one real PostgreSQL; instance A
// drives an experiment, a viewer on instance B follows it.
let handle: DbHandle;
let repo: Repository;
let databaseUrl: string;
const listeners: PgListener[] = [];

async function instanceBus(url: string): Promise<ProgressBus> {
  const listener = new PgListener(url);
  await listener.start();
  listeners.push(listener);
  return pgProgressBus(listener, {
    notify: clusterStore(handle.pool!, 4).notify,
    read: (experimentId) => storedProgress(repo, experimentId),
  });
}

describe.skipIf(!TEST_DATABASE_URL)("experiment progress on PostgreSQL: several instances", () => {
  beforeAll(async () => {
    databaseUrl = (await scaleDatabase("mams_progress_scale")).url;
    handle = await openDatabase({ databaseUrl });
    repo = createRepository(handle);
  }, 120_000);
  afterAll(async () => {
    setProgressBus(inProcessProgressBus());
    for (const listener of listeners) await listener.close();
    await handle?.close();
  });

  it("a viewer on another instance follows the driver's progress in order to completion; the driver's own viewer gets each event once", async () => {
    const busA = await instanceBus(databaseUrl);
    const busB = await instanceBus(databaseUrl);
    const published: ExperimentProgressEvent[] = [];
    // The runner publishes through the process-wide seam: here, instance A's bus.
    setProgressBus({
      ...busA,
      publish: (id, event) => {
        published.push(event);
        busA.publish(id, event);
      },
    });

    const spec = experimentSpecSchema.parse({
      name: "progress across instances",
      scenario: { kind: "generated", items: 2, sellers: 2, rangeWidth: 0.3, noOverlapShare: 0.3 },
      arms: [
        { label: "retention", provider: "simulated", model: "mams-sim-1", temperature: 0.7 },
        { label: "profit", provider: "simulated", model: "mams-sim-1", temperature: 0.2 },
      ],
      seeds: [1, 2],
      maxRounds: 4,
      concurrency: 2,
    });
    const experiment = await labFor(repo).createExperiment(
      spec.name,
      spec as never,
      [0, 1].flatMap((arm) => spec.seeds.map((seed) => ({ arm, seed }))),
    );
    const onA: ExperimentProgressEvent[] = [];
    const onB: ExperimentProgressEvent[] = [];
    const offA = busA.subscribe(experiment.id, (event) => onA.push(event));
    const offB = busB.subscribe(experiment.id, (event) => onB.push(event));

    const runner = new ExperimentRunner(
      repo,
      new RunManager(repo, { modelFor: (llm) => languageModelFor(llm), retry: { baseDelayMs: 5 } }),
    );
    await runner.drive(experiment.id);
    expect((await labFor(repo).getExperiment(experiment.id))?.status).toBe("completed");

    await expect
      .poll(() => onB.at(-1)?.status, { timeout: 10_000, interval: 20 })
      .toBe("completed");
    // Time for A's own notices to come back to it (and be ignored).
    await new Promise((r) => setTimeout(r, 300));
    offA();
    offB();

    expect(published.length).toBeGreaterThan(4);
    expect(published.at(-1)).toMatchObject({ status: "completed", total: 4, done: 4 });
    expect(onA).toEqual(published);

    expect(onB.at(-1)).toEqual(published.at(-1));
    expect(onB.slice(0, -1).every((event) => event.status === "running")).toBe(true);
    const done = onB.map((event) => event.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    // Read from storage, B's events are states the experiment went through: none repeated.
    const seen = onB.map((event) => JSON.stringify(event));
    expect(new Set(seen).size).toBe(seen.length);
  }, 120_000);
});
