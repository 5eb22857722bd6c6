import "server-only";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { createAgents } from "@/lib/ai/agents";
import { CancelledError } from "@/lib/ai/errors";
import { reportPassedTurn } from "@/lib/ai/turn-report";
import type { Repository, RoomPatch, RoomRow } from "@/lib/db/repository";
import type { EpisodeConfig, LlmSettings } from "@/lib/domain/schemas";
import type { Offer, RoomEventData } from "@/lib/domain/stream-events";
import { dealOutcome, noDeal } from "@/lib/engine/decision";
import { planRooms } from "@/lib/engine/matching";
import { latestOffers } from "@/lib/engine/offers";
import { applyEvent, foldEvents, type RoomSetup, type RoomState } from "@/lib/engine/room-state";
import { runRoom } from "@/lib/engine/run-room";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { labFor } from "@/lib/db/lab-repository";
import { isReadOnly } from "@/lib/experiments/read-only";
import { DEFAULT_LIMITS, type Limits } from "@/lib/security/settings";
import { viewerMessage } from "@/lib/ai/endpoint-policy";
import { reportRunInterrupted } from "@/lib/sentry/server/report-interrupted";
import { serverLog } from "@/lib/sentry/server/server-log";
import { publish } from "./room-bus";
import { KeyedSerialiser, RunSlots } from "./run-slots";
import { observeRun, type TraceHeaders } from "./run-observability";
import { enqueueRun, runClaimed, type ClusterDeps } from "./cluster-runs";
import type { RemoteControl, RunHost, RunQueue } from "./run-queue";

export type ForceDecision =
  | { action: "accept"; offerId: string }
  | { action: "no_deal"; reason?: string };
type Control =
  | { kind: "stop" }
  | { kind: "force"; decision: ForceDecision; offer?: Offer }
  | { kind: "budget" };
type Abort = Control | { kind: "shutdown"; signal: string } | { kind: "lease_lost" };

/** Wraps a run's model to meter its tokens and cost; `stop` ends the run as budget_exceeded. */
export type UsageMeter = {
  wrap(
    model: LanguageModelV3,
    info: { roomId: string; episodeId: string; llm: LlmSettings },
    stop: () => void,
  ): LanguageModelV3;
};
/** `lease`: set when the run was claimed from the PostgreSQL queue; every write of the run is fenced by it. */
type ActiveRun = {
  controller: AbortController;
  state?: RoomState;
  done?: Promise<void>;
  lease?: string;
  handover?: boolean;
};
export type ActiveRunHandle = ActiveRun;
export type ExperimentIds = { experimentId?: string; arm?: string };

export type RunManagerOptions = {
  modelFor: (llm: LlmSettings, episodeId: string) => LanguageModelV3;
  concurrency?: number;
  retry?: { baseDelayMs?: number };
  limits?: Partial<Limits>;
  /** Refuses a start before anything is stored (endpoint policy, token budget): throws an AppError. */
  checkStart?: (llm: LlmSettings, episodeId: string) => void;
  meter?: UsageMeter;
  /** PostgreSQL scale-out (lib/runs/pg-run-queue.ts); without it runs stay in this process. */
  queue?: RunQueue;
  /** Reports a takeover once (lib/sentry/report-takeover.ts). */
  onTakeover?: (info: { roomId: string; from: string; to: string; round: number }) => void;
};

const now = () => new Date().toISOString();

function patchFor(events: RoomEventData[]): RoomPatch {
  const patch: RoomPatch = {};
  for (const event of events) {
    if (event.type === "round_started")
      Object.assign(patch, { round: event.round, status: "running" });
    if (event.type === "room_completed")
      Object.assign(patch, { status: "completed", endedAt: now(), error: null });
    if (event.type === "room_failed")
      Object.assign(patch, { status: "failed", endedAt: now(), error: event.error });
  }
  return patch;
}

