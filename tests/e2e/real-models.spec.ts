import { expect, test } from "@playwright/test";
import type { EpisodeView } from "../../lib/server/read-models/views";
import { sampleEpisodeConfig } from "../../lib/domain/sample-data";
import type { EpisodeConfig, LlmSettings } from "../../lib/domain/schemas";
import type { Offer, Outcome, RoomEvent } from "../../lib/domain/stream-events";
import { waitForRoomStatus } from "./support/api-client";
import { APP_URL, BACKEND_PROJECT, STANDIN_API_KEY, STANDIN_PORT } from "./support/e2e-config";
import { startStandIn, type StandIn } from "../shared/openai-stand-in";
import {
  eventsOf,
  fetchEnvelopes,
  resetReceiver,
  type SentryEvent,
} from "./support/receiver-client";
import { ANSWER_STYLES, type AnswerStyle, type Intended } from "../shared/stand-in-brain";
import { ConfigurePage, RoomPage } from "./pages/mams-pages";

// A full episode per structured-output mode against a stand-in OpenAI-compatible provider that
// enforces what it claims (tests/shared/openai-stand-in.ts), through the production build.
const MESSY = ANSWER_STYLES.filter((s) => s !== "plain");
// Which style each seller writes in rounds 1-3 (TechHub's round 2 answer is unusable and repaired).
const MESSY_TABLE: Record<string, AnswerStyle[]> = {
  TechHub: ["fence", "fence", "prose"],
  GadgetWorld: ["think", "sentence", "price-string"],
};
let standIn: StandIn;

test.beforeAll(async () => {
  standIn = await startStandIn(
    {
      "standin-schema": { accepts: "schema", persona: { style: () => "plain" } },
      "standin-json": {
        accepts: "json",
        persona: { style: ({ task }) => (task === "seller" ? "price-string" : "plain") },
      },
      "standin-messy": {
        accepts: "prompt",
        persona: {
          style: ({ seller, round, task }) =>
            task === "decision"
              ? round === 2
                ? "fence"
                : "prose"
              : (MESSY_TABLE[seller ?? ""]?.[round - 1] ?? "prose"),
          needsRepair: ({ seller, round }) => seller === "TechHub" && round === 2,
          hopeless: (seller) => seller === "Mumbler",
        },
      },
    },
    STANDIN_PORT,
  );
});
test.afterAll(() => standIn?.close());
test.beforeEach(async () => {
  standIn.reset();
  await resetReceiver();
});

const mumbler: EpisodeConfig["sellers"][number] = {
  name: "Mumbler",
  priority: "maximize_profit",
  style: "neutral",
  inventory: [
    { itemName: "Laptop", costPrice: 600, leastPrice: 700, sellingPrice: 1000, stock: 5 },
  ],
};

async function runLaptopRoom(
  llm: Partial<LlmSettings>,
  extraSellers: EpisodeConfig["sellers"] = [],
) {
  const config = {
    ...sampleEpisodeConfig,
    sellers: [...sampleEpisodeConfig.sellers, ...extraSellers],
    llm: { ...sampleEpisodeConfig.llm, seed: undefined, maxRounds: 4, ...llm },
  };
  const created = await fetch(`${APP_URL}/api/episodes`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(config),
  });
  expect(created.status).toBe(201);
  const episode = (await created.json()).episode as EpisodeView;
  const roomId = episode.rooms[0]!.id;
  expect(
    (
      await fetch(`${APP_URL}/api/rooms/${roomId}/start`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      })
    ).status,
  ).toBe(202);
  await waitForRoomStatus(roomId, ["completed", "failed"], 60_000);
  const body = await (await fetch(`${APP_URL}/api/rooms/${roomId}`)).json();
  return {
    episode,
    roomId,
    room: body.room as { status: string; outcome?: Outcome },
    events: body.events as RoomEvent[],
  };
}

/** Every offer the room recorded is exactly one the model meant, and every offer it meant was recorded. */
function expectOffersAsMeant(events: RoomEvent[], intended: Intended[]) {
  const recorded = events
    .flatMap((e) => (e.type === "seller_message" && e.offer ? [e.offer] : []))
    .map((o: Offer) => `${o.seller}@${o.round}:${o.price}x${o.quantity}`);
  const meant = intended.flatMap((i) =>
    i.kind === "offer" ? [`${i.seller}@${i.round}:${i.price}x${i.quantity}`] : [],
  );
  expect(recorded.length).toBeGreaterThan(3);
  expect(recorded.sort()).toEqual(meant.sort());
}

/** The deal is the offer the model accepted, at the price that seller said in that round. */
function expectOutcomeAsMeant(outcome: Outcome | undefined, intended: Intended[]) {
  const accepted = intended.find(
    (i): i is Extract<Intended, { kind: "decision" }> =>
      i.kind === "decision" && i.action === "accept",
  );
  expect(accepted?.offerId).toBe("r3-GadgetWorld");
  const offer = intended.find(
    (i) => i.kind === "offer" && `r${i.round}-${i.seller}` === accepted!.offerId,
  ) as Extract<Intended, { kind: "offer" }>;
  expect(outcome).toMatchObject({
    kind: "deal",
    offerId: "r3-GadgetWorld",
    seller: "GadgetWorld",
    price: offer.price,
    quantity: 2,
    rounds: 3,
  });
  expect(offer.price).toBe(870);
}

