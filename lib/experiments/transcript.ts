import "server-only";
import { createHash } from "node:crypto";
import type { RoomEvent } from "@/lib/domain/stream-events";

/**
 * The canonical transcript of a room: every event in sequence order, one JSON line each, without
 * the wall-clock `at`. On the simulated provider the same seed and configuration give the same bytes.
 */
export function canonicalTranscript(events: readonly RoomEvent[]): string {
  return events
    .map(({ at: _at, ...event }) => JSON.stringify(event))
    .join("\n")
    .concat(events.length ? "\n" : "");
}

export function transcriptHash(events: readonly RoomEvent[]): string {
  return createHash("sha256").update(canonicalTranscript(events)).digest("hex");
}
