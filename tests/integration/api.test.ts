import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as episodeRoute from "@/app/api/episodes/[id]/route";
import * as summaryRoute from "@/app/api/episodes/[id]/summary/route";
import * as roomRoute from "@/app/api/rooms/[roomId]/route";
import * as startRoute from "@/app/api/rooms/[roomId]/start/route";
import * as stopRoute from "@/app/api/rooms/[roomId]/stop/route";
import * as messagesRoute from "@/app/api/rooms/[roomId]/messages/route";
import * as decisionRoute from "@/app/api/rooms/[roomId]/decision/route";
import type { EpisodeView } from "@/lib/server/read-models/views";
import type { RoomEvent } from "@/lib/domain/stream-events";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";

let services: Awaited<ReturnType<typeof apiServices>>;
beforeEach(async () => (services = await apiServices()));
afterEach(async () => {
  provideServices(undefined);
  await services.handle.close();
});

const create = async (llm = {}) => {
  const { status, json } = await call(episodesRoute.POST, {}, { body: configWith(llm) });
  expect(status).toBe(201);
  return json.episode as EpisodeView;
};
const events = async (roomId: string) =>
  (await call(roomRoute.GET, { roomId })).json.events as RoomEvent[];
const start = (roomId: string, mode?: string) =>
  call(startRoute.POST, { roomId }, { body: mode ? { mode } : {} });

