import * as Sentry from "@sentry/nextjs";
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
import { reportTakeover } from "@/lib/sentry/server/report-takeover";
import { configWith } from "../shared/sample-config";
import { attrOf, startSentry } from "./support/sentry-harness";
import { openDatabase } from "@/lib/db/client";
import { scaleDatabase } from "../shared/scale-cluster";
import { TEST_DATABASE_URL } from "./support/test-db";

// Two instances of the app in one process, each with its own queue workers, LISTEN connection and bus,
// on one real PostgreSQL (TEST_DATABASE_URL; CI starts one with scripts/test-postgres.sh).
type Instance = {
  name: string;
  runs: RunManager;
  bus: EventBus;
  freeze: () => Promise<void>;
  close: () => Promise<void>;
};

let handle: DbHandle;
// Its own database: the storage suite resets the schema of TEST_DATABASE_URL's database in parallel.
let databaseUrl: string;
let repo: Repository;
const instances: Instance[] = [];
const runsStarted = new Map<string, string[]>();
let sentry: Awaited<ReturnType<typeof startSentry>>;

async function startInstance(name: string): Promise<Instance> {
  const url = databaseUrl;
  const listener = new PgListener(url);
  await listener.start();
  const bus = await pgEventBus(listener, (roomId, after) => repo.listEvents(roomId, after));
  const queue = await pgRunQueue({
    connectionString: url,
    store: clusterStore(handle.pool!, 4),
    listener,
    instance: name,
    takeoverSeconds: 6,
    workers: 4,
    maxQueued: 100,
  });
  const runs = new RunManager(repo, {
    modelFor: (llm, episodeId) => {
      runsStarted.set(episodeId, [...(runsStarted.get(episodeId) ?? []), name]);
      return languageModelFor(llm);
    },
    retry: { baseDelayMs: 5 },
    queue,
    onTakeover: reportTakeover,
  });
  await queue.start(runs.host());
  // Frozen: no heartbeat, no claims; its run goes on as a stalled process's would when it wakes up.
  return {
    name,
    runs,
    bus,
    freeze: () => queue.stopClaiming(),
    close: async () => (await queue.stopClaiming(), await queue.close(), await listener.close()),
  };
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
    if (Date.now() > deadline)
      throw new Error(`room ${roomId} did not end: ${events.map((e) => e.type).join(",")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!TEST_DATABASE_URL)("scale-out on PostgreSQL: two instances, one database", () => {
  beforeAll(async () => {
    sentry = await startSentry();
    databaseUrl = (await scaleDatabase("mams_scale_unit")).url;
    handle = await openDatabase({ databaseUrl });
    repo = createRepository(handle);
    instances.push(await startInstance("alpha"), await startInstance("beta"));
  }, 120_000);
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await handle?.close();
    await sentry?.close();
  });

  it("a start on both instances runs the room once; the second answers alreadyRunning", async () => {
    const { episodeId, roomId } = await newRoom({
      faults: [{ kind: "delay", delayMs: 40, fromCall: 1 }],
    });
    const [a, b] = await Promise.all([
      instances[0]!.runs.start(roomId, "start"),
      instances[1]!.runs.start(roomId, "start"),
    ]);
    expect([a.alreadyRunning, b.alreadyRunning].sort()).toEqual([false, true]);
    const events = await ended(roomId);
    expect(events.filter((e) => e.type === "room_completed")).toHaveLength(1);
    expect(events.filter((e) => e.type === "room_started")).toHaveLength(1);
    expect(runsStarted.get(episodeId)).toHaveLength(1);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  });

  it("stop and a posted message sent to the instance that does not run the room reach the runner, once and in order", async () => {
    const { episodeId, roomId } = await newRoom({
      maxRounds: 30,
      faults: [{ kind: "delay", delayMs: 150, fromCall: 1 }],
    });
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
    const notes = events
      .filter((e) => e.type === "user_message")
      .map((e) => (e as { text: string }).text);
    expect(notes).toEqual(["first note", "second note"]);
    expect(events.at(-1)).toMatchObject({
      type: "room_completed",
      outcome: { kind: "no_deal", reason: "Stopped by the user.", forced: true },
    });
    // Nothing stored after the outcome, and a second stop gets today's answer.
    await new Promise((r) => setTimeout(r, 500));
    expect((await repo.listEvents(roomId)).length).toBe(events.length);
    await expect(other.runs.stop(roomId)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(runsStarted.get(episodeId)).toHaveLength(1);
  });

  it("a bad forced decision sent to the other instance gets the same 400 as in one process", async () => {
    const { roomId } = await newRoom({
      maxRounds: 30,
      faults: [{ kind: "delay", delayMs: 150, fromCall: 1 }],
    });
    await instances[0]!.runs.start(roomId, "start");
    await expect(
      instances[1]!.runs.forceDecision(roomId, { action: "accept", offerId: "no-such-offer" }),
    ).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    await instances[1]!.runs.forceDecision(roomId, { action: "no_deal", reason: "Enough." });
    const events = await ended(roomId);
    expect(events.slice(-2)).toMatchObject([
      { type: "decision", forced: true, action: "walk_away" },
      { type: "room_completed", outcome: { reason: "Enough." } },
    ]);
  });

  it("viewers on both instances receive every event live, in order, without gaps or duplicates", async () => {
    const { roomId } = await newRoom({ faults: [{ kind: "delay", delayMs: 20, fromCall: 1 }] });
    const seen: Record<string, number[]> = { alpha: [], beta: [] };
    const offs = instances.map((inst) =>
      inst.bus.subscribe(roomId, (e) => seen[inst.name]!.push(e.seq)),
    );
    await instances[1]!.runs.start(roomId, "start");
    const events = await ended(roomId);
    await expect
      .poll(() => seen.alpha!.filter((s, i, all) => all.indexOf(s) === i).length, {
        timeout: 5_000,
      })
      .toBe(events.length);
    await expect
      .poll(() => seen.beta!.filter((s, i, all) => all.indexOf(s) === i).length, { timeout: 5_000 })
      .toBe(events.length);
    for (const name of ["alpha", "beta"])
      expect(seen[name], name).toEqual(events.map((e) => e.seq));
    offs.forEach((off) => off());
  });

  it("Sentry sees the queue: queue.publish on the request, queue.process where it is claimed, one trace with the run", async () => {
    await sentry.reset();
    const { roomId } = await newRoom();
    const requestTrace = await Sentry.startSpan(
      { op: "http.server", name: "POST /api/rooms/[roomId]/start", forceTransaction: true },
      async (span) => {
        await instances[0]!.runs.start(roomId, "start", Sentry.getTraceData());
        return span.spanContext().traceId;
      },
    );
    await ended(roomId);
    await new Promise((r) => setTimeout(r, 300));
    const spans = await sentry.spans();
    const publish = spans.find(
      (s) => attrOf(s, "sentry.op") === "queue.publish" && attrOf(s, "negotiation_id") === roomId,
    );
    const process = spans.find(
      (s) => attrOf(s, "sentry.op") === "queue.process" && attrOf(s, "negotiation_id") === roomId,
    );
    const run = spans.find(
      (s) => attrOf(s, "sentry.op") === "negotiation.run" && attrOf(s, "negotiation_id") === roomId,
    );
    expect(publish?.trace_id).toBe(requestTrace);
    expect(attrOf(publish!, "messaging.destination.name")).toBe("room-run");
    expect(attrOf(process!, "messaging.destination.name")).toBe("room-run");
    expect(attrOf(process!, "messaging.message.id")).toBe(attrOf(publish!, "messaging.message.id"));
    expect(attrOf(process!, "messaging.message.retry.count")).toBe(0);
    expect(attrOf(process!, "messaging.message.receive.latency")).toEqual(expect.any(Number));
    expect(process!.trace_id).toBe(requestTrace);
    expect(run!.trace_id).toBe(requestTrace);
    expect(run!.parent_span_id).toBe(process!.span_id);
    expect(process!.parent_span_id).toBe(publish!.span_id);
  });

  it("a runner that stops renewing its lease is taken over: the room resumes elsewhere, says so, ends once, and Sentry gets one report naming both", async () => {
    await sentry.reset();
    for (const instance of instances) await instance.freeze();
    const ghost = await startInstance("ghost");
    instances.push(ghost);
    const { episodeId, roomId } = await newRoom({
      maxRounds: 12,
      faults: [{ kind: "delay", delayMs: 600, fromCall: 1 }],
    });
    await ghost.runs.start(roomId, "start");
    await expect.poll(() => ghost.runs.isRunning(roomId), { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 600));
    await ghost.freeze();
    const frozenAt = Date.now();
    const heir = await startInstance("heir");
    instances.push(heir);
    const events = await ended(roomId, 40_000);
    await ghost.runs.settled(roomId);
    const all = await repo.listEvents(roomId);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all.filter((e) => e.type === "room_completed")).toHaveLength(1);
    expect(all.at(-1)?.type).toBe("room_completed");
    expect(all.length).toBe(events.length);
    const resumed = all.filter((e) => e.type === "run_resumed");
    expect(resumed).toHaveLength(1);
    console.log(
      `[scale-out] takeover: resumed on heir ${Date.parse(resumed[0]!.at) - frozenAt} ms after the runner froze (bound 6 s)`,
    );
    expect(resumed[0]).toMatchObject({ cause: "takeover" });
    expect((resumed[0] as { reason: string }).reason).toMatch(/ghost.*heir/);
    expect(runsStarted.get(episodeId)).toEqual(["ghost", "heir"]);
    const reports = (await sentry.events()).filter(
      (e) => e.tags?.["error.code"] === "RUN_TAKEN_OVER",
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]!.tags).toMatchObject({
      negotiation_id: roomId,
      "mams.instance.previous": "ghost",
      "mams.instance": "heir",
    });
  }, 60_000);

  it("a shutdown (SIGTERM) hands live runs back to the queue: another instance goes on at once, nothing is interrupted or reported", async () => {
    for (const instance of instances) await instance.freeze();
    await sentry.reset();
    const leaver = await startInstance("leaver");
    instances.push(leaver);
    const { episodeId, roomId } = await newRoom({
      maxRounds: 12,
      faults: [{ kind: "delay", delayMs: 300, fromCall: 1 }],
    });
    await leaver.runs.start(roomId, "start");
    await expect.poll(() => leaver.runs.isRunning(roomId), { timeout: 10_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const successor = await startInstance("successor");
    instances.push(successor);
    const cutAt = Date.now();
    expect(await leaver.runs.interruptAll("SIGTERM")).toEqual([roomId]);
    expect((await repo.getRoom(roomId))?.status).toBe("running");
    const events = await ended(roomId, 30_000);
    const resumed = events.filter((e) => e.type === "run_resumed");
    expect(resumed).toHaveLength(1);
    expect(resumed[0]).toMatchObject({ cause: "handover" });
    // Handed over (pg-boss retry + a NOTIFY to the workers), not taken over after a lease expiry.
    console.log(
      `[scale-out] handover: resumed on successor ${Date.parse(resumed[0]!.at) - cutAt} ms after the shutdown began`,
    );
    expect(events.filter((e) => e.type === "room_completed")).toHaveLength(1);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(runsStarted.get(episodeId)).toEqual(["leaver", "successor"]);
    expect(
      (await sentry.events()).filter(
        (e) =>
          e.tags?.["error.code"] === "RUN_TAKEN_OVER" ||
          e.tags?.["error.code"] === "RUN_INTERRUPTED",
      ),
    ).toHaveLength(0);
  }, 60_000);
});
