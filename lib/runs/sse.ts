import "server-only";
import * as Sentry from "@sentry/nextjs";
import type { RoomEvent, StreamEvent } from "@/lib/domain/stream-events";
import { TERMINAL_EVENT_TYPES } from "@/lib/domain/stream-events";
import { AppError, isAppError } from "@/lib/errors/app-error";
import { onShutdown } from "@/lib/server/lifecycle";
import { captureAppError } from "@/lib/sentry/server/capture";
import { spanStatusFor } from "@/lib/sentry/server/span-status";
import { subscribe } from "./room-bus";

export const HEARTBEAT_MS = 15_000;
/** Sent when the server shuts down: how long a viewer waits before reconnecting (to the next process). */
export const SHUTDOWN_RETRY_MS = 2_000;
const encoder = new TextEncoder();

/** `event:` is the event's type; no domain event is ever named `error` (it would collide with EventSource's). */
export function formatSse(event: StreamEvent): string {
  const id = "seq" in event ? `id: ${event.seq}\n` : "";
  return `${id}event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

// A live event reaches every viewer of the room as the same object: encode it once, not per viewer.
const encoded = new WeakMap<StreamEvent, Uint8Array>();
function encodeSse(event: StreamEvent): Uint8Array {
  let bytes = encoded.get(event);
  if (!bytes) encoded.set(event, (bytes = encoder.encode(formatSse(event))));
  return bytes;
}

export function parseLastEventId(request: Request): number {
  const raw =
    request.headers.get("last-event-id") ??
    new URL(request.url).searchParams.get("lastEventId") ??
    "0";
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : 0;
}

type StreamOptions = {
  roomId: string;
  /** The room's episode: `session_id` on the stream's span and errors. */
  episodeId?: string;
  afterSeq: number;
  history: (afterSeq: number) => Promise<RoomEvent[]>;
  signal: AbortSignal;
  heartbeatMs?: number;
  /** Called once when the stream ends, whoever ends it. */
  onClose?: () => void;
};

/**
 * History from storage first (late joiners, Last-Event-ID resumption), then live events,
 * with no gap and no duplicate: live events that arrive while history loads are buffered
 * and de-duplicated by sequence number. The viewer going away never touches the run.
 */
export function roomEventStream(options: StreamOptions): ReadableStream<Uint8Array> {
  let lastSent = options.afterSeq;
  let closed = false;
  let sent = 0;
  let cleanup = () => {};
  const span = Sentry.startInactiveSpan({
    op: "sse.stream",
    name: "room event stream",
    attributes: {
      negotiation_id: options.roomId,
      ...(options.episodeId && { session_id: options.episodeId }),
      "mams.sse.after_seq": options.afterSeq,
    },
  });

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const close = (reason: "completed" | "client_closed" | "failed" | "shutdown") => {
        if (closed) return;
        closed = true;
        cleanup();
        span.setAttributes({ "mams.sse.events_sent": sent, "mams.sse.close_reason": reason });
        span.end();
        if (reason !== "client_closed") {
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        }
      };
      const send = (event: StreamEvent, mayClose = true) => {
        if (closed) return;
        if ("seq" in event) {
          if (event.seq <= lastSent) return;
          lastSent = event.seq;
          sent += 1;
        }
        controller.enqueue(encodeSse(event));
        if (mayClose && "seq" in event && TERMINAL_EVENT_TYPES.includes(event.type))
          close("completed");
      };

      let live = false;
      const pending: RoomEvent[] = [];
      const unsubscribe = subscribe(options.roomId, (event) =>
        live ? send(event) : pending.push(event),
      );
      const heartbeat = setInterval(
        () => send({ type: "heartbeat", at: new Date().toISOString() }),
        options.heartbeatMs ?? HEARTBEAT_MS,
      );
      const onAbort = () => close("client_closed");
      options.signal.addEventListener("abort", onAbort, { once: true });
      const offShutdown = onShutdown("streams", () => {
        if (closed) return;
        controller.enqueue(
          encoder.encode(`retry: ${SHUTDOWN_RETRY_MS}\n: server shutting down\n\n`),
        );
        close("shutdown");
      });
      cleanup = () => {
        options.onClose?.();
        offShutdown();
        unsubscribe();
        clearInterval(heartbeat);
        options.signal.removeEventListener("abort", onAbort);
      };

      try {
        controller.enqueue(encoder.encode(": connected\n\n"));
        // A room resumed after a failure has room_failed mid-history: only the last event may end the stream.
        const history = await options.history(options.afterSeq);
        history.forEach((event, index) => send(event, index === history.length - 1));
        for (const event of pending.sort((a, b) => a.seq - b.seq)) send(event);
        live = true;
      } catch (error) {
        const appError = isAppError(error)
          ? error
          : new AppError("INTERNAL_ERROR", "The event stream failed", { cause: error });
        captureAppError(appError, {
          route: "GET /api/rooms/[roomId]/stream",
          tags: { negotiation_id: options.roomId, session_id: options.episodeId },
        });
        span.setStatus(spanStatusFor(appError.code));
        span.setAttribute("mams.error.code", appError.code);
        close("failed");
      }
    },
    cancel() {
      closed = true;
      cleanup();
      options.onClose?.();
      span.setAttributes({
        "mams.sse.events_sent": sent,
        "mams.sse.close_reason": "client_closed",
      });
      span.end();
    },
  });
}
