import "server-only";
import { randomUUID } from "node:crypto";
import * as Sentry from "@sentry/nextjs";
import PgBoss from "pg-boss";
import {
  CONTROL_DONE_CHANNEL,
  CONTROLS_CHANNEL,
  type ClusterStore,
  type ControlResult,
  type SqlExecutor,
} from "@/lib/db/cluster-store";
import type { PgListener } from "@/lib/db/pg-listener";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { serverLog } from "@/lib/sentry/server/server-log";
import type { TraceHeaders } from "./run-observability";
import type { Claim, RemoteControl, RunHost, RunQueue } from "./run-queue";
import { unclaimedSweep } from "./unclaimed-sweep";

export const RUN_QUEUE_NAME = "room-run";
const JOBS_CHANNEL = "mams_jobs";
type JobData = { roomId: string; trace?: TraceHeaders };

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
  const doneWaiters = new Map<number, () => void>();
  let host: RunHost | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tickMs = Math.max(500, (options.takeoverSeconds * 1000) / 6);

  const wakeWorkers = () => workerIds.forEach((id) => boss.notifyWorker(id));

  /** The job goes in `db`'s transaction: it exists exactly when the claim of the room commits. */
  const send = async (roomId: string, db: SqlExecutor, trace?: TraceHeaders) =>
    Sentry.startSpan(
      {
        op: "queue.publish",
        name: RUN_QUEUE_NAME,
        attributes: {
          "messaging.system": "pg-boss",
          "messaging.destination.name": RUN_QUEUE_NAME,
          negotiation_id: roomId,
        },
      },
      async (span) => {
        // The runner continues this trace, on whichever instance claims the job.
        // Taken inside this span, so the claiming instance's queue.process is its child.
        const here = Sentry.getTraceData() as TraceHeaders;
        const data: JobData = { roomId, trace: here["sentry-trace"] ? here : trace };
        // null: a job for the room is already waiting (stately queue); it carries this start.
        const id = await boss.send(RUN_QUEUE_NAME, data, { singletonKey: roomId, db });
        if (id) span.setAttribute("messaging.message.id", id);
        return id;
      },
    );
  const notifyJobs = () => store.notify(JOBS_CHANNEL, instance);

  /** Controls for rooms this instance runs, oldest first, each claimed before it is applied. */
  const drainControls = async (roomId: string) => {
    if (!host?.runs(roomId)) return;
    for (
      let next = await store.claimNextControl(roomId, instance);
      next;
      next = await store.claimNextControl(roomId, instance)
    ) {
      const result: ControlResult = await host
        .applyRemote(roomId, next.control as RemoteControl)
        .then(
          () => ({ ok: true as const }),
          (error: unknown) => ({
            ok: false as const,
            error: isAppError(error)
              ? error.toBody()
              : new AppError("INTERNAL_ERROR", "The control failed").toBody(),
          }),
        );
      await store.finishControl(next.id, result);
    }
  };
  const controlChains = new Map<string, Promise<void>>();
  const serialDrain = (roomId: string) => {
    const next = (controlChains.get(roomId) ?? Promise.resolve())
      .then(() => drainControls(roomId))
      .catch(() => undefined);
    controlChains.set(roomId, next);
    void next.finally(() => controlChains.get(roomId) === next && controlChains.delete(roomId));
  };

  const tick = async () => {
    if (!host || stopped) return;
    const held = host.leases();
    const renewed = new Set(await store.renewLeases([...held.values()]));
    for (const [roomId, lease] of held) if (!renewed.has(lease)) host.leaseLost(roomId);
    for (const roomId of held.keys()) serialDrain(roomId);
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
        .send(RUN_QUEUE_NAME, { roomId: room.id } satisfies JobData, { singletonKey: room.id })
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

  const process = async ([job]: PgBoss.JobWithMetadata<JobData>[]) => {
    if (!job || !host) return;
    const trace = job.data.trace;
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
    const body = () =>
      Sentry.startSpan(
        {
          op: "queue.process",
          name: RUN_QUEUE_NAME,
          forceTransaction: true,
          attributes: {
            "messaging.system": "pg-boss",
            "messaging.destination.name": RUN_QUEUE_NAME,
            "messaging.message.id": job.id,
            "messaging.message.retry.count": job.retryCount,
            "messaging.message.receive.latency": Math.max(
              0,
              Date.now() - new Date(job.createdOn).getTime(),
            ),
            negotiation_id: job.data.roomId,
            "mams.instance": instance,
          },
        },
        () => host!.runClaimed(job.data.roomId, claim),
      );
    await (trace?.["sentry-trace"]
      ? Sentry.continueTrace({ sentryTrace: trace["sentry-trace"], baggage: trace.baggage }, body)
      : body());
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
      await listener.listen(CONTROLS_CHANNEL, (roomId) => serialDrain(roomId));
      await listener.listen(CONTROL_DONE_CHANNEL, (id) => doneWaiters.get(Number(id))?.());
      for (let i = 0; i < options.workers; i += 1) {
        workerIds.push(
          await boss.work<JobData>(
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
          await send(roomId, db, trace);
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

    async forward(roomId, control) {
      const owner = await store.liveLease(roomId);
      if (!owner || owner.startsWith(`${instance}/`)) return undefined;
      const id = await store.addControl(roomId, control);
      const deadline = Date.now() + options.takeoverSeconds * 2000 + 10_000;
      while (Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timeout = setTimeout(resolve, 500);
          doneWaiters.set(id, () => (clearTimeout(timeout), resolve()));
        });
        doneWaiters.delete(id);
        const result = await store.controlResult(id);
        if (result) return result;
        // Nobody runs the room any more (it ended, or its runner died): apply the control here, as with no run.
        if (!(await store.liveLease(roomId)) && (await store.claimControl(id, instance)))
          return undefined;
      }
      throw new AppError(
        "SHUTTING_DOWN",
        "The room's runner did not answer; try again in a moment",
        { retryAfterSeconds: 5 },
      );
    },

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
