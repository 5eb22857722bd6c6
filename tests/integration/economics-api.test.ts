import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import * as episodesRoute from "@/app/api/episodes/route";
import * as summaryRoute from "@/app/api/episodes/[id]/summary/route";
import * as roomRoute from "@/app/api/rooms/[roomId]/route";
import * as startRoute from "@/app/api/rooms/[roomId]/start/route";
import { languageModelFor } from "@/lib/ai/providers";
import type { EpisodeView } from "@/lib/server/read-models/views";
import { createRepository } from "@/lib/db/repository";
import { roomEconomics } from "@/lib/engine/economics";
import { planRooms } from "@/lib/engine/matching";
import { RunManager } from "@/lib/runs/run-manager";
import { provideServices } from "@/lib/server/composition";
import type { DbHandle } from "@/lib/db/client";
import { call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";
import { pgliteTestDatabase } from "./support/test-db";

let handle: DbHandle;
let runs: RunManager;
const prompts: string[] = [];

beforeEach(async () => {
  handle = await pgliteTestDatabase();
  const repo = createRepository(handle);
  // Every prompt any agent receives is recorded, to prove the economics never reach them.
  runs = new RunManager(repo, {
    modelFor: (llm) => {
      const model = languageModelFor(llm);
      return new Proxy(model, {
        get: (target, key) =>
          key === "doGenerate"
            ? (options: Parameters<LanguageModelV3["doGenerate"]>[0]) => (
                prompts.push(JSON.stringify(options.prompt)), target.doGenerate(options)
              )
            : Reflect.get(target, key),
      });
    },
    retry: { baseDelayMs: 5 },
  });
  provideServices({ repo, runs });
});
afterEach(async () => {
  provideServices(undefined);
  await handle.close();
  prompts.length = 0;
});

describe("economics in the API", () => {
  it("is absent while a room is open, then the room and the summary reveal it; no agent prompt carries it", async () => {
    const config = configWith();
    const episode = (await call(episodesRoute.POST, {}, { body: config })).json
      .episode as EpisodeView;
    const roomId = episode.rooms[0]!.id;
    expect((await call(roomRoute.GET, { roomId })).json.room.economics).toBeUndefined();

    expect((await call(startRoute.POST, { roomId }, { body: {} })).status).toBe(202);
    await runs.settled(roomId);
    const { room, events } = (await call(roomRoute.GET, { roomId })).json;
    expect(room.economics).toEqual(roomEconomics(planRooms(config)[0]!, events));
    expect(room.economics.range).toEqual({ low: 780, high: 950, bestSeller: "GadgetWorld" });
    expect(room.economics.violations).toEqual([]);

    const summary = (await call(summaryRoute.GET, { id: episode.id })).json;
    expect(summary.economics).toHaveLength(1);
    expect(summary.economics[0]).toMatchObject({ roomId, item: "Laptop", availableSurplus: 340 });

    expect(prompts.length).toBeGreaterThan(3);
    for (const prompt of prompts)
      expect(prompt).not.toMatch(/surplus|bargaining range|left on the table|buyerShare/i);
  });
});
