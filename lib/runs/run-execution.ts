import "server-only";
import { createAgents } from "@/lib/ai/agents";
import { viewerMessage } from "@/lib/ai/endpoint-policy";
import { CancelledError } from "@/lib/ai/errors";
import { reportPassedTurn } from "@/lib/ai/turn-report";
import type { Repository } from "@/lib/db/repository";
import type { RoomEventData } from "@/lib/domain/stream-events";
import type { RoomState } from "@/lib/engine/room-state";
import { runRoom } from "@/lib/engine/run-room";
import { isAppError } from "@/lib/errors/app-error";
import { reportRunInterrupted } from "@/lib/sentry/server/report-interrupted";
import { serverLog } from "@/lib/sentry/server/server-log";
import { controlEvents } from "./room-controls";
import { observeRun, type RunObservability } from "./run-observability";
import type { Abort, ActiveRun, Control, RunJob, RunManagerOptions } from "./run-types";

/** What running a room needs from the run manager. */
export type ExecutionDeps = {
  options: RunManagerOptions;
  repo: Repository;
  commit: (roomId: string, events: RoomEventData[]) => Promise<RoomState | undefined>;
  /** Resolves once every commit queued for the room so far is stored. */
  commitsSettled: (roomId: string) => Promise<void>;
};

type LogIds = Record<string, string>;

/** Runs one room to its end under its own observation (span, scope, logs); never throws. */
export function executeRun(deps: ExecutionDeps, job: RunJob): Promise<void> {
  const { roomId, run, llm, setup, trace, experiment } = job;
  const ids = {
    roomId,
    episodeId: setup.episodeId,
    provider: llm.provider,
    model: llm.model,
    ...experiment,
  };
  const logIds = {
    negotiation_id: ids.roomId,
    session_id: ids.episodeId,
    provider: ids.provider,
    model: ids.model,
  };
  const { options } = deps;
  return observeRun(ids, trace, async (obs) => {
    serverLog.info("run started", { ...logIds, round: run.state!.round });
    const base = options.modelFor(llm, setup.episodeId);
    const model =
      options.meter?.wrap(base, { roomId, episodeId: setup.episodeId, llm }, () =>
        run.controller.abort({ kind: "budget" } satisfies Control),
      ) ?? base;
    const agents = createAgents({
      llm,
      model,
      signal: run.controller.signal,
      ids,
      retry: options.retry,
    });
    try {
      await runRoom(run.state!, {
        agents,
        commit: async (events) => (await deps.commit(roomId, events)) ?? run.state!,
        concurrency: options.concurrency,
        inRound: obs.round,
        onStep: obs.step,
        onTurnPassed: (error, turn) => reportPassedTurn(error, llm.provider, turn),
      });
      serverLog.info("run completed", { ...logIds, round: run.state!.round });
    } catch (error) {
      const control = run.controller.signal.aborted
        ? (run.controller.signal.reason as Abort | undefined)
        : undefined;
      if (control?.kind === "lease_lost") {
        serverLog.warn("run lost its lease: another instance resumes the room", logIds);
        return;
      }
      if (isAppError(error) && error.code === "LEASE_LOST") return;
      if (control?.kind) return endAborted(deps, roomId, run, obs, logIds, control);
      if (error instanceof CancelledError) return;
      await failRoom(deps, roomId, run, obs, logIds, error);
    }
  });
}

/** A run whose signal was aborted by shutdown, the user or the budget ends the way the abort says. */
async function endAborted(
  deps: ExecutionDeps,
  roomId: string,
  run: ActiveRun,
  obs: RunObservability,
  logIds: LogIds,
  control: Exclude<Abort, { kind: "lease_lost" }>,
): Promise<void> {
  // Read after each wait: commits still queued when the run was aborted may move the round on.
  const round = () => run.state!.round;
  if (control.kind === "shutdown" && run.lease) {
    // Scale-out: another instance resumes the room from storage; nothing is marked interrupted.
    await deps.commitsSettled(roomId);
    run.handover = true;
    obs.step("run handed over by server shutdown", { signal: control.signal });
    serverLog.info("run handed over by shutdown", {
      ...logIds,
      round: round(),
      signal: control.signal,
    });
    return;
  }
  if (control.kind === "shutdown") {
    // Stored before anything else, so a restart finds the room resumable even if the process dies now.
    await deps.commitsSettled(roomId);
    await deps.repo.updateRoom(roomId, { status: "interrupted" });
    obs.step("run cut off by server shutdown", { signal: control.signal });
    reportRunInterrupted(control.signal, round());
    serverLog.warn("run interrupted by shutdown", {
      ...logIds,
      round: round(),
      signal: control.signal,
    });
    return;
  }
  const ended =
    control.kind === "budget"
      ? "run ended: budget exceeded"
      : `run ${control.kind === "stop" ? "stopped" : "decided"} by the user`;
  obs.step(ended, {});
  serverLog.info(ended, logIds);
  await deps.commit(roomId, controlEvents(round(), control));
}

async function failRoom(
  deps: ExecutionDeps,
  roomId: string,
  run: ActiveRun,
  obs: RunObservability,
  logIds: LogIds,
  error: unknown,
): Promise<void> {
  const appError = obs.capture(error);
  serverLog.error("run failed", {
    ...logIds,
    round: run.state!.round,
    "error.code": appError.code,
  });
  // Viewers see what failed, never the provider's own text (addresses, ports, echoed keys).
  const shown = { code: appError.code, message: viewerMessage(appError) };
  await deps
    .commit(roomId, [{ type: "room_failed", error: shown }])
    .catch((commitError: unknown) => {
      obs.capture(commitError);
      return deps.repo
        .updateRoom(roomId, { status: "failed", error: shown })
        .catch(() => undefined);
    });
}
