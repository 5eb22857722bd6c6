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
import { AppError } from "@/lib/errors/app-error";
import { publish } from "./room-bus";
import { observeRun, type TraceHeaders } from "./run-observability";

export type ForceDecision = { action: "accept"; offerId: string } | { action: "no_deal"; reason?: string };
type Control = { kind: "stop" } | { kind: "force"; decision: ForceDecision; offer?: Offer };
type ActiveRun = { controller: AbortController; state?: RoomState; done?: Promise<void> };

export type RunManagerOptions = { modelFor: (llm: LlmSettings) => LanguageModelV3; concurrency?: number; retry?: { baseDelayMs?: number } };

const now = () => new Date().toISOString();

function patchFor(events: RoomEventData[]): RoomPatch {
  const patch: RoomPatch = {};
  for (const event of events) {
    if (event.type === "round_started") Object.assign(patch, { round: event.round, status: "running" });
    if (event.type === "room_completed") Object.assign(patch, { status: "completed", endedAt: now(), error: null });
    if (event.type === "room_failed") Object.assign(patch, { status: "failed", endedAt: now(), error: event.error });
  }
  return patch;
}

export function roomSetup(room: RoomRow, config: EpisodeConfig): RoomSetup {
  const plan = planRooms(config)[room.position];
  if (!plan) throw new AppError("ROOM_NOT_FOUND", `Room ${room.id} does not match its episode`);
  const { provider, model, maxRounds, maxBadTurns } = config.llm;
  return { roomId: room.id, episodeId: room.episodeId, buyerName: config.buyer.name, item: plan.item, sellers: plan.sellers, maxRounds, maxBadTurns, provider, model };
}

