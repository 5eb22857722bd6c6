"use client";

import { captureException } from "@mams/sentry-loader";
import { createParser } from "eventsource-parser";
import { useCallback, useEffect, useRef, useState } from "react";
import { ROOM_EVENT_TYPES, TERMINAL_EVENT_TYPES, type RoomEvent } from "@/lib/domain/stream-events";
import { mergeEvents } from "./room-view-model";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline" | "ended";

const MAX_BACKOFF_MS = 10_000;
/** Consecutive failed connections (about 7 s of backoff) before the outage is reported, once. */
export const REPORT_AFTER_FAILURES = 5;

export class RoomStreamError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RoomStreamError";
  }
}

/** The viewer keeps retrying; Sentry hears of the outage once, with the room's ids. */
export function reportStreamOutage(
  ids: { roomId: string; episodeId?: string },
  failures: number,
  lastError: unknown,
): void {
  const cause = lastError instanceof Error ? lastError.message : String(lastError);
  captureException(
    new RoomStreamError(
      `The room's live stream failed ${failures} times in a row (last: ${cause})`,
      { cause: lastError },
    ),
    {
      level: "error",
      fingerprint: ["room-stream", "unavailable"],
      tags: {
        negotiation_id: ids.roomId,
        ...(ids.episodeId && { session_id: ids.episodeId }),
        "error.code": "STREAM_UNAVAILABLE",
      },
    },
  );
}

/**
 * Consumes the room's SSE stream with fetch (so Sentry's trace headers go along; EventSource
 * cannot send them), resumes with Last-Event-ID after a drop, and merges by sequence number.
 */
export function useRoomStream(roomId: string, initialEvents: RoomEvent[], episodeId?: string) {
  const [events, setEvents] = useState<RoomEvent[]>(initialEvents);
  const [connection, setConnection] = useState<ConnectionState>(() =>
    endsWithTerminal(initialEvents) ? "ended" : "connecting",
  );
  const cursor = useRef(initialEvents.at(-1)?.seq ?? 0);
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation restarts the loop after Start/Resume/Restart; events, connection and sessionId are read once per loop
  useEffect(() => {
    if (endsWithTerminal(events) && generation === 0 && connection === "ended") return;
    const controller = new AbortController();
    let attempt = 0;
    let stopped = false;
    let failures = 0;
    let reported = false;

    const run = async () => {
      while (!stopped) {
        if (typeof navigator !== "undefined" && !navigator.onLine) {
          setConnection("offline");
          await waitForOnline(controller.signal);
          continue;
        }
        let ended = false;
        try {
          const response = await fetch(`/api/rooms/${roomId}/stream`, {
            headers: { "last-event-id": String(cursor.current), accept: "text/event-stream" },
            signal: controller.signal,
            cache: "no-store",
          });
          if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
          setConnection("live");
          attempt = 0;
          failures = 0;
          reported = false;
          const batch: RoomEvent[] = [];
          let flush: ReturnType<typeof setTimeout> | undefined;
          const parser = createParser({
            onEvent: (message) => {
              if (!message.id || !ROOM_EVENT_TYPES.includes(message.event as RoomEvent["type"]))
                return;
              const event = JSON.parse(message.data) as RoomEvent;
              if (event.seq <= cursor.current) return;
              cursor.current = event.seq;
              batch.push(event);
              if (TERMINAL_EVENT_TYPES.includes(event.type)) ended = true;
              flush ??= setTimeout(() => {
                flush = undefined;
                const items = batch.splice(0);
                setEvents((current) => mergeEvents(current, items));
              }, 16);
            },
          });
          const reader = response.body.getReader();
          const decoder = new TextDecoder();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            parser.feed(decoder.decode(value, { stream: true }));
          }
          if (flush) clearTimeout(flush);
          const rest = batch.splice(0);
          if (rest.length) setEvents((current) => mergeEvents(current, rest));
        } catch (error) {
          if (controller.signal.aborted) return;
          failures += 1;
          if (failures >= REPORT_AFTER_FAILURES && !reported) {
            reported = true;
            reportStreamOutage({ roomId, episodeId }, failures, error);
          }
        }
        if (ended) {
          setConnection("ended");
          return;
        }
        setConnection("reconnecting");
        const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt++) * (0.5 + Math.random() / 2);
        await sleep(delay, controller.signal);
      }
    };
    void run();
    return () => {
      stopped = true;
      controller.abort();
    };
  }, [roomId, generation]);

  /** After a start, resume or restart: listen again; a restart also clears the old history. */
  const reconnect = useCallback((options: { clear?: boolean } = {}) => {
    if (options.clear) setEvents([]);
    setConnection("connecting");
    setGeneration((g) => g + 1);
  }, []);

  return { events, connection, reconnect };
}

function endsWithTerminal(events: readonly RoomEvent[]) {
  const last = events.at(-1);
  return Boolean(last && TERMINAL_EVENT_TYPES.includes(last.type));
}

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}

function waitForOnline(signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const done = () => (window.removeEventListener("online", done), resolve());
    window.addEventListener("online", done);
    signal.addEventListener("abort", done, { once: true });
  });
}
