import { describe, expect, it } from "vitest";
import {
  experimentRequestBody,
  INITIAL_SETTINGS,
  newArm,
  parseNumberField,
} from "@/components/experiments/experiment-draft";
import { sampleEpisodeConfig } from "@/lib/domain/sample-data";
import { experimentSpecSchema } from "@/lib/experiments/spec";

// The form builds its body in the browser; the route validates it with the server's schema. These keep
// the two in step: what the form sends by default is accepted, and a bad entry is refused by name.
const paths = (body: unknown) =>
  experimentSpecSchema.safeParse(body).error?.issues.map((issue) => issue.path.join(".")) ?? [];

describe("the experiment form's request body", () => {
  it("is accepted by the server's schema as the form starts", () => {
    const body = experimentRequestBody(INITIAL_SETTINGS, [newArm(1), newArm(2)]);
    const spec = experimentSpecSchema.parse(body);
    expect(spec.seeds).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(spec.scenario).toEqual({
      kind: "generated",
      items: 1,
      sellers: 3,
      rangeWidth: 0.25,
      noOverlapShare: 0.2,
    });
    expect(spec.arms.map((arm) => arm.label)).toEqual(["arm 1", "arm 2"]);
    expect(spec.budgetUsd).toBeUndefined();
  });

  it("leaves blank optional arm settings out, so no empty key or URL reaches the server", () => {
    const [arm] = experimentRequestBody(INITIAL_SETTINGS, [newArm(1)]).arms;
    expect(Object.keys(arm!).sort()).toEqual(["label", "model", "provider", "temperature"]);
    const filled = { ...newArm(1), baseUrl: "http://127.0.0.1:9/v1", buyerStrategy: "anchor_low" };
    expect(experimentRequestBody(INITIAL_SETTINGS, [filled]).arms[0]).toMatchObject({
      baseUrl: "http://127.0.0.1:9/v1",
      buyerStrategy: "anchor_low",
    });
  });

  it("sends the sample scenario as the sample episode's configuration", () => {
    const body = experimentRequestBody({ ...INITIAL_SETTINGS, scenario: "sample" }, [newArm(1)]);
    expect(body.scenario).toEqual({ kind: "config", config: sampleEpisodeConfig });
    expect(paths(body)).toEqual([]);
  });

  it("sends a budget only when one is entered", () => {
    const body = experimentRequestBody({ ...INITIAL_SETTINGS, budget: " 12.5 " }, [newArm(1)]);
    expect(experimentSpecSchema.parse(body).budgetUsd).toBe(12.5);
  });

  it("gets a refusal that names the field for a blank number or too many seeds", () => {
    const blankRounds = { ...INITIAL_SETTINGS, maxRounds: parseNumberField("") };
    expect(paths(experimentRequestBody(blankRounds, [newArm(1)]))).toEqual(["maxRounds"]);
    const tooManySeeds = { ...INITIAL_SETTINGS, seedCount: 201 };
    expect(paths(experimentRequestBody(tooManySeeds, [newArm(1)]))).toEqual(["seeds"]);
  });
});