test("schema mode (OpenAI-like): strict json_schema accepted, offers and deal as the model meant", async () => {
  const { room, events } = await runLaptopRoom({ provider: "openai", model: "standin-schema" });
  expect(room.status).toBe("completed");
  const structured = standIn.requests.filter((r) => r.responseFormat);
  expect(structured.length).toBeGreaterThan(3);
  expect(
    structured.every(
      (r) =>
        r.status === 200 &&
        r.responseFormat?.type === "json_schema" &&
        r.responseFormat.json_schema?.strict === true,
    ),
  ).toBe(true);
  expectOffersAsMeant(events, standIn.intended);
  expectOutcomeAsMeant(room.outcome, standIn.intended);
  expect(events.some((e) => e.type === "turn_passed")).toBe(false);
});

test('JSON mode (Ollama default): json_object, prices written as "$1,100.00" read exactly', async () => {
  const { room, events } = await runLaptopRoom({ provider: "ollama", model: "standin-json" });
  expect(room.status).toBe("completed");
  expect(
    standIn.requests
      .filter((r) => r.responseFormat)
      .every((r) => r.status === 200 && r.responseFormat?.type === "json_object"),
  ).toBe(true);
  expect(
    standIn.intended
      .filter((i) => i.kind === "offer")
      .every((i) => i.kind === "offer" && i.style === "price-string"),
  ).toBe(true);
  expectOffersAsMeant(events, standIn.intended);
  expectOutcomeAsMeant(room.outcome, standIn.intended);
});

test("prompt-only with messy answers: every style read, one repair as a breadcrumb, a hopeless seller passes with one event per failed turn", async ({
  page,
}) => {
  const { episode, roomId, room, events } = await runLaptopRoom(
    { provider: "openrouter", model: "standin-messy", outputMode: "prompt" },
    [mumbler],
  );
  expect(room.status).toBe("completed");
  expect(standIn.requests.every((r) => r.status === 200 && r.responseFormat === undefined)).toBe(
    true,
  );
  const styles = new Set(standIn.intended.flatMap((i) => (i.kind === "offer" ? [i.style] : [])));
  expect(MESSY.filter((s) => !styles.has(s))).toEqual([]);
  expectOffersAsMeant(events, standIn.intended);
  expectOutcomeAsMeant(room.outcome, standIn.intended);

  const passes = events.filter(
    (e): e is Extract<RoomEvent, { type: "turn_passed" }> => e.type === "turn_passed",
  );
  expect(passes.map((p) => [p.agent, p.round, p.cause])).toEqual([
    ["Mumbler", 1, "unparseable_price"],
    ["Mumbler", 2, "unparseable_price"],
    ["Mumbler", 3, "unparseable_price"],
  ]);

  const ofRoom = async () =>
    eventsOf(await fetchEnvelopes(BACKEND_PROJECT)).filter(
      (e) => e.tags?.negotiation_id === roomId,
    );
  await expect.poll(async () => (await ofRoom()).length, { timeout: 20_000 }).toBe(3);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const sentry: SentryEvent[] = await ofRoom();
  expect(sentry).toHaveLength(3);
  for (const event of sentry) {
    expect(event.level).toBe("warning");
    expect(event.fingerprint).toEqual([
      "llm",
      "LLM_BAD_RESPONSE",
      "openrouter",
      "unparseable_price",
    ]);
    expect(event.tags).toMatchObject({
      "error.code": "LLM_BAD_RESPONSE",
      "llm.failure_cause": "unparseable_price",
      session_id: episode.id,
    });
  }
  const repairs = sentry
    .flatMap((e) => e.breadcrumbs ?? [])
    .filter((b) => b.category === "llm.repair");
  expect(repairs.map((b) => b.message)).toEqual(
    expect.arrayContaining([
      "TechHub: unusable answer (unparseable_price), asking once more",
      "Mumbler: unusable answer (unparseable_price), asking once more",
    ]),
  );
  expect(JSON.stringify(sentry)).not.toContain(STANDIN_API_KEY);

  // The room screen shows the passes.
  await page.goto(`/episodes/${episode.id}/rooms/${roomId}`);
  const roomPage = new RoomPage(page);
  await expect(roomPage.passedTurns()).toHaveCount(3);
  await expect(roomPage.passedTurns().first()).toContainText("Mumbler passed");
});

test("Test connection in the LLM settings reports a working provider and a refused mode in plain words", async ({
  page,
}) => {
  const configure = new ConfigurePage(page);
  await configure.open();
  await configure.field("Provider").selectOption("openai");
  await configure.field("Model").fill("standin-schema");
  await configure.testConnection();
  await expect(configure.connectionReport()).toHaveAttribute("data-reachable", "true");
  await expect(configure.connectionReport()).toHaveAttribute("data-structured", "works");
  await expect(configure.connectionReport()).toContainText("answered in");

  await configure.field("Model").fill("standin-json");
  await configure.field("Structured output").selectOption("schema");
  await configure.testConnection();
  await expect(configure.connectionReport()).toHaveAttribute("data-structured", "failed");
  await expect(configure.connectionReport()).toContainText(
    "The provider refused the schema output mode (HTTP 400): This response_format type is unavailable now. Try JSON mode or prompt-only.",
  );
});
