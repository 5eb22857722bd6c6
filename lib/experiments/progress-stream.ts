import "server-only";
import type { ExperimentProgressEvent } from "@/lib/domain/stream-events";
import { subscribeProgress } from "./progress-bus";

const encoder = new TextEncoder();
const HEARTBEAT_MS = 15_000;

const frame = (event: ExperimentProgressEvent | { type: "heartbeat"; at: string }) =>
  encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);

/** Subscribe first, then send the stored snapshot, so no change between the two is lost. */
export function experimentProgressStream(
  experimentId: string,
  snapshot: () => Promise<ExperimentProgressEvent>,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      const send = (event: ExperimentProgressEvent) => {
        if (closed) return;
        controller.enqueue(frame(event));
        if (event.status !== "running") close();
      };
      const unsubscribe = subscribeProgress(experimentId, send);
      const heartbeat = setInterval(
        () =>
          !closed && controller.enqueue(frame({ type: "heartbeat", at: new Date().toISOString() })),
        HEARTBEAT_MS,
      );
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
      signal.addEventListener("abort", close, { once: true });
      try {
        send(await snapshot());
      } catch (error) {
        close();
        throw error;
      }
    },
    cancel() {
      cleanup();
    },
  });
}
