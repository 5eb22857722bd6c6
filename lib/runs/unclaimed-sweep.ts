import "server-only";
import type PgBoss from "pg-boss";
import type { ClusterStore } from "@/lib/db/cluster-store";
import { serverLog } from "@/lib/sentry/server/server-log";

/**
 * The reaper's counterpart for rooms that are `running` with no lease and no waiting job: left so by a
 * version that claimed the room and sent its job in two steps and died between them, or by an instance
 * killed after taking a job but before its lease (or after releasing it, before failing the job). Such a
 * room would wait forever. Seen so on every tick for longer than the takeover bound (a runner between
 * taking its job and its lease is there for a moment only), its active job is failed so pg-boss retries
 * it, or, with none, a new job is sent; both under the room's row lock, re-checked there.
 */
export function unclaimedSweep(options: {
  store: ClusterStore;
  boss: PgBoss;
  queue: string;
  instance: string;
  takeoverSeconds: number;
}) {
  const { store, boss, queue, instance } = options;
  const firstSeen = new Map<string, number>();

  const recover = (roomId: string) =>
    store.transaction(async (db) => {
      const jobs = await store.lockUnclaimed(db, roomId, queue);
      if (!jobs || jobs.some((job) => job.state !== "active")) return undefined;
      for (const job of jobs)
        await boss.fail(queue, job.id, { reason: `room ${roomId} had no runner` }, { db });
      if (jobs.length) return "retried" as const;
      await boss.send(queue, { roomId }, { singletonKey: roomId, db });
      return "sent" as const;
    });

  /** True when a job was (re)queued, so the caller wakes the workers. */
  return async function sweep(): Promise<boolean> {
    const now = Date.now();
    const unclaimed = new Set(await store.unclaimedRuns(queue));
    for (const roomId of firstSeen.keys()) if (!unclaimed.has(roomId)) firstSeen.delete(roomId);
    let queued = false;
    for (const roomId of unclaimed) {
      const since = firstSeen.get(roomId) ?? now;
      firstSeen.set(roomId, since);
      if (now - since <= options.takeoverSeconds * 1000) continue;
      const done = await recover(roomId);
      firstSeen.set(roomId, now);
      if (!done) continue;
      queued = true;
      serverLog.warn("running room had no runner and no job: queued again", {
        negotiation_id: roomId,
        action: done,
        unclaimed_ms: now - since,
        instance,
      });
    }
    return queued;
  };
}
