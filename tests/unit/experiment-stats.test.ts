import { describe, expect, it } from "vitest";
import { bootstrapPairedDifference, bootstrapRatio, type SeedTally } from "@/lib/experiments/stats";

const tally = (values: number[]): SeedTally[] =>
  values.map((v, i) => ({ seed: i + 1, numerator: v, denominator: 1 }));

describe("bootstrap statistics", () => {
  it("the estimate is the pooled ratio Σ numerator / Σ denominator", () => {
    const r = bootstrapRatio([
      { seed: 1, numerator: 1, denominator: 2 },
      { seed: 2, numerator: 2, denominator: 2 },
      { seed: 3, numerator: 0, denominator: 0 },
    ]);
    expect(r.estimate).toBeCloseTo(0.75, 10);
    expect(r.n).toBe(3);
  });

  it("a constant metric has a zero-width interval at that constant", () => {
    expect(bootstrapRatio(tally([0.4, 0.4, 0.4, 0.4]))).toMatchObject({
      estimate: 0.4,
      low: 0.4,
      high: 0.4,
    });
  });

  it("matches the normal theory for the mean of 0..99: 49.5 ± about 1.96 · 2.887", () => {
    const values = Array.from({ length: 100 }, (_v, i) => i);
    const r = bootstrapRatio(tally(values), { resamples: 4_000 });
    expect(r.estimate).toBe(49.5);
    // standard error of the mean = sd / √n = 29.01 / 10; the percentile interval is close to ±1.96 SE
    expect(r.low!).toBeGreaterThan(49.5 - 1.96 * 2.901 - 0.6);
    expect(r.low!).toBeLessThan(49.5 - 1.96 * 2.901 + 0.6);
    expect(r.high!).toBeGreaterThan(49.5 + 1.96 * 2.901 - 0.6);
    expect(r.high!).toBeLessThan(49.5 + 1.96 * 2.901 + 0.6);
  });

  it("is reproducible for a resampler seed and changes with it", () => {
    const data = tally([0.1, 0.5, 0.2, 0.9, 0.4, 0.3, 0.8]);
    expect(bootstrapRatio(data, { seed: 5 })).toEqual(bootstrapRatio(data, { seed: 5 }));
    expect(bootstrapRatio(data, { seed: 5 }).low).not.toBe(bootstrapRatio(data, { seed: 6 }).low);
  });

  it("the interval of a two-point sample spans its possible resample means", () => {
    const r = bootstrapRatio(tally([0, 1]));
    expect(r.estimate).toBe(0.5);
    expect(r.low).toBe(0);
    expect(r.high).toBe(1);
  });

  it("paired difference: per seed A − B, mean and interval; a constant shift has a degenerate interval", () => {
    const a = tally([3, 5, 7, 9]);
    const b = tally([1, 3, 5, 7]);
    expect(bootstrapPairedDifference(a, b)).toMatchObject({
      estimate: 2,
      low: 2,
      high: 2,
      n: 4,
      noDifferenceShown: false,
    });
  });

  it("paired difference pairs by seed, skips seeds missing on one side, and says when 0 is inside", () => {
    const a: SeedTally[] = [
      { seed: 1, numerator: 1, denominator: 1 },
      { seed: 2, numerator: 0, denominator: 1 },
      { seed: 3, numerator: 1, denominator: 1 },
      { seed: 4, numerator: 5, denominator: 0 },
    ];
    const b: SeedTally[] = [
      { seed: 3, numerator: 0, denominator: 1 },
      { seed: 2, numerator: 1, denominator: 1 },
      { seed: 1, numerator: 1, denominator: 1 },
    ];
    const d = bootstrapPairedDifference(a, b);
    expect(d.n).toBe(3);
    expect(d.estimate).toBeCloseTo(0, 10);
    expect(d.low).toBe(-1);
    expect(d.high).toBe(1);
    expect(d.noDifferenceShown).toBe(true);
  });
});
