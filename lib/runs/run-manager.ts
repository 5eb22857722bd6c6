import "server-only";
import type { Repository } from "@/lib/db/repository";
import type { RoomEventData } from "@/lib/domain/stream-events";
import { foldEvents, type RoomState } from "@/lib/engine/room-state";
import { AppError } from "@/lib/errors/app-error";
import { DEFAULT_LIMITS, type Limits } from "@/lib/security/settings";
import { enqueueRun, runClaimed, type ClusterDeps } from "./cluster-runs";
import {
  controlEvents,
  type ControlDeps,
  forceRoomDecision,
  postRoomMessage,
  stopRoom,
} from "./room-controls";
import { RoomCommits } from "./room-commits";
import { loadRoom } from "./room-setup";
import { executeRun, type ExecutionDeps } from "./run-execution";
import type { TraceHeaders } from "./run-observability";
import type { RemoteControl, RunHost } from "./run-queue";
import { KeyedSerialiser, RunSlots } from "./run-slots";
import type {
  Abort,
  ActiveRun,
  Control,
  RunJob,
  ForceDecision,
  RunManagerOptions,
} from "./run-types";

const now = () => new Date().toISOString();

/** Runs are server-side jobs owned by this process, independent of any viewer's connection. */
export class RunManager {
  private readonly active = new Map<string, ActiveRun>();
  private readonly commits: RoomCommits;
  /** Start, stop, decision and message of one room run one at a time. */
  private readonly controls = new KeyedSerialiser();
  private readonly limits: Limits;
  private readonly slots: RunSlots;
  private readonly executionDeps: ExecutionDeps;
  private readonly controlDeps: ControlDeps;
  private draining = false;

  constructor(
    private readonly repo: Repository,
    private readonly options: RunManagerOptions,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.slots = new RunSlots(this.limits);
    this.commits = new RoomCommits(repo, this.limits.maxEventsPerRoom, (id) => this.active.get(id));
    this.executionDeps = {
      options,
      repo,
      commit: (roomId, events) => this.commit(roomId, events),
      commitsSettled: (roomId) => this.commits.settled(roomId),
    };
    this.controlDeps = {
      limits: this.limits,
      activeRun: (roomId) => this.active.get(roomId),
      load: (roomId) => this.load(roomId),
      forwarded: (roomId, control) => this.forwarded(roomId, control),
      commit: (roomId, events) => this.commit(roomId, events),
    };
  }

  isRunning(roomId: string): boolean {
    return this.active.has(roomId);
  }

  /** Persist first, then announce: one transaction per step, serialised per room. */
  commit(roomId: string, events: RoomEventData[]): Promise<RoomState | undefined> {
    return this.commits.commit(roomId, events);
  }

  private load(roomId: string) {
    return loadRoom(this.repo, roomId, this.limits.transcriptWindow);
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
      let { room, episode, setup, state, experiment } = await this.load(roomId);
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
      run.done = this.whenSlotFree({
        roomId,
        run,
        llm: episode.config.llm,
        setup,
        trace,
        experiment,
      }).finally(() => this.active.delete(roomId));
      return { alreadyRunning: false, queued };
    } catch (error) {
      this.active.delete(roomId);
      throw error;
    }
  }

  private async whenSlotFree(job: RunJob): Promise<void> {
    const { roomId, run, setup } = job;
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
      await executeRun(this.executionDeps, job);
    } finally {
      this.slots.release(setup.episodeId);
    }
  }

  private applyControl(roomId: string, state: RoomState, control: Control): Promise<unknown> {
    return this.commit(roomId, controlEvents(state.round, control));
  }

  stop = (roomId: string): Promise<void> =>
    this.controls.run(roomId, () => stopRoom(this.controlDeps, roomId));

  forceDecision = (roomId: string, decision: ForceDecision): Promise<void> =>
    this.controls.run(roomId, () => forceRoomDecision(this.controlDeps, roomId, decision));

  postMessage = (roomId: string, text: string): Promise<void> =>
    this.controls.run(roomId, () => postRoomMessage(this.controlDeps, roomId, text));

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
      execute: (job) => executeRun(this.executionDeps, job),
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
          ? stopRoom(this.controlDeps, roomId)
          : control.kind === "force"
            ? forceRoomDecision(this.controlDeps, roomId, control.decision)
            : postRoomMessage(this.controlDeps, roomId, control.text),
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
