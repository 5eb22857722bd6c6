import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { experimentRunnerFor } from "@/lib/experiments/runner";
import { experimentSpecSchema } from "@/lib/experiments/spec";
import { provideServices } from "@/lib/server/composition";
import { apiServices } from "./support/api-harness";
import { startSentry } from "./support/sentry-harness";

// The app's own server options (room-aware dedupe included), sending to a local receiver.
let sentry: Awaited<ReturnType<typeof startSentry>>;
let services: Awaited<ReturnType<typeof apiServices>>;

beforeAll(async () => {
  sentry = await startSentry();
  services = await apiServices();
}, 60_000);
afterAll(async () => {
  provideServices(undefined);
  await services.handle.close();
  await sentry.close();
});

describe("Sentry on an experiment's runs", () => {
  it("tags every span and error with experiment_id and arm; a failing arm makes one issue per cause, not one per run", async () => {
    const spec = experimentSpecSchema.parse({
      name: "one arm fails",
      scenario: { kind: "generated", items: 1, sellers: 2, rangeWidth: 0.3, noOverlapShare: 0 },
      arms: [
        { label: "healthy", provider: "simulated", model: "mams-sim-1", temperature: 0.7 },
        {
          label: "broken",
          provider: "simulated",
          model: "mams-sim-1",
          temperature: 0.7,
          faults: [{ kind: "http_500", agent: "buyer", fromCall: 2 }],
        },
      ],
      seeds: [1, 2, 3],
      maxRounds: 3,
    });
    const runner = experimentRunnerFor(services);
    const experiment = await runner.create(spec);
    await runner.settled(experiment.id);
    const errors = (await sentry.events()).filter((e) => e.tags?.experiment_id === experiment.id);
    expect(errors).toHaveLength(3);
    expect(new Set(errors.map((e) => e.tags?.arm))).toEqual(new Set(["broken"]));
    expect(new Set(errors.map((e) => e.tags?.negotiation_id)).size).toBe(3);
    expect(new Set(errors.map((e) => JSON.stringify(e.fingerprint))).size).toBe(1);
    expect(errors[0]!.fingerprint).toEqual([
      "llm",
      "LLM_UNAVAILABLE",
      "simulated",
      "experiment",
      experiment.id,
      "broken",
    ]);

    const spans = await sentry.spans();
    const runSpans = spans.filter(
      (s) => s.attributes.negotiation_id || s.name.startsWith("round") || s.name.startsWith("db."),
    );
    const ofRuns = spans.filter((s) => s.attributes.experiment_id?.value === experiment.id);
    expect(ofRuns.length).toBeGreaterThan(20);
    for (const name of ["negotiation.run", "round 1"])
      expect(ofRuns.some((s) => s.name === name)).toBe(true);
    expect(ofRuns.some((s) => s.name.includes("buyer_message"))).toBe(true);
    expect(new Set(ofRuns.map((s) => s.attributes.arm?.value))).toEqual(
      new Set(["healthy", "broken"]),
    );
    for (const span of runSpans.filter((s) => s.attributes.negotiation_id))
      expect(span.attributes.experiment_id?.value).toBe(experiment.id);
  }, 180_000);
});
