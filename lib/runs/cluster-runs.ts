import "server-only";
import type { Repository } from "@/lib/db/repository";
import type { LlmSettings } from "@/lib/domain/schemas";
import type { RoomEventData } from "@/lib/domain/stream-events";
import type { RoomState } from "@/lib/engine/room-state";
import { AppError } from "@/lib/errors/app-error";
import type { Limits } from "@/lib/security/settings";
import type { LoadedRoom } from "./room-setup";
import type { ActiveRun, RunJob } from "./run-types";
import type { Claim, RunQueue } from "./run-queue";
import type { TraceHeaders } from "./run-observability";

/** What the scale-out paths need of the run manager. */
export type ClusterDeps = {
  repo: Repository;
  limits: Limits;
  active: Map<string, ActiveRun>;
  load(roomId: string): Promise<LoadedRoom>;
  checkStart?: (llm: LlmSettings, episodeId: string) => void;
  isDraining(): boolean;
  execute(job: RunJob): Promise<void>;
  commit(roomId: string, events: RoomEventData[]): Promise<RoomState | undefined>;
  onTakeover?: (info: { roomId: string; from: string; to: string; round: number }) => void;
  release(roomId: string, lease: string, handoverJobId?: string): Promise<void>;
};

/** "<instance>/<run id>" → "<instance>". */
export const instanceOf = (lease: string) =>
  lease.slice(0, lease.lastIndexOf("/") > 0 ? lease.lastIndexOf("/") : undefined);

/** Start with PostgreSQL: the same checks and answers as in one process, then a job instead of a local run. */
export async function enqueueRun(
  deps: ClusterDeps,
  queue: RunQueue,
  roomId: string,
  mode: "start" | "resume" | "restart",
  trace?: TraceHeaders,
) {
  const { room, episode, state } = await deps.load(roomId);
  if (room.status === "no_sellers") throw new AppError("CONFLICT", "No seller stocks this item");
  deps.checkStart?.(episode.config.llm, episode.id);
  if (room.status === "running") return { alreadyRunning: true, queued: false };
  if (mode === "restart") await deps.repo.resetRoom(roomId);
  else if (state.outcome)
    throw new AppError("CONFLICT", "This room has finished; restart it to negotiate again");
  const startedAt = mode === "restart" || !room.startedAt ? new Date().toISOString() : null;
  return queue.enqueue(roomId, { trace, startedAt });
}

/**
 * A job claimed by this instance, its lease already held: resume the room from storage (saying so when it
 * was taken over or handed over) and run it. Shutdown hands it back to the queue instead of interrupting it.
 */
export async function runClaimed(
  deps: ClusterDeps,
  roomId: string,
  claim: Claim,
): Promise<"done" | "handover"> {
  if (deps.isDraining()) {
    await deps.release(roomId, claim.lease, claim.jobId);
    return "handover";
  }
  if (deps.active.has(roomId)) {
    await deps.release(roomId, claim.lease);
    return "done";
  }
  const run: ActiveRun = { controller: new AbortController(), lease: claim.lease };
  deps.active.set(roomId, run);
  // Set at once, so a shutdown that arrives while the room loads waits for it and hands it over too.
  run.done = (async () => {
    const { room, episode, setup, state, experiment } = await deps.load(roomId);
    // Stopped or decided while it waited in the queue, or finished before a takeover: nothing to run.
    if (state.outcome || room.status !== "running") return;
    run.state = state;
    if (!run.controller.signal.aborted && claim.takenOverFrom) {
      const handover = claim.takenOverFrom.startsWith("handover:");
      const from = handover
        ? claim.takenOverFrom.slice("handover:".length)
        : instanceOf(claim.takenOverFrom);
      const to = instanceOf(claim.lease);
      const reason = handover
        ? `The run moved to another server (${to}) while ${from} shut down; it goes on from round ${state.round}.`
        : `The server running this room (${from}) stopped responding; ${to} took over from round ${state.round}.`;
      await deps.commit(roomId, [
        {
          type: "run_resumed",
          round: state.round,
          cause: handover ? "handover" : "takeover",
          reason,
        },
      ]);
      if (!handover) deps.onTakeover?.({ roomId, from, to, round: state.round });
    }
    const abort = (run.controller.signal.reason as { kind?: string } | undefined)?.kind;
    if (abort === "shutdown" || abort === "lease_lost") run.handover = abort === "shutdown";
    // A stop or forced decision that came while the room loaded was acknowledged: the run applies it,
    // at its first step, as it would have once going (dropped here, the room sat running with no runner).
    else await deps.execute({ roomId, run, llm: episode.config.llm, setup, experiment });
    // Released and back in the queue before shutdown goes on to close the database.
    if (run.handover) await deps.release(roomId, claim.lease, claim.jobId);
  })();
  try {
    await run.done;
    return run.handover ? "handover" : "done";
  } finally {
    deps.active.delete(roomId);
    if (!run.handover) await deps.release(roomId, claim.lease).catch(() => undefined);
  }
}
