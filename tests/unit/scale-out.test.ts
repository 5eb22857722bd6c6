import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageModelFor } from "@/lib/ai/providers";
import type { DbHandle } from "@/lib/db/client";
import { clusterStore } from "@/lib/db/cluster-store";
import { PgListener } from "@/lib/db/pg-listener";
import { createRepository, type Repository } from "@/lib/db/repository";
import type { RoomEvent } from "@/lib/domain/stream-events";
import { pgEventBus } from "@/lib/runs/pg-event-bus";
import { pgRunQueue } from "@/lib/runs/pg-run-queue";
import type { EventBus } from "@/lib/runs/room-bus";
import { RunManager } from "@/lib/runs/run-manager";
import { configWith } from "../support/sample-config";
import { postgresTestDatabase, TEST_DATABASE_URL } from "../support/test-db";

// Two instances of the app in one process, each with its own queue workers, LISTEN connection and bus,
// on one real PostgreSQL (TEST_DATABASE_URL; CI starts one with scripts/test-postgres.sh).
type Instance = { name: string; runs: RunManager; bus: EventBus; close: () => Promise<void> };

let handle: DbHandle;
let repo: Repository;
const instances: Instance[] = [];
const runsStarted = new Map<string, string[]>();

async function startInstance(name: string): Promise<Instance> {
  const url = TEST_DATABASE_URL!;
  const listener = new PgListener(url);
  await listener.start();
  const bus = await pgEventBus(listener, (roomId, after) => repo.listEvents(roomId, after));
  const queue = await pgRunQueue({ connectionString: url, store: clusterStore(handle.pool!, 4), listener, instance: name, takeoverSeconds: 6, workers: 4, maxQueued: 100 });
  const runs = new RunManager(repo, {
    modelFor: (llm, episodeId) => {
      runsStarted.set(episodeId, [...(runsStarted.get(episodeId) ?? []), name]);
      return languageModelFor(llm);
    },
    retry: { baseDelayMs: 5 },
    queue,
  });
  await queue.start(runs.host());
  return { name, runs, bus, close: async () => (await queue.stopClaiming(), await queue.close(), await listener.close()) };
}

async function newRoom(llm: Parameters<typeof configWith>[0] = {}) {
  const { episode, rooms } = await repo.createEpisode(configWith({ maxRounds: 4, ...llm }));
  return { episodeId: episode.id, roomId: rooms[0]!.id };
}

async function ended(roomId: string, timeoutMs = 30_000): Promise<RoomEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await repo.listEvents(roomId);
    if (events.some((e) => e.type === "room_completed" || e.type === "room_failed")) return events;
    if (Date.now() > deadline) throw new Error(`room ${roomId} did not end: ${events.map((e) => e.type).join(",")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!TEST_DATABASE_URL)("scale-out on PostgreSQL: two instances, one database", () => {
  beforeAll(async () => {
    handle = await postgresTestDatabase(TEST_DATABASE_URL!);
    const admin = handle.pool!;
    await admin.query("DROP SCHEMA IF EXISTS pgboss CASCADE");
    repo = createRepository(handle);
    instances.push(await startInstance("alpha"), await startInstance("beta"));
  }, 120_000);
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await handle?.close();
  });

  it("a start on both instances runs the room once; the second answers alreadyRunning", async () => {
    const { episodeId, roomId } = await newRoom({ faults: [{ kind: "delay", delayMs: 40, fromCall: 1 }] });
    const [a, b] = await Promise.all([instances[0]!.runs.start(roomId, "start"), instances[1]!.runs.start(roomId, "start")]);
    expect([a.alreadyRunning, b.alreadyRunning].sort()).toEqual([false, true]);
    const events = await ended(roomId);
    expect(events.filter((e) => e.type === "room_completed")).toHaveLength(1);
    expect(events.filter((e) => e.type === "room_started")).toHaveLength(1);
    expect(runsStarted.get(episodeId)).toHaveLength(1);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it("stop and a posted message sent to the instance that does not run the room reach the runner, once and in order", async () => {
    const { episodeId, roomId } = await newRoom({ maxRounds: 30, faults: [{ kind: "delay", delayMs: 150, fromCall: 1 }] });
    await instances[0]!.runs.start(roomId, "start");
    // Wait until a runner holds the room, then talk to the other instance.
    let runner: Instance | undefined;
    for (let i = 0; i < 100 && !runner; i++) {
      runner = instances.find((inst) => inst.runs.isRunning(roomId));
      if (!runner) await new Promise((r) => setTimeout(r, 100));
    }
    expect(runner).toBeDefined();
    const other = instances.find((inst) => inst !== runner)!;
    await other.runs.postMessage(roomId, "first note");
    await other.runs.postMessage(roomId, "second note");
    await other.runs.stop(roomId);
    const events = await repo.listEvents(roomId);
    const notes = events.filter((e) => e.type === "user_message").map((e) => (e as { text: string }).text);
    expect(notes).toEqual(["first note", "second note"]);
    expect(events.at(-1)).toMatchObject({ type: "room_completed", outcome: { kind: "no_deal", reason: "Stopped by the user.", forced: true } });
    // Nothing stored after the outcome, and a second stop gets today's answer.
    await new Promise((r) => setTimeout(r, 500));
    expect((await repo.listEvents(roomId)).length).toBe(events.length);
    await expect(other.runs.stop(roomId)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(runsStarted.get(episodeId)).toHaveLength(1);
  });

  it("a bad forced decision sent to the other instance gets the same 400 as in one process", async () => {
    const { roomId } = await newRoom({ maxRounds: 30, faults: [{ kind: "delay", delayMs: 150, fromCall: 1 }] });
    await instances[0]!.runs.start(roomId, "start");
    await expect(instances[1]!.runs.forceDecision(roomId, { action: "accept", offerId: "no-such-offer" })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await instances[1]!.runs.forceDecision(roomId, { action: "no_deal", reason: "Enough." });
    const events = await ended(roomId);
    expect(events.slice(-2)).toMatchObject([{ type: "decision", forced: true, action: "walk_away" }, { type: "room_completed", outcome: { reason: "Enough." } }]);
  });

  it("viewers on both instances receive every event live, in order, without gaps or duplicates", async () => {
    const { roomId } = await newRoom({ faults: [{ kind: "delay", delayMs: 20, fromCall: 1 }] });
    const seen: Record<string, number[]> = { alpha: [], beta: [] };
    const offs = instances.map((inst) => inst.bus.subscribe(roomId, (e) => seen[inst.name]!.push(e.seq)));
    await instances[1]!.runs.start(roomId, "start");
    const events = await ended(roomId);
    await expect.poll(() => seen.alpha!.filter((s, i, all) => all.indexOf(s) === i).length, { timeout: 5_000 }).toBe(events.length);
    await expect.poll(() => seen.beta!.filter((s, i, all) => all.indexOf(s) === i).length, { timeout: 5_000 }).toBe(events.length);
    for (const name of ["alpha", "beta"]) expect(seen[name], name).toEqual(events.map((e) => e.seq));
    offs.forEach((off) => off());
  });
});
