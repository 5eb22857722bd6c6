import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as episodeRoute from "@/app/api/episodes/[id]/route";
import * as messagesRoute from "@/app/api/rooms/[roomId]/messages/route";
import * as roomRoute from "@/app/api/rooms/[roomId]/route";
import * as startRoute from "@/app/api/rooms/[roomId]/start/route";
import * as streamRoute from "@/app/api/rooms/[roomId]/stream/route";
import { languageModelFor } from "@/lib/ai/providers";
import { readBoundedBody } from "@/lib/server/http/body";
import type { DbHandle } from "@/lib/db/client";
import { createRepository, type Repository } from "@/lib/db/repository";
import { noDeal } from "@/lib/engine/decision";
import { RunManager } from "@/lib/runs/run-manager";
import { resetSseSlots } from "@/lib/runs/sse-limits";
import { provideServices } from "@/lib/server/composition";
import { DEFAULT_LIMITS } from "@/lib/security/settings";
import { call } from "./support/api-harness";
import { configWith } from "../shared/sample-config";
import { pgliteTestDatabase } from "./support/test-db";

let handle: DbHandle;
let repo: Repository;
let runs: RunManager;

beforeAll(async () => {
  handle = await pgliteTestDatabase();
  repo = createRepository(handle);
  runs = new RunManager(repo, {
    modelFor: (llm) => languageModelFor(llm),
    retry: { baseDelayMs: 5 },
    limits: { maxMessagesPerRoom: 3, maxEventsPerRoom: 6 },
  });
  provideServices({ repo, runs });
}, 120_000);
afterAll(async () => {
  provideServices(undefined);
  await handle.close();
});

const createEpisode = async (llm = {}) => {
  const { status, json } = await call(episodesRoute.POST, {}, { body: configWith(llm) });
  expect(status).toBe(201);
  return json.episode as { id: string; rooms: Array<{ id: string }> };
};

describe("bad input never becomes a 500", () => {
  it("stops reading a chunked body as soon as it passes the limit", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const request = new Request("http://localhost/api/episodes", {
      method: "POST",
      body: endless,
      duplex: "half",
    } as RequestInit);
    expect(await readBoundedBody(request, 256 * 1024)).toBeUndefined();
    expect(pulled).toBeLessThanOrEqual(6 * 64 * 1024);
    const chunked = await call(
      episodesRoute.POST,
      {},
      { raw: new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(64 * 1024).fill(32)) }) },
    );
    expect(chunked.status).toBe(413);
  });

  it("answers NUL and unpaired surrogates with 400 naming the field, and stores nothing", async () => {
    const before = (await repo.listEpisodes()).length;
    const config = configWith();
    config.buyer.name = "Ann\u0000";
    const nul = await call(episodesRoute.POST, {}, { body: config });
    expect(nul.status).toBe(400);
    expect(nul.json.error.details).toEqual([
      { path: "buyer.name", message: "Must not contain the NUL character" },
    ]);
    const surrogate = await call(
      episodesRoute.POST,
      {},
      {
        raw: JSON.stringify({
          ...configWith(),
          buyer: { ...configWith().buyer, name: "Ann\ud800" },
        }),
      },
    );
    expect(surrogate.status).toBe(400);
    expect(surrogate.json.error.details[0].path).toBe("buyer.name");
    expect((await repo.listEpisodes()).length).toBe(before);

    const { rooms } = await createEpisode();
    const message = await call(
      messagesRoute.POST,
      { roomId: rooms[0]!.id },
      { raw: '{"text":"hi \\udc00 there"}' },
    );
    expect(message.status).toBe(400);
    expect(message.json.error.details).toEqual([
      { path: "text", message: expect.stringMatching(/unpaired surrogates/) },
    ]);
    const bytes = await call(
      messagesRoute.POST,
      { roomId: rooms[0]!.id },
      { raw: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
    );
    expect(bytes.status).toBe(400);
    expect((await repo.listEvents(rooms[0]!.id)).length).toBe(0);
  });

  it("answers malformed ids in paths with 404", async () => {
    for (const id of [
      "\u0000",
      "not-a-uuid",
      "\ud800",
      "1' OR '1'='1",
      "00000000-0000-0000-0000-00000000000g",
    ]) {
      expect((await call(episodeRoute.GET, { id })).status).toBe(404);
      expect((await call(episodeRoute.DELETE, { id }, { method: "DELETE" })).status).toBe(404);
      expect((await call(roomRoute.GET, { roomId: id })).status).toBe(404);
      expect(
        (await call(messagesRoute.POST, { roomId: id }, { body: { text: "hi" } })).status,
      ).toBe(404);
      expect((await call(startRoute.POST, { roomId: id }, { body: {} })).status).toBe(404);
    }
  });
});

describe("limits", () => {
  it("refuses a message past the room's limit with 409 LIMIT_REACHED", async () => {
    const { rooms } = await createEpisode();
    for (let i = 0; i < 3; i++)
      expect(
        (await call(messagesRoute.POST, { roomId: rooms[0]!.id }, { body: { text: `note ${i}` } }))
          .status,
      ).toBe(201);
    const over = await call(
      messagesRoute.POST,
      { roomId: rooms[0]!.id },
      { body: { text: "one more" } },
    );
    expect(over.status).toBe(409);
    expect(over.json.error.code).toBe("LIMIT_REACHED");
  });

  it("ends a run that reaches the room's event limit as failed, with nothing stored past the limit but the end", async () => {
    const { rooms } = await createEpisode({ maxRounds: 20 });
    const roomId = rooms[0]!.id;
    expect((await call(startRoute.POST, { roomId }, { body: {} })).status).toBe(202);
    await runs.settled(roomId);
    const events = await repo.listEvents(roomId);
    expect(events.length).toBeLessThanOrEqual(7);
    expect(events.at(-1)).toMatchObject({ type: "room_failed", error: { code: "LIMIT_REACHED" } });
  });

  it("refuses any event once a room has its outcome, in storage", async () => {
    const { rooms } = await createEpisode();
    const roomId = rooms[1]!.id;
    await repo.appendEvents(roomId, [{ type: "room_completed", outcome: noDeal("done", 0, true) }]);
    await expect(
      repo.appendEvents(roomId, [{ type: "user_message", round: 0, text: "late" }]),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await repo.listEvents(roomId)).map((e) => e.type)).toEqual(["room_completed"]);
  });

  it("caps open event streams per room and per client with 429 and Retry-After", async () => {
    resetSseSlots();
    const { rooms } = await createEpisode();
    const controllers: AbortController[] = [];
    const open = (roomId: string, client: string) => {
      const controller = new AbortController();
      controllers.push(controller);
      return call(
        streamRoute.GET,
        { roomId },
        { headers: { "x-forwarded-for": client }, signal: controller.signal },
      );
    };
    for (let i = 0; i < DEFAULT_LIMITS.maxSsePerClient; i++)
      expect((await open(rooms[i % 2]!.id, "10.9.9.9")).status).toBe(200);
    const perClient = await open(rooms[0]!.id, "10.9.9.9");
    expect(perClient.status).toBe(429);
    expect(perClient.response.headers.get("retry-after")).toBe("10");
    // A stream that closes gives its slot back.
    controllers[0]!.abort();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await open(rooms[0]!.id, "10.9.9.9")).status).toBe(200);
    for (const controller of controllers) controller.abort();
    resetSseSlots();
  });
});