export function roomSetup(
  room: RoomRow,
  config: EpisodeConfig,
  transcriptWindow?: number,
): RoomSetup {
  const plan = planRooms(config)[room.position];
  if (!plan) throw new AppError("ROOM_NOT_FOUND", `Room ${room.id} does not match its episode`);
  const { provider, model, maxRounds, maxBadTurns } = config.llm;
  return {
    roomId: room.id,
    episodeId: room.episodeId,
    buyerName: config.buyer.name,
    ...(config.buyer.strategy && { buyerStrategy: config.buyer.strategy }),
    item: plan.item,
    sellers: plan.sellers,
    maxRounds,
    maxBadTurns,
    provider,
    model,
    transcriptWindow,
  };
}

/** Runs are server-side jobs owned by this process, independent of any viewer's connection. */
export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Start, stop, decision and message of one room run one at a time. */
  private readonly controls = new KeyedSerialiser();
  private readonly limits: Limits;
  private readonly slots: RunSlots;
  private draining = false;

  constructor(
    private readonly repo: Repository,
    private readonly options: RunManagerOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.slots = new RunSlots(this.limits);
  }

  isRunning(roomId: string): boolean {
    return this.active.has(roomId);
  }

  /** Persist first, then announce: one transaction per step, serialised per room. */
  commit(roomId: string, events: RoomEventData[]): Promise<RoomState | undefined> {
    const next = (this.queues.get(roomId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const run = this.active.get(roomId);
        const stored = await this.repo.appendEvents(roomId, events, patchFor(events), {
          maxEvents: this.limits.maxEventsPerRoom,
          ...(run?.lease && { lease: run.lease }),
        });
        if (run?.state) run.state = stored.reduce(applyEvent, run.state);
        publish(roomId, stored);
        // With a fast model (the simulated one, a local LLM) a run never waits on real I/O, and the
        // embedded database resolves in microtasks: without this the viewers' writes would only
        // flush when the run ends, and other requests would wait behind it.
        await new Promise<void>((resolve) => setImmediate(resolve));
        return run?.state;
      });
    this.queues.set(roomId, next);
    return next;
  }

  private async load(roomId: string) {
    const room = await this.repo.requireRoom(roomId);
    const episode = await this.repo.requireEpisode(room.episodeId);
    const source = await labFor(this.repo).getSource(episode.id);
    if (isReadOnly(source))
      throw new AppError("CONFLICT", "This episode was imported: it can be replayed, not changed");
    const setup = roomSetup(room, episode.config, this.limits.transcriptWindow);
    return {
      room,
      episode,
      setup,
      source,
      state: foldEvents(setup, await this.repo.listEvents(roomId)),
    };
  }

  /** Idempotent: starting a running (or queued) room returns it as it is. Beyond the concurrency limits the run waits its turn. */
  start(
    roomId: string,
    mode: "start" | "resume" | "restart",
    trace?: TraceHeaders,
  ): Promise<{ alreadyRunning: boolean; queued: boolean }> {
    return this.controls.run(roomId, () => this.startNow(roomId, mode, trace));
  }

  private async startNow(
    roomId: string,
    mode: "start" | "resume" | "restart",
    trace?: TraceHeaders,
  ): Promise<{ alreadyRunning: boolean; queued: boolean }> {
    if (this.draining)
      throw new AppError(
        "SHUTTING_DOWN",
        "The server is shutting down; start the room again in a moment",
      );
    if (this.active.has(roomId)) return { alreadyRunning: true, queued: false };
    if (this.options.queue)
      return enqueueRun(this.clusterDeps(), this.options.queue, roomId, mode, trace);
    const run: ActiveRun = { controller: new AbortController() };
    this.active.set(roomId, run);
    try {
      let { room, episode, setup, state, source } = await this.load(roomId);
      if (room.status === "no_sellers")
        throw new AppError("CONFLICT", "No seller stocks this item");
      this.options.checkStart?.(episode.config.llm, episode.id);
      const queued = !this.slots.reserveOrQueue(episode.id);
      if (mode === "restart") {
        await this.repo.resetRoom(roomId);
        state = foldEvents(setup, []);
      } else if (state.outcome) {
        throw new AppError("CONFLICT", "This room has finished; restart it to negotiate again");
      }
      await this.repo.updateRoom(roomId, {
        status: "running",
        startedAt: mode === "restart" || !room.startedAt ? now() : room.startedAt,
        error: null,
        endedAt: null,
      });
      run.state = state;
      const experiment =
        source?.kind === "experiment"
          ? { experimentId: source.experimentId, arm: source.armLabel }
          : {};
      run.done = this.whenSlotFree(
        roomId,
        run,
        episode.config.llm,
        setup,
        trace,
        experiment,
      ).finally(() => this.active.delete(roomId));
      return { alreadyRunning: false, queued };
    } catch (error) {
      this.active.delete(roomId);
      throw error;
    }
  }

  private async whenSlotFree(
    roomId: string,
    run: ActiveRun,
    llm: LlmSettings,
    setup: RoomSetup,
    trace: TraceHeaders | undefined,
    experiment: ExperimentIds,
  ): Promise<void> {
    try {
      await this.slots.acquire(setup.episodeId, run.controller.signal);
    } catch {
      // Stopped or decided while waiting: end the room the same way a running one ends.
      const control = run.controller.signal.reason as Abort | undefined;
      if (control?.kind === "shutdown")
        await this.repo.updateRoom(roomId, { status: "interrupted" });
      else if (control?.kind && control.kind !== "lease_lost")
        await this.applyControl(roomId, run.state!, control);
      return;
    }
    try {
      await this.execute(roomId, run, llm, setup, trace, experiment);
    } finally {
      this.slots.release(setup.episodeId);
    }
  }

  private execute(
    roomId: string,
    run: ActiveRun,
    llm: LlmSettings,
    setup: RoomSetup,
    trace: TraceHeaders | undefined,
    experiment: ExperimentIds,
  ): Promise<void> {
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
    return observeRun(ids, trace, async (obs) => {
      serverLog.info("run started", { ...logIds, round: run.state!.round });
      const base = this.options.modelFor(llm, setup.episodeId);
      const model =
        this.options.meter?.wrap(base, { roomId, episodeId: setup.episodeId, llm }, () =>
          run.controller.abort({ kind: "budget" } satisfies Control),
        ) ?? base;
      const agents = createAgents({
        llm,
        model,
        signal: run.controller.signal,
        ids,
        retry: this.options.retry,
      });
      try {
        await runRoom(run.state!, {
          agents,
          commit: async (events) => (await this.commit(roomId, events)) ?? run.state!,
          concurrency: this.options.concurrency,
          inRound: obs.round,
          onStep: obs.step,
          onTurnPassed: (error, turn) => reportPassedTurn(error, llm.provider, turn),
        });
        serverLog.info("run completed", { ...logIds, round: run.state!.round });
      } catch (error) {
        const control = run.controller.signal.reason as Abort | undefined;
        if (run.controller.signal.aborted && control?.kind === "lease_lost") {
          serverLog.warn("run lost its lease: another instance resumes the room", logIds);
          return;
        }
        if (isAppError(error) && error.code === "LEASE_LOST") return;
        if (run.controller.signal.aborted && control?.kind === "shutdown" && run.lease) {
          // Scale-out: another instance resumes the room from storage; nothing is marked interrupted.
          await this.queues.get(roomId)?.catch(() => undefined);
          run.handover = true;
          obs.step("run handed over by server shutdown", { signal: control.signal });
          serverLog.info("run handed over by shutdown", {
            ...logIds,
            round: run.state!.round,
            signal: control.signal,
          });
          return;
        }
        if (run.controller.signal.aborted && control?.kind === "shutdown") {
          // Stored before anything else, so a restart finds the room resumable even if the process dies now.
          await this.queues.get(roomId)?.catch(() => undefined);
          await this.repo.updateRoom(roomId, { status: "interrupted" });
          obs.step("run cut off by server shutdown", { signal: control.signal });
          reportRunInterrupted(control.signal, run.state!.round);
          serverLog.warn("run interrupted by shutdown", {
            ...logIds,
            round: run.state!.round,
            signal: control.signal,
          });
          return;
        }
        if (
          run.controller.signal.aborted &&
          control?.kind &&
          control.kind !== "shutdown" &&
          control.kind !== "lease_lost"
        ) {
          const ended =
            control.kind === "budget"
              ? "run ended: budget exceeded"
              : `run ${control.kind === "stop" ? "stopped" : "decided"} by the user`;
          obs.step(ended, {});
          serverLog.info(ended, logIds);
          await this.applyControl(roomId, run.state!, control);
          return;
        }
        if (error instanceof CancelledError) return;
        const appError = obs.capture(error);
        serverLog.error("run failed", {
          ...logIds,
          round: run.state!.round,
          "error.code": appError.code,
        });
        // Viewers see what failed, never the provider's own text (addresses, ports, echoed keys).
        const shown = { code: appError.code, message: viewerMessage(appError) };
        await this.commit(roomId, [{ type: "room_failed", error: shown }]).catch(
          (commitError: unknown) => {
            obs.capture(commitError);
            return this.repo
              .updateRoom(roomId, { status: "failed", error: shown })
              .catch(() => undefined);
          },
        );
      }
    });
  }

  private async applyControl(roomId: string, state: RoomState, control: Control) {
    const round = state.round;
    if (control.kind === "budget") {
      await this.commit(roomId, [
        {
          type: "room_completed",
          outcome: noDeal("budget_exceeded: the spending limit was reached.", round, false),
        },
      ]);
      return;
    }
    if (control.kind === "stop") {
      await this.commit(roomId, [
        { type: "room_completed", outcome: noDeal("Stopped by the user.", round, true) },
      ]);
      return;
    }
    const events: RoomEventData[] =
      control.decision.action === "accept" && control.offer
        ? [
            {
              type: "decision",
              round,
              action: "accept",
              offerId: control.offer.id,
              reason: "Accepted by the user.",
              forced: true,
            },
            { type: "room_completed", outcome: dealOutcome(control.offer, round, true) },
          ]
        : [
            {
              type: "decision",
              round,
              action: "walk_away",
              reason:
                (control.decision.action === "no_deal" && control.decision.reason) ||
                "Ended by the user without a deal.",
              forced: true,
            },
            {
              type: "room_completed",
              outcome: noDeal(
                (control.decision.action === "no_deal" && control.decision.reason) ||
                  "Ended by the user without a deal.",
                round,
                true,
              ),
            },
          ];
    await this.commit(roomId, events);
  }

  stop = (roomId: string): Promise<void> => this.controls.run(roomId, () => this.stopNow(roomId));

  private async stopNow(roomId: string): Promise<void> {
    const run = this.active.get(roomId);
    if (!run?.done && (await this.forwarded(roomId, { kind: "stop" }))) return;
    if (!run?.done) {
      const { state } = await this.load(roomId);
      if (state.outcome) throw new AppError("CONFLICT", "This room has already finished");
      await this.applyControl(roomId, state, { kind: "stop" });
      return;
    }
    run.controller.abort({ kind: "stop" } satisfies Control);
    await run.done;
  }

  forceDecision = (roomId: string, decision: ForceDecision): Promise<void> =>
    this.controls.run(roomId, () => this.forceDecisionNow(roomId, decision));

  private async forceDecisionNow(roomId: string, decision: ForceDecision): Promise<void> {
    const run = this.active.get(roomId);
    const state = run?.state ?? (await this.load(roomId)).state;
    if (state.outcome) throw new AppError("CONFLICT", "This room has already finished");
    let offer: Offer | undefined;
    if (decision.action === "accept") {
      offer = latestOffers(state.offers).find((o) => o.id === decision.offerId);
      if (!offer)
        throw new AppError("VALIDATION_ERROR", "That offer is not a current offer in this room", {
          details: [{ path: "offerId", message: "Not a current offer" }],
        });
    }
    const control: Control = { kind: "force", decision, offer };
    if (!run?.done && (await this.forwarded(roomId, { kind: "force", decision }))) return;
    if (run?.done) {
      run.controller.abort(control);
      await run.done;
    } else {
      await this.applyControl(roomId, state, control);
    }
  }

  postMessage = (roomId: string, text: string): Promise<void> =>
    this.controls.run(roomId, () => this.postMessageNow(roomId, text));

  private async postMessageNow(roomId: string, text: string): Promise<void> {
    if (!this.active.get(roomId)?.done && (await this.forwarded(roomId, { kind: "message", text })))
      return;
    const state = this.active.get(roomId)?.state ?? (await this.load(roomId)).state;
    if (state.outcome) throw new AppError("CONFLICT", "This room has already finished");
    const posted = state.events.filter((event) => event.type === "user_message").length;
    if (posted >= this.limits.maxMessagesPerRoom)
      throw new AppError(
        "LIMIT_REACHED",
        `This room has reached its limit of ${this.limits.maxMessagesPerRoom} messages`,
      );
    await this.commit(roomId, [{ type: "user_message", round: state.round, text }]);
  }

  /** Applied by the runner wherever it runs: true when another instance did it (its error, if any, thrown here). */
  private async forwarded(roomId: string, control: RemoteControl): Promise<boolean> {
    const result = await this.options.queue?.forward(roomId, control);
    if (!result) return false;
    if (!result.ok) throw AppError.fromBody(result.error);
    return true;
  }

  private clusterDeps(): ClusterDeps {
    return {
      repo: this.repo,
      limits: this.limits,
      active: this.active,
      load: (roomId) => this.load(roomId),
      checkStart: this.options.checkStart,
      isDraining: () => this.draining,
      execute: (roomId, run, llm, setup, experiment) =>
        this.execute(roomId, run, llm, setup, undefined, experiment),
      commit: (roomId, events) => this.commit(roomId, events),
      onTakeover: this.options.onTakeover,
      release: (roomId, lease, handoverJobId) =>
        this.options.queue!.release(roomId, lease, handoverJobId),
    };
  }

  /** The queue's view of this instance (lib/runs/run-queue.ts). */
  host(): RunHost {
    return {
      runClaimed: (roomId, claim) => runClaimed(this.clusterDeps(), roomId, claim),
      // Not through the per-room serialiser: a request on this very instance may hold it while it waits for this
      // answer (its control was sent before this instance took the room over). The queue applies them in order.
      applyRemote: (roomId, control) =>
        control.kind === "stop"
          ? this.stopNow(roomId)
          : control.kind === "force"
            ? this.forceDecisionNow(roomId, control.decision)
            : this.postMessageNow(roomId, control.text),
      runs: (roomId) => Boolean(this.active.get(roomId)?.done),
      leases: () =>
        new Map(
          [...this.active].flatMap(([roomId, run]) =>
            run.lease ? [[roomId, run.lease] as [string, string]] : [],
          ),
        ),
      leaseLost: (roomId) =>
        this.active.get(roomId)?.controller.abort({ kind: "lease_lost" } satisfies Abort),
    };
  }

  /** Resolves when the room's run (if any) has ended, wherever it runs; or, with `signal`, when that is aborted. */
  async settled(roomId: string, signal?: AbortSignal): Promise<void> {
    await this.active.get(roomId)?.done;
    // Scale-out: the run may be queued, or live on another instance, until the room stops being `running`.
    while (
      this.options.queue &&
      !signal?.aborted &&
      (await this.repo.getRoom(roomId))?.status === "running"
    )
      await new Promise((r) => setTimeout(r, 250));
  }

  /**
   * Shutdown: no new runs from now on; every live run is cut off where it stands, its room stored as
   * `interrupted` (resumable with mode "resume") and reported once. Resolves when all have ended.
   */
  async interruptAll(signal: string): Promise<string[]> {
    this.draining = true;
    await this.options.queue?.stopClaiming();
    const live = [...this.active.entries()].filter(([, run]) => run.done);
    for (const [, run] of live) run.controller.abort({ kind: "shutdown", signal } satisfies Abort);
    await Promise.allSettled(live.map(([, run]) => run.done));
    return live.map(([roomId]) => roomId);
  }

  async stopAll(roomIds: string[]): Promise<void> {
    await Promise.all(
      roomIds.filter((id) => this.active.has(id)).map((id) => this.stop(id).catch(() => undefined)),
    );
  }
}
