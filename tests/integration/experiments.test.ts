import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as experimentsRoute from "@/app/api/experiments/route";
import * as experimentRoute from "@/app/api/experiments/[id]/route";
import * as exportRoute from "@/app/api/experiments/[id]/export/route";
import * as streamRoute from "@/app/api/experiments/[id]/stream/route";
import { labFor } from "@/lib/db/lab-repository";
import { createRepository } from "@/lib/db/repository";
import { languageModelFor } from "@/lib/ai/providers";
import { ExperimentRunner, experimentRunnerFor } from "@/lib/experiments/runner";
import { armConfig, experimentSpecSchema, generateMarket } from "@/lib/experiments/spec";
import { RunManager } from "@/lib/runs/run-manager";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call, readSse } from "./support/api-harness";

let services: Awaited<ReturnType<typeof apiServices>>;
beforeEach(async () => void (services = await apiServices()), 60_000);
afterEach(async () => {
  provideServices(undefined);
  await services.handle.close();
});

const spec = (overrides: Record<string, unknown> = {}) => ({
  name: "retention vs profit",
  scenario: { kind: "generated", items: 2, sellers: 2, rangeWidth: 0.3, noOverlapShare: 0.3 },
  arms: [
    {
      label: "retention",
      provider: "simulated",
      model: "mams-sim-1",
      temperature: 0.7,
      sellerPriority: "customer_retention",
    },
    {
      label: "profit",
      provider: "simulated",
      model: "mams-sim-1",
      temperature: 0.7,
      sellerPriority: "maximize_profit",
    },
  ],
  seeds: [1, 2, 3],
  maxRounds: 4,
  concurrency: 2,
  ...overrides,
});

describe("experiment scenarios", () => {
  it("the same seed gives the same market in every arm; the arm changes only its own settings", () => {
    const parsed = experimentSpecSchema.parse(spec());
    const a = armConfig(parsed, 0, 2);
    const b = armConfig(parsed, 1, 2);
    expect(a.buyer).toEqual(b.buyer);
    expect(a.sellers.map((s) => s.inventory)).toEqual(b.sellers.map((s) => s.inventory));
    expect(a.sellers.every((s) => s.priority === "customer_retention")).toBe(true);
    expect(b.sellers.every((s) => s.priority === "maximize_profit")).toBe(true);
    expect(a.llm.seed).toBe(2);
    expect(armConfig(parsed, 0, 3).buyer).not.toEqual(a.buyer);
  });

  it("no-overlap control markets put the buyer's maximum below every floor", () => {
    const market = generateMarket(
      { kind: "generated", items: 6, sellers: 3, rangeWidth: 0.2, noOverlapShare: 1 },
      9,
    );
    market.buyer.items.forEach((item, i) =>
      expect(item.maxPrice).toBeLessThan(
        Math.min(...market.sellers.map((s) => s.inventory[i]!.leastPrice)),
      ),
    );
    const open = generateMarket(
      { kind: "generated", items: 6, sellers: 3, rangeWidth: 0.2, noOverlapShare: 0 },
      9,
    );
    open.buyer.items.forEach((item, i) =>
      expect(item.maxPrice).toBeCloseTo(
        Math.min(...open.sellers.map((s) => s.inventory[i]!.leastPrice)) * 1.2,
        1,
      ),
    );
  });
});

describe("experiments API", () => {
  it("refuses a bad spec naming the fields, and stores nothing", async () => {
    const bad = await call(
      experimentsRoute.POST,
      {},
      { body: spec({ seeds: [1, 1], arms: [spec().arms[0], spec().arms[0]], concurrency: 99 }) },
    );
    expect(bad.status).toBe(400);
    const paths = bad.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["concurrency", "seeds", "arms.1.label"]));
    expect((await call(experimentsRoute.GET, {})).json.experiments).toEqual([]);
  });

  it("runs arms × seeds through the run manager to results with intervals, streams progress and exports one row per room", async () => {
    const created = await call(experimentsRoute.POST, {}, { body: spec() });
    expect(created.status).toBe(201);
    const id = created.json.experiment.id as string;
    const stream = await streamRoute.GET(
      new Request(`http://localhost/api/experiments/${id}/stream`),
      { params: Promise.resolve({ id }) },
    );
    const messages = readSse(stream);
    await experimentRunnerFor(services).settled(id);

    const progress = (await messages)
      .filter((m) => m.event === "experiment_progress")
      .map((m) => JSON.parse(m.data));
    expect(progress.at(-1)).toMatchObject({ status: "completed", total: 6, done: 6 });
    expect(progress.length).toBeGreaterThan(1);

    const { experiment } = (await call(experimentRoute.GET, { id })).json;
    expect(experiment.status).toBe("completed");
    expect(experiment.runs).toHaveLength(6);
    expect(new Set(experiment.runs.map((r: { episodeId: string }) => r.episodeId)).size).toBe(6);
    for (const arm of experiment.results.arms) {
      expect(arm.rooms).toBe(6);
      const { dealRate, rounds } = arm.metrics;
      expect(dealRate.low).toBeLessThanOrEqual(dealRate.estimate);
      expect(dealRate.high).toBeGreaterThanOrEqual(dealRate.estimate);
      expect(rounds.estimate).toBeGreaterThan(0);
      expect(arm.metrics.ruleViolations.estimate).toBe(0);
    }
    expect(experiment.results.differences[0]).toMatchObject({
      a: 1,
      b: 0,
      label: "profit − retention",
    });
    expect(experiment.results.differences[0].metrics.rounds.n).toBe(3);

    const csv = await exportRoute.GET(
      new Request(`http://localhost/api/experiments/${id}/export?format=csv`),
      { params: Promise.resolve({ id }) },
    );
    const [header, ...rows] = (await csv.text()).trim().split("\r\n");
    const item = header!.split(",").indexOf("item");
    const arm = header!.split(",").indexOf("arm_label");
    expect(rows).toHaveLength(12);
    expect(rows.filter((r) => r.split(",")[item] === "Laptop")).toHaveLength(6);
    expect(rows.filter((r) => r.split(",")[arm] === "profit")).toHaveLength(6);
  }, 180_000);

  it("after a restart an unfinished experiment carries on, reusing the episode it had already created", async () => {
    const parsed = experimentSpecSchema.parse(spec({ seeds: [5, 6] }));
    const lab = labFor(services.repo);
    const experiment = await lab.createExperiment(
      parsed.name,
      parsed as never,
      [0, 1].flatMap((arm) => parsed.seeds.map((seed) => ({ arm, seed }))),
    );
    // The dead process had created one run's episode and marked it running.
    const { episode } = await services.repo.createEpisode(armConfig(parsed, 0, 5));
    await lab.updateExperimentRun(
      { experimentId: experiment.id, arm: 0, seed: 5 },
      { episodeId: episode.id, status: "running" },
    );

    const repo = createRepository(services.handle);
    const runner = new ExperimentRunner(
      repo,
      new RunManager(repo, { modelFor: (llm) => languageModelFor(llm) }),
    );
    expect(await runner.resumeAll()).toBe(1);
    await runner.settled(experiment.id);
    const runs = await lab.listExperimentRuns(experiment.id);
    expect(runs.map((r) => r.status)).toEqual(["completed", "completed", "completed", "completed"]);
    expect(runs.find((r) => r.arm === 0 && r.seed === 5)!.episodeId).toBe(episode.id);
    expect((await lab.getExperiment(experiment.id))!.status).toBe("completed");
  }, 180_000);
});
