import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as episodesRoute from "@/app/api/episodes/route";
import * as startRoute from "@/app/api/rooms/[roomId]/start/route";
import * as streamRoute from "@/app/api/rooms/[roomId]/stream/route";
import type { EpisodeView } from "@/lib/server/read-models/views";
import { STREAM_EVENT_TYPES } from "@/lib/domain/stream-events";
import { viewerCount } from "@/lib/runs/room-bus";
import { formatSse } from "@/lib/runs/sse";
import { provideServices } from "@/lib/server/composition";
import { apiServices, call, readSse } from "./support/api-harness";
import { configWith } from "../shared/sample-config";

let services: Awaited<ReturnType<typeof apiServices>>;
beforeEach(async () => (services = await apiServices()));
afterEach(async () => {
  provideServices(undefined);
  await services.handle.close();
});

const createRoom = async (llm = {}) =>
  ((await call(episodesRoute.POST, {}, { body: configWith(llm) })).json.episode as EpisodeView)
    .rooms[0]!.id;
const open = (
  roomId: string,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
) =>
  call(
    streamRoute.GET,
    { roomId },
    { ...init, url: `http://localhost/api/rooms/${roomId}/stream` },
  );

describe("room event stream", () => {
  it("a viewer connected before the start sees every event live, in order, and the stream closes after room_completed", async () => {
    const roomId = await createRoom();
    const { response } = await open(roomId);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reading = readSse(response);
    await call(startRoute.POST, { roomId }, { body: {} });
    const messages = await reading;
    const ids = messages.filter((m) => m.id).map((m) => Number(m.id));
    expect(ids).toEqual(ids.map((_id, i) => i + 1));
    expect(messages.at(-1)?.event).toBe("room_completed");
    for (const m of messages) expect(JSON.parse(m.data).type).toBe(m.event);
  });

  it("a late joiner gets the full history, and Last-Event-ID gets exactly the missed events", async () => {
    const roomId = await createRoom();
    await call(startRoute.POST, { roomId }, { body: {} });
    await services.runs.settled(roomId);
    const all = await readSse((await open(roomId)).response);
    const stored = await services.repo.listEvents(roomId);
    expect(all.map((m) => Number(m.id))).toEqual(stored.map((e) => e.seq));
    const resumed = await readSse(
      (await open(roomId, { headers: { "last-event-id": "5" } })).response,
    );
    expect(resumed.map((m) => Number(m.id))).toEqual(
      stored.filter((e) => e.seq > 5).map((e) => e.seq),
    );
  });

  it("resuming mid-run joins history and live without a gap or a duplicate", async () => {
    const roomId = await createRoom({ faults: [{ kind: "delay", delayMs: 30, fromCall: 1 }] });
    await call(startRoute.POST, { roomId }, { body: {} });
    const first = await readSse((await open(roomId)).response, (m) => Number(m.id) >= 4);
    const rest = await readSse(
      (await open(roomId, { headers: { "last-event-id": first.at(-1)!.id! } })).response,
    );
    const seen = [...first, ...rest].map((m) => Number(m.id));
    expect(seen).toEqual(seen.map((_id, i) => i + 1));
    expect(rest.at(-1)?.event).toBe("room_completed");
  });

  it("a viewer disconnecting leaves the run untouched and unsubscribes", async () => {
    const roomId = await createRoom({ faults: [{ kind: "delay", delayMs: 20, fromCall: 1 }] });
    const controller = new AbortController();
    const { response } = await open(roomId, { signal: controller.signal });
    await call(startRoute.POST, { roomId }, { body: {} });
    await readSse(response, (m) => m.event === "buyer_message");
    controller.abort();
    await new Promise((r) => setTimeout(r, 20));
    expect(viewerCount(roomId)).toBe(0);
    await services.runs.settled(roomId);
    expect((await services.repo.getRoom(roomId))?.status).toBe("completed");
  });

  it("serves many viewers of one room the same sequence", async () => {
    const roomId = await createRoom({ faults: [{ kind: "delay", delayMs: 10, fromCall: 1 }] });
    const viewers = await Promise.all(Array.from({ length: 5 }, () => open(roomId)));
    const readings = viewers.map((v) => readSse(v.response));
    await call(startRoute.POST, { roomId }, { body: {} });
    const results = await Promise.all(readings);
    const sequences = results.map((r) => r.map((m) => m.id).join(","));
    expect(new Set(sequences).size).toBe(1);
  });

  it("names no event `error`, and formats heartbeats without an id", () => {
    expect(STREAM_EVENT_TYPES).not.toContain("error");
    expect(formatSse({ type: "heartbeat", at: "t" })).toBe(
      'event: heartbeat\ndata: {"type":"heartbeat","at":"t"}\n\n',
    );
  });

  it("refuses an unknown room with 404 before streaming", async () => {
    const { status, json } = await open("nope");
    expect(status).toBe(404);
    expect(json.error.code).toBe("ROOM_NOT_FOUND");
  });
});

describe("a run on an instant model", () => {
  it("gives the event loop a turn after every step, so viewers' writes flush while it runs", async () => {
    const roomId = await createRoom();
    let turns = 0;
    let running = true;
    const spin = () => {
      if (!running) return;
      turns += 1;
      setImmediate(spin);
    };
    setImmediate(spin);
    await call(startRoute.POST, { roomId }, { body: {} });
    await services.runs.settled(roomId);
    running = false;
    const steps = (await services.repo.listEvents(roomId)).length;
    // Without the yield the whole simulated run finishes between two of these turns.
    expect(turns).toBeGreaterThanOrEqual(steps / 2);
  });
});
