import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalTranscript } from "@/lib/experiments/transcript";
import type { EpisodeConfig } from "@/lib/domain/schemas";
import { apiServices } from "./support/api-harness";
import { configWith } from "../shared/sample-config";
import { provideServices } from "@/lib/server/composition";

let services: Awaited<ReturnType<typeof apiServices>>;
beforeEach(async () => void (services = await apiServices()), 60_000);
afterEach(async () => {
  provideServices(undefined);
  await services.handle.close();
});

/** Runs every negotiable room of a fresh episode through the run manager and returns the transcripts. */
async function transcripts(config: EpisodeConfig): Promise<string[]> {
  const { rooms } = await services.repo.createEpisode(config);
  const open = rooms.filter((r) => r.status === "planned");
  await Promise.all(open.map((r) => services.runs.start(r.id, "start")));
  await Promise.all(open.map((r) => services.runs.settled(r.id)));
  return Promise.all(
    open.map(async (r) => canonicalTranscript(await services.repo.listEvents(r.id))),
  );
}

describe("reproducible runs on the simulated provider", () => {
  it("the same seed and configuration give a byte-identical transcript, run after run", async () => {
    const config = configWith({ seed: 7, maxRounds: 6 });
    const first = await transcripts(config);
    const second = await transcripts(config);
    const third = await transcripts(structuredClone(config));
    expect(first.length).toBe(2);
    expect(first.every((t) => t.includes('"type":"room_completed"'))).toBe(true);
    expect(Buffer.from(second.join("")).equals(Buffer.from(first.join("")))).toBe(true);
    expect(third).toEqual(first);
  }, 120_000);

  it("another seed gives another transcript (the seed is what is reproduced)", async () => {
    const a = await transcripts(configWith({ seed: 7 }));
    const b = await transcripts(configWith({ seed: 8 }));
    expect(b).not.toEqual(a);
  }, 120_000);
});
