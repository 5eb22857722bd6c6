import { mean, quantileSorted } from "simple-statistics";
import { rng } from "@/lib/engine/random";

/** One seed's contribution to a metric: the metric over a set of seeds is Σ numerator / Σ denominator. */
export type SeedTally = { seed: number; numerator: number; denominator: number };

export type Interval = {
  estimate: number | null;
  low: number | null;
  high: number | null;
  n: number;
};

export const DEFAULT_RESAMPLES = 2_000;
export const DEFAULT_RESAMPLE_SEED = 20_260_101;

const ratio = (tallies: readonly SeedTally[]) => {
  const den = tallies.reduce((s, t) => s + t.denominator, 0);
  return den > 0 ? tallies.reduce((s, t) => s + t.numerator, 0) / den : null;
};

/** 2.5th and 97.5th percentiles (linear interpolation, as R's type 7) of the resampled statistics. */
function percentiles(values: number[]): { low: number | null; high: number | null } {
  if (!values.length) return { low: null, high: null };
  const sorted = [...values].sort((a, b) => a - b);
  return { low: quantileSorted(sorted, 0.025), high: quantileSorted(sorted, 0.975) };
}

/**
 * Percentile bootstrap over seeds: resample the seeds with replacement, recompute the pooled
 * metric, take the 2.5th and 97.5th percentiles. The resampler is seeded, so a result is reproducible.
 */
export function bootstrapRatio(
  tallies: readonly SeedTally[],
  options: { resamples?: number; seed?: number } = {},
): Interval {
  const used = tallies.filter(
    (t) => Number.isFinite(t.numerator) && Number.isFinite(t.denominator),
  );
  const estimate = ratio(used);
  if (estimate === null) return { estimate: null, low: null, high: null, n: used.length };
  const random = rng(options.seed ?? DEFAULT_RESAMPLE_SEED, "bootstrap");
  const stats: number[] = [];
  for (let b = 0; b < (options.resamples ?? DEFAULT_RESAMPLES); b++) {
    const sample = used.map(() => used[Math.floor(random() * used.length)]!);
    const value = ratio(sample);
    if (value !== null) stats.push(value);
  }
  return { estimate, ...percentiles(stats), n: used.length };
}

/** Paired difference: per seed, A − B (seeds where both are defined); the mean and its bootstrap interval. */
export function bootstrapPairedDifference(
  a: readonly SeedTally[],
  b: readonly SeedTally[],
  options: { resamples?: number; seed?: number } = {},
): Interval & { noDifferenceShown: boolean | null } {
  const bySeed = new Map(b.map((t) => [t.seed, t]));
  const diffs = a.flatMap((ta) => {
    const tb = bySeed.get(ta.seed);
    if (!tb || ta.denominator <= 0 || tb.denominator <= 0) return [];
    return [ta.numerator / ta.denominator - tb.numerator / tb.denominator];
  });
  if (!diffs.length)
    return { estimate: null, low: null, high: null, n: 0, noDifferenceShown: null };
  const random = rng(options.seed ?? DEFAULT_RESAMPLE_SEED, "paired");
  const stats: number[] = [];
  for (let r = 0; r < (options.resamples ?? DEFAULT_RESAMPLES); r++)
    stats.push(mean(diffs.map(() => diffs[Math.floor(random() * diffs.length)]!)));
  const { low, high } = percentiles(stats);
  return {
    estimate: mean(diffs),
    low,
    high,
    n: diffs.length,
    noDifferenceShown: low !== null && high !== null ? low <= 0 && high >= 0 : null,
  };
}
