import "server-only";
import { randomUUID } from "node:crypto";
import type { PgListener } from "@/lib/db/pg-listener";
import type { ExperimentProgressEvent } from "@/lib/domain/stream-events";
import { inProcessProgressBus, type ProgressBus } from "./progress-bus";

/** NOTIFY channel of experiment progress, payload `<publishing bus>:<experiment id>` (PostgreSQL only). */
export const EXPERIMENT_PROGRESS_CHANNEL = "mams_experiment_progress";

type Watch = { last?: string; chain: Promise<void> };

/**
 * Live experiment progress across instances. Publishing delivers to this instance's viewers at once and
 * sends a NOTIFY naming the experiment; every other instance with viewers of it recomputes the progress
 * from storage (`read`), so a merged or lost notice is made up for by the next read, which has it all.
 */
export async function pgProgressBus(
  listener: PgListener,
  deps: {
    notify: (channel: string, payload: string) => Promise<void>;
    read: (experimentId: string) => Promise<ExperimentProgressEvent | undefined>;
  },
): Promise<ProgressBus> {
  const origin = randomUUID();
  const local = inProcessProgressBus();
  const watched = new Map<string, Watch>();

  /** Serialised per experiment, so reads reach viewers in the order they were made; a repeat is dropped. */
  const catchUp = (experimentId: string) => {
    const watch = watched.get(experimentId);
    if (!watch) return;
    watch.chain = watch.chain
      .then(async () => {
        const event = await deps.read(experimentId);
        const key = event && JSON.stringify(event);
        if (!event || key === watch.last || watched.get(experimentId) !== watch) return;
        watch.last = key;
        local.publish(experimentId, event);
      })
      .catch(() => undefined);
  };

  await listener.listen(EXPERIMENT_PROGRESS_CHANNEL, (payload) => {
    const at = payload.indexOf(":");
    // This bus's own notices: its viewers already have the event.
    if (at > 0 && payload.slice(0, at) !== origin) catchUp(payload.slice(at + 1));
  });
  // Notices sent while the connection was down are lost: re-read every watched experiment.
  listener.onReconnect(() => watched.forEach((_, experimentId) => catchUp(experimentId)));

  return {
    subscribe(experimentId, onEvent) {
      if (!watched.has(experimentId)) watched.set(experimentId, { chain: Promise.resolve() });
      const off = local.subscribe(experimentId, onEvent);
      return () => {
        off();
        if (!local.viewerCount(experimentId)) watched.delete(experimentId);
      };
    },
    publish(experimentId, event) {
      const watch = watched.get(experimentId);
      if (watch) watch.last = JSON.stringify(event);
      local.publish(experimentId, event);
      void deps
        .notify(EXPERIMENT_PROGRESS_CHANNEL, `${origin}:${experimentId}`)
        .catch(() => undefined);
    },
    viewerCount: (experimentId) => local.viewerCount(experimentId),
  };
}
