import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { languageModelFor } from "@/lib/ai/providers";
import type { DbHandle } from "@/lib/db/client";
import { createRepository, type Repository } from "@/lib/db/repository";
import type { RoomEvent } from "@/lib/domain/stream-events";
import { RunManager } from "@/lib/runs/run-manager";
import { configWith } from "../shared/sample-config";
import { pgliteTestDatabase } from "./support/test-db";

// Hundreds of concurrent control pairs (RACE_RUNS per scenario overrides).
const RUNS = Number(process.env.RACE_RUNS ?? 100);

let handle: DbHandle;
let repo: Repository;
let runs: RunManager;
const runsPerEpisode = new Map<string, number>();

beforeAll(async () => {
  handle = await pgliteTestDatabase();
  repo = createRepository(handle);
  runs = new RunManager(repo, {
    modelFor: (llm, episodeId) => {
      runsPerEpisode.set(episodeId, (runsPerEpisode.get(episodeId) ?? 0) + 1);
      return languageModelFor(llm);
    },
    retry: { baseDelayMs: 5 },
  });
}, 120_000);
afterAll(() => handle.close());

/** What a correct room looks like whatever won the race: one run at most, nothing after the outcome. */
function expectConsistent(events: RoomEvent[], label: string) {
  const completed = events.filter((e) => e.type === "room_completed");
  expect(completed.length, `${label}: outcomes`).toBeLessThanOrEqual(1);
  if (completed.length)
    expect(events.at(-1)?.type, `${label}: events after the outcome`).toBe("room_completed");
  const rounds = events
    .filter((e) => e.type === "round_started")
    .map((e) => (e as { round: number }).round);
  expect(rounds, `${label}: rounds (a second run repeats them)`).toEqual(
    [...new Set(rounds)].sort((a, b) => a - b),
  );
  const seqs = events.map((e) => e.seq);
  expect(seqs, `${label}: sequence`).toEqual([...seqs].sort((a, b) => a - b));
}

async function race(label: string, fire: (roomId: string) => Array<Promise<unknown>>) {
  for (let i = 0; i < RUNS; i++) {
    const { episode, rooms } = await repo.createEpisode(configWith({ maxRounds: 3 }));
    const roomId = rooms[0]!.id;
    await Promise.all(fire(roomId).map((p) => p.catch((error: unknown) => error)));
    await runs.settled(roomId);
    const events = await repo.listEvents(roomId);
    expectConsistent(events, `${label} #${i}`);
    expect(runsPerEpisode.get(episode.id) ?? 0, `${label} #${i}: runs`).toBeLessThanOrEqual(1);
    const room = await repo.getRoom(roomId);
    expect(room?.status, `${label} #${i}: status`).toBe("completed");
    expect(
      events.filter((e) => e.type === "room_completed").length,
      `${label} #${i}: one outcome`,
    ).toBe(1);
  }
}

describe("start, stop, decision and message are serialised per room", () => {
  it(
    "start + stop fired together",
    () =>
      race("start+stop", (id) => [
        runs.start(id, "start"),
        runs.stop(id),
        runs.postMessage(id, "hello"),
      ]),
    600_000,
  );
  it(
    "start + decision fired together",
    () =>
      race("start+decision", (id) => [
        runs.start(id, "start"),
        runs.forceDecision(id, { action: "no_deal" }),
      ]),
    600_000,
  );
  it("double starts fired together run once", async () => {
    await race("start+start", (id) => [
      runs.start(id, "start"),
      runs.start(id, "start"),
      runs.start(id, "resume"),
    ]);
  }, 600_000);
});
