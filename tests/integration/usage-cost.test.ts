import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import * as pricesRoute from "@/app/api/prices/route";
import * as summaryRoute from "@/app/api/episodes/[id]/summary/route";
import { withUsage, type CallUsage } from "@/lib/ai/usage-model";
import { labFor } from "@/lib/db/lab-repository";
import { experimentRunnerFor } from "@/lib/experiments/runner";
import { experimentSpecSchema } from "@/lib/experiments/spec";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";

let services: Awaited<ReturnType<typeof apiServices>>;
beforeEach(async () => void (services = await apiServices()), 60_000);
afterEach(async () => {
  provideServices(undefined);
  await services.handle.close();
});

async function runFirstRoom(llm: Parameters<typeof configWith>[0] = {}) {
  const { episode, rooms } = await services.repo.createEpisode(
    configWith({ maxRounds: 6, ...llm }),
  );
  await services.runs.start(rooms[0]!.id, "start");
  await services.runs.settled(rooms[0]!.id);
  return { episode, roomId: rooms[0]!.id };
}

describe("tokens and cost", () => {
  it("records the AI SDK's usage of every call and prices it from the editable table", async () => {
    const put = await call(
      pricesRoute.PUT,
      {},
      {
        method: "PUT",
        body: {
          prices: [
            { provider: "simulated", model: "mams-sim-1", inputPerMTok: 1000, outputPerMTok: 2000 },
          ],
        },
      },
    );
    expect(put.status).toBe(200);
    expect(put.json.prices).toContainEqual({
      provider: "simulated",
      model: "mams-sim-1",
      inputPerMTok: 1000,
      outputPerMTok: 2000,
    });
    const bad = await call(
      pricesRoute.PUT,
      {},
      {
        method: "PUT",
        body: { prices: [{ provider: "nope", model: "", inputPerMTok: -1, outputPerMTok: 1 }] },
      },
    );
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toEqual([
      "prices.0.provider",
      "prices.0.model",
      "prices.0.inputPerMTok",
    ]);

    const { episode, roomId } = await runFirstRoom();
    const [usage] = await labFor(services.repo).usageByRoom([roomId]);
    const events = await services.repo.listEvents(roomId);
    const turns = events.filter(
      (e) =>
        e.type === "buyer_message" ||
        e.type === "seller_message" ||
        e.type === "offer_rejected" ||
        (e.type === "decision" && !e.forced),
    ).length;
    expect(usage!.calls).toBe(turns);
    expect(usage!.estimated).toBe(false);
    expect(usage!.inputTokens).toBeGreaterThan(usage!.calls * 50);
    expect(usage!.costUsd).toBeCloseTo(
      (usage!.inputTokens * 1000 + usage!.outputTokens * 2000) / 1e6,
      9,
    );

    const summary = (await call(summaryRoute.GET, { id: episode.id })).json;
    expect(summary.usage).toMatchObject({ calls: usage!.calls, inputTokens: usage!.inputTokens });
  }, 120_000);

  it("estimates and marks the tokens when a provider reports no usage", async () => {
    const seen: CallUsage[] = [];
    const silent = {
      specificationVersion: "v3",
      provider: "stub",
      modelId: "stub",
      supportedUrls: {},
      doGenerate: async () => ({
        content: [{ type: "text", text: "twelve chars" }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: {
          inputTokens: {
            total: undefined,
            noCache: undefined,
            cacheRead: undefined,
            cacheWrite: undefined,
          },
          outputTokens: { total: undefined, text: undefined, reasoning: undefined },
        },
        warnings: [],
      }),
      doStream: async () => {
        throw new Error("not used");
      },
    } as unknown as LanguageModelV3;
    const model = withUsage(silent, { onUsage: (u) => void seen.push(u) });
    const prompt = "Write one short message to the sellers.";
    // Who is speaking travels out of band, as the agents pass it (providerOptions.mams.turn).
    await model.doGenerate({
      prompt: [{ role: "user", content: [{ type: "text", text: prompt }] }],
      providerOptions: { mams: { turn: { task: "buyer_message", agent: "buyer", round: 3 } } },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual({
      agent: "buyer",
      task: "buyer_message",
      round: 3,
      estimated: true,
      inputTokens: Math.ceil(prompt.length / 4),
      outputTokens: 3,
    });
  });

  it("an episode budget ends the run cleanly as budget_exceeded, with fewer calls", async () => {
    await labFor(services.repo).setPrices([
      { provider: "simulated", model: "mams-sim-1", inputPerMTok: 1000, outputPerMTok: 1000 },
    ]);
    const { roomId } = await runFirstRoom({ budgetUsd: 0.5 });
    const room = await services.repo.requireRoom(roomId);
    const outcome = (await services.repo.listOutcomes([roomId]))[0]!.outcome;
    expect(room.status).toBe("completed");
    expect(outcome).toMatchObject({ kind: "no_deal", forced: false });
    expect(outcome.kind === "no_deal" && outcome.reason).toMatch(/^budget_exceeded/);
    const [usage] = await labFor(services.repo).usageByRoom([roomId]);
    expect(usage!.costUsd).toBeGreaterThanOrEqual(0.5);
    // Calls already in flight when the limit is crossed finish (at most one round's worth); none start after.
    const unlimited = await runFirstRoom();
    const [full] = await labFor(services.repo).usageByRoom([unlimited.roomId]);
    expect(usage!.calls).toBeLessThan(full!.calls);
  }, 120_000);

  it("an experiment budget stops its runs as budget_exceeded", async () => {
    await labFor(services.repo).setPrices([
      { provider: "simulated", model: "*", inputPerMTok: 40, outputPerMTok: 40 },
    ]);
    const spec = experimentSpecSchema.parse({
      name: "cheap",
      scenario: { kind: "generated", items: 1, sellers: 2, rangeWidth: 0.3, noOverlapShare: 0 },
      arms: [{ label: "a", provider: "simulated", model: "mams-sim-1", temperature: 0.7 }],
      seeds: [1, 2, 3, 4],
      maxRounds: 4,
      concurrency: 1,
      budgetUsd: 0.3,
    });
    const runner = experimentRunnerFor(services);
    const experiment = await runner.create(spec);
    await runner.settled(experiment.id);
    const runs = await labFor(services.repo).listExperimentRuns(experiment.id);
    expect(
      runs.filter((r) => r.status === "budget_exceeded").length,
      `${JSON.stringify(runs.map((r) => r.status))} ${await labFor(services.repo).experimentCost(experiment.id)}`,
    ).toBeGreaterThan(0);
    expect(runs[0]!.status, JSON.stringify(runs.map((r) => r.status))).toBe("completed");
    expect(runs.filter((r) => r.status === "completed").length).toBeGreaterThan(0);
  }, 180_000);
});