describe("episodes API", () => {
  it("creates, lists (newest first), reads and deletes an episode", async () => {
    const first = await create();
    const second = await create();
    expect(first.rooms.map((r) => r.status)).toEqual(["planned", "planned", "no_sellers"]);
    const list = (await call(episodesRoute.GET, {})).json.episodes as EpisodeView[];
    expect(list.map((e) => e.id)).toEqual([second.id, first.id]);
    expect((await call(episodeRoute.GET, { id: first.id })).json.episode.counts).toMatchObject({
      planned: 2,
      noSellers: 1,
      total: 3,
    });
    expect((await call(episodeRoute.DELETE, { id: first.id }, { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await call(episodeRoute.GET, { id: first.id })).json.error.code).toBe(
      "EPISODE_NOT_FOUND",
    );
  });

  it.each([
    ["malformed JSON", { raw: "{nope" }, ""],
    ["a wrong type", { body: { ...configWith(), buyer: { name: 42, items: [] } } }, "buyer.name"],
    [
      "min price not below max",
      {
        body: {
          ...configWith(),
          buyer: { name: "A", items: [{ name: "x", quantity: 1, minPrice: 5, maxPrice: 5 }] },
        },
      },
      "buyer.items.0.maxPrice",
    ],
    [
      "duplicate seller names",
      {
        body: {
          ...configWith(),
          sellers: [configWith().sellers[0], { ...configWith().sellers[1], name: "techhub" }],
        },
      },
      "sellers.1.name",
    ],
    [
      "11 sellers",
      {
        body: {
          ...configWith(),
          sellers: Array.from({ length: 11 }, (_, i) => ({
            ...configWith().sellers[0],
            name: `S${i}`,
          })),
        },
      },
      "sellers",
    ],
    ["max rounds 21", { body: configWith({ maxRounds: 21 }) }, "llm.maxRounds"],
    [
      "floor below cost",
      {
        body: {
          ...configWith(),
          sellers: [
            {
              ...configWith().sellers[0],
              inventory: [
                { itemName: "Laptop", costPrice: 10, leastPrice: 5, sellingPrice: 20, stock: 1 },
              ],
            },
          ],
        },
      },
      "sellers.0.inventory.0.leastPrice",
    ],
  ])("refuses %s with 400, the field named, and stores nothing", async (_label, init, path) => {
    const { status, json } = await call(episodesRoute.POST, {}, init);
    expect(status).toBe(400);
    expect(json.error.code).toBe("VALIDATION_ERROR");
    expect(json.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await call(episodesRoute.GET, {})).json.episodes).toEqual([]);
  });

  it("refuses an oversize body with 413", async () => {
    const { status, json } = await call(
      episodesRoute.POST,
      {},
      { raw: JSON.stringify({ pad: "x".repeat(300_000) }) },
    );
    expect(status).toBe(413);
    expect(json.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers unknown ids with 404 in the one error shape", async () => {
    for (const [handler, params] of [
      [roomRoute.GET, { roomId: "nope" }],
      [startRoute.POST, { roomId: "nope" }],
      [summaryRoute.GET, { id: "nope" }],
    ] as const) {
      const { status, json } = await call(
        handler as never,
        params,
        handler === startRoute.POST ? { body: {} } : {},
      );
      expect(status).toBe(404);
      expect(Object.keys(json.error).sort()).toEqual(["code", "message"]);
    }
  });

  it("never returns a provider API key", async () => {
    const episode = await create({
      provider: "openai",
      model: "gpt-x",
      apiKey: "sk-secretsecretsecret123",
    });
    const text = JSON.stringify((await call(episodeRoute.GET, { id: episode.id })).json);
    expect(text).not.toContain("sk-secretsecretsecret123");
    expect(text).toContain('"hasApiKey":true');
  });
});

describe("rooms API", () => {
  it("runs a room to an outcome; start is idempotent; a finished room refuses a plain start", async () => {
    const episode = await create();
    const roomId = episode.rooms[0]!.id;
    expect((await start(roomId)).status).toBe(202);
    expect((await start(roomId)).json).toMatchObject({ alreadyRunning: true });
    await services.runs.settled(roomId);
    const { json } = await call(roomRoute.GET, { roomId });
    expect(json.room.status).toBe("completed");
    expect(json.room.outcome.kind).toBe("deal");
    expect(json.events.at(-1).type).toBe("room_completed");
    expect((await start(roomId)).status).toBe(409);
    expect((await start(roomId, "restart")).status).toBe(202);
    await services.runs.settled(roomId);
    expect((await events(roomId)).filter((e) => e.type === "room_started")).toHaveLength(1);
  });

  it("refuses to start a room no seller can serve", async () => {
    const episode = await create();
    expect((await start(episode.rooms[2]!.id)).status).toBe(409);
  });

  it("stops a running room with a forced no-deal", async () => {
    const episode = await create({ faults: [{ kind: "delay", delayMs: 200, fromCall: 1 }] });
    const roomId = episode.rooms[0]!.id;
    await start(roomId);
    await new Promise((r) => setTimeout(r, 250));
    expect((await call(stopRoute.POST, { roomId }, { body: {} })).status).toBe(200);
    const { json } = await call(roomRoute.GET, { roomId });
    expect(json.room.outcome).toMatchObject({
      kind: "no_deal",
      forced: true,
      reason: "Stopped by the user.",
    });
  });

  it("takes a person's message into a running room and lets the agents carry on", async () => {
    const episode = await create({ faults: [{ kind: "delay", delayMs: 150, fromCall: 1 }] });
    const roomId = episode.rooms[0]!.id;
    await start(roomId);
    await new Promise((r) => setTimeout(r, 200));
    expect(
      (await call(messagesRoute.POST, { roomId }, { body: { text: "Please hurry up" } })).status,
    ).toBe(201);
    expect(
      (await call(messagesRoute.POST, { roomId }, { body: { text: "   " } })).json.error.details[0]
        .path,
    ).toBe("text");
    await services.runs.settled(roomId);
    const log = await events(roomId);
    const note = log.findIndex((e) => e.type === "user_message");
    expect(note).toBeGreaterThan(0);
    expect(log.slice(note + 1).some((e) => e.type === "buyer_message")).toBe(true);
  });

  it("forces acceptance of a current offer, and refuses an unknown one", async () => {
    const episode = await create({
      faults: [{ kind: "delay", delayMs: 100, fromCall: 4 }],
      maxRounds: 10,
    });
    const roomId = episode.rooms[0]!.id;
    await start(roomId);
    let offerId: string | undefined;
    for (let i = 0; i < 50 && !offerId; i++) {
      await new Promise((r) => setTimeout(r, 50));
      offerId = (await events(roomId))
        .flatMap((e) => (e.type === "seller_message" && e.offer ? [e.offer.id] : []))
        .at(-1);
    }
    expect(
      (
        await call(
          decisionRoute.POST,
          { roomId },
          { body: { action: "accept", offerId: "r99-Nobody" } },
        )
      ).status,
    ).toBe(400);
    expect(
      (await call(decisionRoute.POST, { roomId }, { body: { action: "accept", offerId } })).status,
    ).toBe(200);
    const { json } = await call(roomRoute.GET, { roomId });
    expect(json.room.outcome).toMatchObject({ kind: "deal", offerId, forced: true });
    expect(json.events.filter((e: RoomEvent) => e.type === "room_completed")).toHaveLength(1);
  });

  it("a provider timeout fails the room with LLM_TIMEOUT, keeps what was said, and can be resumed", async () => {
    const episode = await create({
      faults: [{ kind: "timeout", agent: "TechHub", fromCall: 2, count: 2 }],
      timeoutMs: 100,
      maxRetries: 1,
    });
    const roomId = episode.rooms[0]!.id;
    await start(roomId);
    await services.runs.settled(roomId);
    const failed = (await call(roomRoute.GET, { roomId })).json;
    expect(failed.room).toMatchObject({ status: "failed", error: { code: "LLM_TIMEOUT" } });
    expect(failed.events.at(-1)).toMatchObject({
      type: "room_failed",
      error: { code: "LLM_TIMEOUT" },
    });
    expect(failed.events.some((e: RoomEvent) => e.type === "seller_message" && e.round === 1)).toBe(
      true,
    );
    expect((await start(roomId, "resume")).status).toBe(202);
    await services.runs.settled(roomId);
    expect((await call(roomRoute.GET, { roomId })).json.room.status).toBe("completed");
  });

  it("summarises: totals equal the sum of the deals, failures carry reasons", async () => {
    const episode = await create();
    for (const room of episode.rooms.slice(0, 2)) {
      await start(room.id);
      await services.runs.settled(room.id);
    }
    const summary = (await call(summaryRoute.GET, { id: episode.id })).json;
    const sum = summary.purchases.reduce(
      (total: number, p: { total: number }) => total + p.total,
      0,
    );
    expect(summary.totals.spent).toBeCloseTo(sum, 2);
    expect(summary.purchases.length).toBeGreaterThan(0);
    expect(summary.failed).toContainEqual(
      expect.objectContaining({ item: "Webcam", reason: "No seller stocks this item" }),
    );
    for (const p of summary.purchases)
      expect(p.savings).toBeCloseTo((p.listPrice - p.price) * p.quantity, 2);
  });
});

describe("episode list", () => {
  it("returns the newest first and at most `limit` (default 50, at most 200)", async () => {
    for (let i = 0; i < 3; i++) await create();
    const { json } = await call(
      episodesRoute.GET,
      {},
      { url: "http://localhost/api/episodes?limit=2" },
    );
    expect(json.episodes).toHaveLength(2);
    const bad = await call(
      episodesRoute.GET,
      {},
      { url: "http://localhost/api/episodes?limit=500" },
    );
    expect(bad.status).toBe(400);
    expect(bad.json.error.details[0].path).toBe("limit");
  });
});
