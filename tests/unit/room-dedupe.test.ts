import { describe, expect, it } from "vitest";
import type { Event } from "@sentry/core";
import { roomDedupeIntegration } from "@/lib/sentry/server/room-dedupe";

const failure = (room: string | undefined): Event => ({
  exception: {
    values: [
      {
        type: "AppError",
        value: "Simulated provider error (HTTP 500)",
        stacktrace: {
          frames: [{ filename: "run-room.ts", lineno: 42, colno: 7, function: "turn" }],
        },
      },
    ],
  },
  fingerprint: ["llm", "LLM_UNAVAILABLE", "simulated"],
  tags: room ? { negotiation_id: room } : {},
});

const kept = (events: Event[], maxRooms?: number) => {
  const dedupe = roomDedupeIntegration(maxRooms);
  return events.filter((event) => dedupe.processEvent?.(event, {}, undefined as never) !== null)
    .length;
};

describe("room-aware dedupe", () => {
  it("keeps the same failure of different rooms: each room's failure is its own occurrence", () => {
    expect(kept([failure("a"), failure("b"), failure("c")])).toBe(3);
  });

  it("still drops a failure captured twice in a row in one room, and outside any room", () => {
    expect(kept([failure("a"), failure("a"), failure("b")])).toBe(2);
    expect(kept([failure(undefined), failure(undefined)])).toBe(1);
  });

  it("forgets the oldest room beyond its bound instead of growing", () => {
    // With room for one room only, "a" is forgotten once "b" arrives, so its repeat is kept.
    expect(kept([failure("a"), failure("b"), failure("a")], 1)).toBe(3);
    expect(kept([failure("a"), failure("b"), failure("a")], 2)).toBe(2);
  });
});
