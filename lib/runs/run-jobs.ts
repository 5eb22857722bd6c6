import "server-only";
import * as Sentry from "@sentry/nextjs";
import type PgBoss from "pg-boss";
import type { SqlExecutor } from "@/lib/db/cluster-store";
import type { TraceHeaders } from "./run-observability";

export const RUN_QUEUE_NAME = "room-run";

/** A room's run as a pg-boss job; `trace` is the start's, continued by whichever instance claims it. */
export type RunJobData = { roomId: string; trace?: TraceHeaders };

/** The job goes in `db`'s transaction: it exists exactly when the claim of the room commits. */
export const sendRunJob = (boss: PgBoss, roomId: string, db: SqlExecutor, trace?: TraceHeaders) =>
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
      const data: RunJobData = { roomId, trace: here["sentry-trace"] ? here : trace };
      // null: a job for the room is already waiting (stately queue); it carries this start.
      const id = await boss.send(RUN_QUEUE_NAME, data, { singletonKey: roomId, db });
      if (id) span.setAttribute("messaging.message.id", id);
      return id;
    },
  );

/** Runs a claimed job in its own queue.process transaction, a child of the start's trace when it has one. */
export function processRunJob<T>(
  job: PgBoss.JobWithMetadata<RunJobData>,
  instance: string,
  run: () => Promise<T>,
): Promise<T> {
  const trace = job.data.trace;
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
      run,
    );
  return trace?.["sentry-trace"]
    ? Sentry.continueTrace({ sentryTrace: trace["sentry-trace"], baggage: trace.baggage }, body)
    : body();
}