/** Runs are server-side jobs owned by this process, independent of any viewer's connection. */
export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repo: Repository,
    private readonly options: RunManagerOptions,
  ) {}

  isRunning(roomId: string): boolean {
    return this.active.has(roomId);
  }

  /** Persist first, then announce: one transaction per step, serialised per room. */
  commit(roomId: string, events: RoomEventData[]): Promise<RoomState | undefined> {
    const next = (this.queues.get(roomId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const stored = await this.repo.appendEvents(roomId, events, patchFor(events));
        const run = this.active.get(roomId);
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
    const setup = roomSetup(room, episode.config);
    return { room, episode, setup, state: foldEvents(setup, await this.repo.listEvents(roomId)) };
  }

  /** Idempotent: starting a running room returns it as it is. */
  async start(roomId: string, mode: "start" | "resume" | "restart", trace?: TraceHeaders): Promise<{ alreadyRunning: boolean }> {
    if (this.active.has(roomId)) return { alreadyRunning: true };
    const run: ActiveRun = { controller: new AbortController() };
    this.active.set(roomId, run);
    try {
      let { room, episode, setup, state } = await this.load(roomId);
      if (room.status === "no_sellers") throw new AppError("CONFLICT", "No seller stocks this item");
      if (mode === "restart") {
        await this.repo.resetRoom(roomId);
        state = foldEvents(setup, []);
      } else if (state.outcome) {
        throw new AppError("CONFLICT", "This room has finished; restart it to negotiate again");
      }
      await this.repo.updateRoom(roomId, { status: "running", startedAt: mode === "restart" || !room.startedAt ? now() : room.startedAt, error: null, endedAt: null });
      run.state = state;
      run.done = this.execute(roomId, run, episode.config.llm, setup, trace).finally(() => this.active.delete(roomId));
      return { alreadyRunning: false };
    } catch (error) {
      this.active.delete(roomId);
      throw error;
    }
  }

  private execute(roomId: string, run: ActiveRun, llm: LlmSettings, setup: RoomSetup, trace?: TraceHeaders): Promise<void> {
    const ids = { negotiationId: roomId, sessionId: setup.episodeId, provider: llm.provider, model: llm.model };
    return observeRun(ids, trace, async (obs) => {
      const agents = createAgents({ llm, model: this.options.modelFor(llm), signal: run.controller.signal, ids, retry: this.options.retry });
      try {
        await runRoom(run.state!, {
          agents,
          commit: async (events) => (await this.commit(roomId, events)) ?? run.state!,
          concurrency: this.options.concurrency,
          inRound: obs.round,
          onStep: obs.step,
          onTurnPassed: (error, turn) => reportPassedTurn(error, llm.provider, turn),
        });
      } catch (error) {
        const control = run.controller.signal.reason as Control | undefined;
        if (run.controller.signal.aborted && control?.kind) {
          obs.step(`run ${control.kind === "stop" ? "stopped" : "decided"} by the user`, {});
          await this.applyControl(roomId, run.state!, control);
          return;
        }
        if (error instanceof CancelledError) return;
        const appError = obs.capture(error);
        await this.commit(roomId, [{ type: "room_failed", error: { code: appError.code, message: appError.message } }]).catch((commitError: unknown) => {
          obs.capture(commitError);
          return this.repo.updateRoom(roomId, { status: "failed", error: { code: appError.code, message: appError.message } }).catch(() => undefined);
        });
      }
    });
  }

  private async applyControl(roomId: string, state: RoomState, control: Control) {
    const round = state.round;
    if (control.kind === "stop") {
      await this.commit(roomId, [{ type: "room_completed", outcome: noDeal("Stopped by the user.", round, true) }]);
      return;
    }
    const events: RoomEventData[] =
      control.decision.action === "accept" && control.offer
        ? [
            { type: "decision", round, action: "accept", offerId: control.offer.id, reason: "Accepted by the user.", forced: true },
            { type: "room_completed", outcome: dealOutcome(control.offer, round, true) },
          ]
        : [
            { type: "decision", round, action: "walk_away", reason: (control.decision.action === "no_deal" && control.decision.reason) || "Ended by the user without a deal.", forced: true },
            { type: "room_completed", outcome: noDeal((control.decision.action === "no_deal" && control.decision.reason) || "Ended by the user without a deal.", round, true) },
          ];
    await this.commit(roomId, events);
  }

  async stop(roomId: string): Promise<void> {
    const run = this.active.get(roomId);
    if (!run?.done) {
      const { state } = await this.load(roomId);
      if (state.outcome) throw new AppError("CONFLICT", "This room has already finished");
      await this.applyControl(roomId, state, { kind: "stop" });
      return;
    }
    run.controller.abort({ kind: "stop" } satisfies Control);
    await run.done;
  }

  async forceDecision(roomId: string, decision: ForceDecision): Promise<void> {
    const run = this.active.get(roomId);
    const state = run?.state ?? (await this.load(roomId)).state;
    if (state.outcome) throw new AppError("CONFLICT", "This room has already finished");
    let offer: Offer | undefined;
    if (decision.action === "accept") {
      offer = latestOffers(state.offers).find((o) => o.id === decision.offerId);
      if (!offer) throw new AppError("VALIDATION_ERROR", "That offer is not a current offer in this room", { details: [{ path: "offerId", message: "Not a current offer" }] });
    }
    const control: Control = { kind: "force", decision, offer };
    if (run?.done) {
      run.controller.abort(control);
      await run.done;
    } else {
      await this.applyControl(roomId, state, control);
    }
  }

  async postMessage(roomId: string, text: string): Promise<void> {
    const state = this.active.get(roomId)?.state ?? (await this.load(roomId)).state;
    if (state.outcome) throw new AppError("CONFLICT", "This room has already finished");
    await this.commit(roomId, [{ type: "user_message", round: state.round, text }]);
  }

  /** For tests and shutdown: resolves when the room's run (if any) has ended. */
  async settled(roomId: string): Promise<void> {
    await this.active.get(roomId)?.done;
  }

  async stopAll(roomIds: string[]): Promise<void> {
    await Promise.all(roomIds.filter((id) => this.active.has(id)).map((id) => this.stop(id).catch(() => undefined)));
  }
}
