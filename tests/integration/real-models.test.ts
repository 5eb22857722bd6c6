import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as roomRoute from "@/app/api/rooms/[roomId]/route";
import * as startRoute from "@/app/api/rooms/[roomId]/start/route";
import type { EpisodeView } from "@/lib/server/read-models/views";
import { sampleEpisodeConfig } from "@/lib/domain/sample-data";
import type { EpisodeConfig, LlmSettings } from "@/lib/domain/schemas";
import type { Outcome, RoomEvent } from "@/lib/domain/stream-events";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { startStandIn, type StandIn } from "../shared/openai-stand-in";
import type { AnswerStyle } from "../shared/stand-in-brain";

// The stand-in listens on 127.0.0.1: allowed the way the e2e suite allows it (before the env module loads).
vi.hoisted(() => {
  process.env.LLM_ALLOW_CUSTOM_BASE_URL = "true";
  process.env.LLM_ALLOW_PRIVATE_ADDRESSES = "true";
});

// The same episodes as tests/e2e/real-models.spec.ts, in process: fast feedback on every mode.
const TABLE: Record<string, AnswerStyle[]> = {
  TechHub: ["fence", "fence", "prose"],
  GadgetWorld: ["think", "sentence", "price-string"],
};
let standIn: StandIn;
let services: Awaited<ReturnType<typeof apiServices>>;

beforeAll(async () => {
  standIn = await startStandIn({
    schema: { accepts: "schema", persona: { style: () => "plain" } },
    json: {
      accepts: "json",
      persona: { style: ({ task }) => (task === "seller" ? "price-string" : "plain") },
    },
    messy: {
      accepts: "prompt",
      persona: {
        style: ({ seller, round, task }) =>
          task === "decision"
            ? round === 2
              ? "fence"
              : "prose"
            : (TABLE[seller ?? ""]?.[round - 1] ?? "prose"),
        needsRepair: ({ seller, round }) => seller === "TechHub" && round === 2,
        hopeless: (seller) => seller === "Mumbler",
      },
    },
  });
});
afterAll(() => standIn.close());
beforeEach(async () => {
  standIn.reset();
  services = await apiServices();
}, 60_000);
afterEach(async () => {
  provideServices(undefined);
  await services.handle.close();
});

const mumbler: EpisodeConfig["sellers"][number] = {
  name: "Mumbler",
  priority: "maximize_profit",
  style: "neutral",
  inventory: [
    { itemName: "Laptop", costPrice: 600, leastPrice: 700, sellingPrice: 1000, stock: 5 },
  ],
};

async function laptopRoom(llm: Partial<LlmSettings>, sellers = sampleEpisodeConfig.sellers) {
  const config = {
    ...sampleEpisodeConfig,
    sellers,
    llm: {
      ...sampleEpisodeConfig.llm,
      seed: undefined,
      maxRounds: 4,
      baseUrl: standIn.url,
      apiKey: "sk-x",
      ...llm,
    },
  };
  const { json } = await call(episodesRoute.POST, {}, { body: config });
  const roomId = (json.episode as EpisodeView).rooms[0]!.id;
  await call(startRoute.POST, { roomId }, { body: {} });
  await services.runs.settled(roomId);
  const body = (await call(roomRoute.GET, { roomId })).json;
  return {
    status: body.room.status as string,
    outcome: body.room.outcome as Outcome | undefined,
    events: body.events as RoomEvent[],
  };
}

const offers = (events: RoomEvent[]) =>
  events
    .flatMap((e) =>
      e.type === "seller_message" && e.offer ? [`${e.seller}@${e.round}:${e.offer.price}`] : [],
    )
    .sort();
const meant = () =>
  standIn.intended
    .flatMap((i) => (i.kind === "offer" ? [`${i.seller}@${i.round}:${i.price}`] : []))
    .sort();

describe("7. a full episode per output mode against the stand-in provider", {
  timeout: 60_000,
}, () => {
  it.each([
    ["schema", { provider: "openai", model: "schema" }, "json_schema"],
    ["json", { provider: "ollama", model: "json" }, "json_object"],
  ] as const)(
    "%s mode completes with the offers and the deal the model meant",
    async (_mode, llm, format) => {
      const room = await laptopRoom(llm);
      expect(room.status).toBe("completed");
      expect(
        standIn.requests
          .filter((r) => r.responseFormat)
          .every((r) => r.status === 200 && r.responseFormat?.type === format),
      ).toBe(true);
      expect(offers(room.events)).toEqual(meant());
      expect(room.outcome).toMatchObject({
        kind: "deal",
        offerId: "r3-GadgetWorld",
        price: 870,
        quantity: 2,
      });
    },
  );

  it("prompt-only with messy answers, a repair and a hopeless seller completes as meant", async () => {
    const room = await laptopRoom(
      { provider: "openrouter", model: "messy", outputMode: "prompt" },
      [...sampleEpisodeConfig.sellers, mumbler],
    );
    expect(room.status).toBe("completed");
    expect(offers(room.events)).toEqual(meant());
    expect(room.outcome).toMatchObject({
      kind: "deal",
      offerId: "r3-GadgetWorld",
      price: 870,
      quantity: 2,
    });
    expect(
      room.events
        .filter((e) => e.type === "turn_passed")
        .map((e) => e.type === "turn_passed" && `${e.agent}@${e.round}:${e.cause}`),
    ).toEqual([
      "Mumbler@1:unparseable_price",
      "Mumbler@2:unparseable_price",
      "Mumbler@3:unparseable_price",
    ]);
    expect(standIn.requests.filter((r) => r.messages.length > 2).length).toBe(4); // TechHub's repair and Mumbler's three
  });
});
