import "server-only";
import {
  CONTROL_DONE_CHANNEL,
  CONTROLS_CHANNEL,
  type ClusterStore,
  type ControlResult,
} from "@/lib/db/cluster-store";
import type { PgListener } from "@/lib/db/pg-listener";
import { AppError, isAppError } from "@/lib/errors/app-error";
import type { RemoteControl, RunHost } from "./run-queue";

/**
 * Stop, force decision and messages for a room whose run lives on another instance, through the database:
 * the requester stores the control and waits for its answer; the runner claims its rooms' controls in
 * order, applies each and stores the answer.
 */
export function remoteControls(options: {
  store: ClusterStore;
  instance: string;
  takeoverSeconds: number;
  /** The run manager of this instance, once the queue has started. */
  host: () => RunHost | undefined;
}) {
  const { store, instance } = options;
  const doneWaiters = new Map<number, () => void>();

  /** Controls for rooms this instance runs, oldest first, each claimed before it is applied. */
  const drainControls = async (roomId: string) => {
    const host = options.host();
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

  return {
    /** New controls wake their runner; finished ones wake their requester (who also polls). */
    async listen(listener: PgListener) {
      await listener.listen(CONTROLS_CHANNEL, (roomId) => serialDrain(roomId));
      await listener.listen(CONTROL_DONE_CHANNEL, (id) => doneWaiters.get(Number(id))?.());
    },

    /** Applies the room's waiting controls here, one drain at a time per room. */
    drain: serialDrain,

    async forward(roomId: string, control: RemoteControl) {
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
  };
}
