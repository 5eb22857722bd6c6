import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageModelFor } from "@/lib/ai/providers";
import type { DbHandle } from "@/lib/db/client";
import { createRepository, type Repository } from "@/lib/db/repository";
import { RunManager } from "@/lib/runs/run-manager";
import type { RunQueue } from "@/lib/runs/run-queue";
import { configWith } from "../shared/sample-config";
import { pgliteTestDatabase } from "./support/test-db";

// A run claimed from the scale-out queue loads its room from storage before it runs. A stop or forced
// decision that reaches the instance in that moment is answered "done" to whoever sent it, so the run
// must carry it out; it used to be dropped, leaving the room `running` with no runner until the unclaimed
// sweep queued it again and it ran to its own end. The queue is a stand-in; the run manager, its claimed
// path and the storage (with the lease fence) are real.
let handle: DbHandle;
let repo: Repository;
let gate: () => void = () => undefined;
let loading: Promise<void> = Promise.resolve();

beforeAll(async () => {
  handle = await pgliteTestDatabase();
  const real = createRepository(handle);
  // The claimed run's read of its room waits for `gate` (later reads do not), so the control lands while it loads.
  repo = {
    ...real,
    requireRoom: async (roomId: string) => {
      const wait = loading;
      loading = Promise.resolve();
      await wait;
      return real.requireRoom(roomId);
    },
  };
}, 120_000);
afterAll(() => handle.close());

const releases: Array<{ roomId: string; handoverJobId?: string }> = [];
const queue: RunQueue = {
  kind: "postgres",
  instance: "solo",
  enqueue: async () => ({ alreadyRunning: false, queued: false }),
  // Nobody else runs the room: a control is applied on this instance.
  forward: async () => undefined,
  release: async (roomId, _lease, handoverJobId) => void releases.push({ roomId, handoverJobId }),
  stopClaiming: async () => undefined,
  close: async () => undefined,
};

/** A room as enqueueRun and the queue leave it: running, its lease held by this claim. */
async function claimedRoom(lease: string) {
  const { rooms } = await repo.createEpisode(
    configWith({ maxRounds: 30, faults: [{ kind: "delay", delayMs: 50, fromCall: 1 }] }),
  );
  const roomId = rooms[0]!.id;
  await handle.db.execute(
    sql`UPDATE rooms SET status = 'running', started_at = now(), lease_owner = ${lease}, lease_until = now() + interval '1 minute' WHERE id = ${roomId}`,
  );
  return roomId;
}

async function claimWhileLoading(control: (runs: RunManager, roomId: string) => Promise<void>) {
  const runs = new RunManager(repo, {
    modelFor: (llm) => languageModelFor(llm),
    retry: { baseDelayMs: 5 },
    queue,
  });
  const lease = "solo/claim-1";
  const roomId = await claimedRoom(lease);
  loading = new Promise((resolve) => (gate = resolve));
  const claimed = runs.host().runClaimed(roomId, { jobId: "job-1", lease, retryCount: 0 });
  const answered = control(runs, roomId);
  // The control has aborted the run by now; the room is still loading.
  await new Promise((resolve) => setTimeout(resolve, 50));
  gate();
  await answered;
  expect(await claimed).toBe("done");
  return { roomId, events: await repo.listEvents(roomId), room: await repo.getRoom(roomId) };
}

describe("a control that reaches a claimed run while its room loads", () => {
  it("a stop ends the room as stopped by the user, and the run hands its lease back", async () => {
    const { roomId, events, room } = await claimWhileLoading((runs, id) => runs.stop(id));
    expect(events.at(-1)).toMatchObject({
      type: "room_completed",
      outcome: { kind: "no_deal", reason: "Stopped by the user.", forced: true },
    });
    expect(events.filter((e) => e.type === "room_completed")).toHaveLength(1);
    // Stopped before its first turn: nobody spoke.
    expect(events.some((e) => e.type === "buyer_message")).toBe(false);
    expect(room?.status).toBe("completed");
    expect(releases.filter((r) => r.roomId === roomId)).toEqual([{ roomId }]);
  });

  it("a forced decision is the room's outcome", async () => {
    const { events, room } = await claimWhileLoading((runs, id) =>
      runs.forceDecision(id, { action: "no_deal", reason: "Enough." }),
    );
    expect(events.slice(-2)).toMatchObject([
      { type: "decision", forced: true, action: "walk_away" },
      { type: "room_completed", outcome: { kind: "no_deal", reason: "Enough.", forced: true } },
    ]);
    expect(room?.status).toBe("completed");
  });
});
