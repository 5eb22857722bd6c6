import "server-only";
import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";
import type { ClusterStore } from "@/lib/db/cluster-store";
import type { PgListener } from "@/lib/db/pg-listener";
import { AppError } from "@/lib/errors/app-error";
import { serverLog } from "@/lib/sentry/server/server-log";
import { remoteControls } from "./remote-controls";
import { processRunJob, RUN_QUEUE_NAME, sendRunJob, type RunJobData } from "./run-jobs";
import type { Claim, RunHost, RunQueue } from "./run-queue";
import { unclaimedSweep } from "./unclaimed-sweep";

const JOBS_CHANNEL = "mams_jobs";

export type PgRunQueueOptions = {
  connectionString: string;
  store: ClusterStore;
  listener: PgListener;
  instance: string;
  /** The takeover bound: a dead runner's room runs again on another instance within about this long. */
  takeoverSeconds: number;
  workers: number;
  maxQueued: number;
};

/**
 * Runs as pg-boss jobs (queue policy `stately`: per room at most one job waiting and one active), plus a
 * lease per running room renewed by its runner's heartbeat: pg-boss has no heartbeat, and a run may last
 * far longer than a takeover may take. An expired lease is reaped once, its job failed (pg-boss retries it)
 * or re-sent, and the next runner resumes the room from storage.
 */
export async function pgRunQueue(
  options: PgRunQueueOptions,
): Promise<RunQueue & { start(host: RunHost): Promise<void> }> {
  const { store, listener, instance } = options;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    max: 3,
    application_name: "mams-queue",
    supervise: true,
    schedule: false,
  });
  boss.on("error", (error) =>
    serverLog.error("queue error", {
      message: error instanceof Error ? error.message : String(error),
    }),
  );
  const workerIds: string[] = [];
  let host: RunHost | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tickMs = Math.max(500, (options.takeoverSeconds * 1000) / 6);

  const wakeWorkers = () => workerIds.forEach((id) => boss.notifyWorker(id));
  const notifyJobs = () => store.notify(JOBS_CHANNEL, instance);
  const controls = remoteControls({
    store,
    instance,
    takeoverSeconds: options.takeoverSeconds,
    host: () => host,
  });

  const tick = async () => {
    if (!host || stopped) return;
    const held = host.leases();
    const renewed = new Set(await store.renewLeases([...held.values()]));
    for (const [roomId, lease] of held) if (!renewed.has(lease)) host.leaseLost(roomId);
    for (const roomId of held.keys()) controls.drain(roomId);
    const reaped = await store.reapExpired();
    for (const room of reaped) {
      serverLog.warn("run lease expired: runner presumed dead, room queued for takeover", {
        negotiation_id: room.id,
        previous_instance: room.taken_over_from,
        instance,
      });
      if (room.job_id)
        await boss
          .fail(RUN_QUEUE_NAME, room.job_id, { reason: `lease of ${room.taken_over_from} expired` })
          .catch(() => undefined);
      // When the dead runner's job was no longer active (it had been expired or completed), a new one carries the room.
      await boss
        .send(RUN_QUEUE_NAME, { roomId: room.id } satisfies RunJobData, { singletonKey: room.id })
        .catch(() => undefined);
    }
    const swept = await sweepUnclaimed().catch(() => false);
    if (swept || reaped.length) await notifyJobs();
  };
  const sweepUnclaimed = unclaimedSweep({
    store,
    boss,
    queue: RUN_QUEUE_NAME,
    instance,
    takeoverSeconds: options.takeoverSeconds,
  });

  const process = async ([job]: PgBoss.JobWithMetadata<RunJobData>[]) => {
    if (!job || !host) return;
    const lease = `${instance}/${randomUUID()}`;
    const held = await store.acquireLease(job.data.roomId, lease, job.id);
    // Another runner's lease is live: that runner carries the room (this job was a duplicate).
    if (!held) return;
    const claim: Claim = {
      jobId: job.id,
      lease,
      retryCount: job.retryCount,
      takenOverFrom: held.taken_over_from,
    };
    await processRunJob(job, instance, () => host!.runClaimed(job.data.roomId, claim));
  };

  return {
    kind: "postgres",
    instance,
    async start(runHost) {
      host = runHost;
      await boss.start();
      if (!(await boss.getQueue(RUN_QUEUE_NAME))) {
        await boss
          .createQueue(RUN_QUEUE_NAME, {
            name: RUN_QUEUE_NAME,
            policy: "stately",
            retryLimit: 50,
            retryDelay: 1,
            expireInSeconds: 23 * 3600,
          })
          .catch(async (error: unknown) => {
            if (!(await boss.getQueue(RUN_QUEUE_NAME))) throw error;
          });
      }
      await listener.listen(JOBS_CHANNEL, () => wakeWorkers());
      await controls.listen(listener);
      for (let i = 0; i < options.workers; i += 1) {
        workerIds.push(
          await boss.work<RunJobData>(
            RUN_QUEUE_NAME,
            { batchSize: 1, pollingIntervalSeconds: 2, includeMetadata: true },
            process,
          ),
        );
      }
      timer = setInterval(() => void tick().catch(() => undefined), tickMs);
      timer.unref();
    },

    async enqueue(roomId, { trace, startedAt }) {
      const waiting = await boss.getQueueSize(RUN_QUEUE_NAME);
      if (waiting >= options.maxQueued)
        throw new AppError(
          "RATE_LIMITED",
          `Too many runs are waiting (${waiting}); try again later`,
          { retryAfterSeconds: 30 },
        );
      // One transaction: a process that dies in between leaves the room as it was, never running with no job.
      const claimed = await store
        .transaction(async (db) => {
          if (!(await store.claimStart(roomId, startedAt, db))) return false;
          await sendRunJob(boss, roomId, db, trace);
          return true;
        })
        .catch((error: unknown) => {
          throw new AppError("DATABASE_ERROR", "The run could not be queued", { cause: error });
        });
      if (!claimed) return { alreadyRunning: true, queued: false };
      // After the commit, so a woken worker finds the job; workers also poll, so a lost NOTIFY only delays it.
      await notifyJobs().catch(() => undefined);
      return { alreadyRunning: false, queued: waiting > 0 };
    },

    forward: (roomId, control) => controls.forward(roomId, control),

    async release(roomId, lease, handoverJobId) {
      await store.releaseLease(roomId, lease, Boolean(handoverJobId));
      if (!handoverJobId) return;
      // Lease first, then the job: whoever claims the retried job must find the lease free.
      await boss.fail(RUN_QUEUE_NAME, handoverJobId, { reason: `handed over by ${instance}` });
      await notifyJobs();
    },

    /** No more claims from this instance; runs already claimed are handed over by the run manager. */
    async stopClaiming() {
      stopped = true;
      if (timer) clearInterval(timer);
      await boss.offWork(RUN_QUEUE_NAME).catch(() => undefined);
    },

    async close() {
      await boss.stop({ graceful: false, wait: false, close: true }).catch(() => undefined);
    },
  };
}
