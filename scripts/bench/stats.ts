import { mean, sampleStandardDeviation } from "simple-statistics";

// Two-sided 95% quantiles of Student's t, by degrees of freedom (1–30); 1.96 beyond.
const T95 = [
  Number.NaN,
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042,
];

export function t95(df: number): number {
  return df < T95.length ? T95[df]! : 1.96;
}

export type Interval = { mean: number; low: number; high: number; n: number };

/** Mean and 95% t-interval of independent observations (here: one per interleaved round). */
export function tInterval(values: number[]): Interval {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { mean: Number.NaN, low: Number.NaN, high: Number.NaN, n };
  const m = mean(finite);
  if (n === 1) return { mean: m, low: Number.NaN, high: Number.NaN, n };
  const half = (t95(n - 1) * sampleStandardDeviation(finite)) / Math.sqrt(n);
  return { mean: m, low: m - half, high: m + half, n };
}

/**
 * Ratios of a configuration to the baseline, paired by round: both ran within the same minute, so the
 * machine's drift (six other agents share two cores) cancels out of each ratio.
 */
export function pairedRatios(values: Map<number, number>, baseline: Map<number, number>): number[] {
  return [...values].flatMap(([round, value]) => {
    const base = baseline.get(round);
    return base && Number.isFinite(base) && Number.isFinite(value) ? [value / base] : [];
  });
}

/** Coefficient of variation: the noise between rounds of one configuration. */
export function coefficientOfVariation(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  return finite.length > 1 ? sampleStandardDeviation(finite) / mean(finite) : Number.NaN;
}

/** Fisher–Yates with a seeded generator, so a run's order can be reproduced from its seed. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
