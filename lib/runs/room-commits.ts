import "server-only";
import type { Repository } from "@/lib/db/repository";
import type { RoomEventData } from "@/lib/domain/stream-events";
import { applyEvent, type RoomState } from "@/lib/engine/room-state";
import { publish } from "./room-bus";
import { patchFor } from "./room-setup";
import type { ActiveRun } from "./run-types";

/** Persist first, then announce: one transaction per step, serialised per room. */
export class RoomCommits {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repo: Repository,
    private readonly maxEvents: number,
    private readonly activeRun: (roomId: string) => ActiveRun | undefined,
  ) {}

  /** Stores the events (fenced by the run's lease, if any), folds them into the live state, publishes them. */
  commit(roomId: string, events: RoomEventData[]): Promise<RoomState | undefined> {
    const next = (this.queues.get(roomId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const run = this.activeRun(roomId);
        const stored = await this.repo.appendEvents(roomId, events, patchFor(events), {
          maxEvents: this.maxEvents,
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

  /** Resolves once every commit queued for the room so far is stored (or failed). */
  async settled(roomId: string): Promise<void> {
    await this.queues.get(roomId)?.catch(() => undefined);
  }
}
