import type { RoomEconomics } from "@/lib/engine/economics";
import { bootstrapPairedDifference, bootstrapRatio, type Interval, type SeedTally } from "./stats";

/** One closed negotiation of one arm and seed, with its tokens and cost. */
export type RoomRecord = {
  arm: number;
  seed: number;
  economics: RoomEconomics;
  tokens: number;
  costUsd: number;
};

export const METRICS = [
  { key: "dealRate", label: "Deal rate (rooms with a range)", unit: "share" },
  { key: "correctNoDealRate", label: "Correct no-deal rate (no range)", unit: "share" },
  { key: "buyerShare", label: "Buyer share of the surplus (deals)", unit: "share" },
  { key: "priceVsList", label: "Price against list (deals)", unit: "share" },
  { key: "moneyLeftOnTable", label: "Money left on the table (deals)", unit: "money" },
  { key: "rounds", label: "Rounds (completed rooms)", unit: "number" },
  { key: "tokens", label: "Tokens per room", unit: "number" },
  { key: "costUsd", label: "Cost per room (USD)", unit: "usd" },
  { key: "failureRate", label: "Failure rate (provider faults)", unit: "share" },
  { key: "ruleViolations", label: "Rule violations per room", unit: "number" },
] as const;

export type MetricKey = (typeof METRICS)[number]["key"];

type Part = { numerator: number; denominator: number };

/** Each metric as numerator / denominator over one room, so the pooled value over seeds is Σ / Σ. */
function parts(room: RoomRecord): Record<MetricKey, Part> {
  const e = room.economics;
  const closed = 1;
  const deal = e.deal;
  const listPrice = deal ? e.sellers.find((s) => s.seller === deal.seller)?.listPrice : undefined;
  return {
    dealRate:
      e.rangeExists && e.result !== "failed"
        ? { numerator: deal ? 1 : 0, denominator: 1 }
        : { numerator: 0, denominator: 0 },
    correctNoDealRate:
      !e.rangeExists && e.result !== "failed"
        ? { numerator: e.correctNoDeal ? 1 : 0, denominator: 1 }
        : { numerator: 0, denominator: 0 },
    buyerShare:
      deal?.buyerShare != null
        ? { numerator: deal.buyerShare, denominator: 1 }
        : { numerator: 0, denominator: 0 },
    priceVsList:
      deal && listPrice
        ? { numerator: deal.price / listPrice, denominator: 1 }
        : { numerator: 0, denominator: 0 },
    moneyLeftOnTable:
      deal?.moneyLeftOnTable != null
        ? { numerator: deal.moneyLeftOnTable, denominator: 1 }
        : { numerator: 0, denominator: 0 },
    rounds:
      e.rounds !== null
        ? { numerator: e.rounds, denominator: 1 }
        : { numerator: 0, denominator: 0 },
    tokens: { numerator: room.tokens, denominator: closed },
    costUsd: { numerator: room.costUsd, denominator: closed },
    failureRate: { numerator: e.result === "failed" ? 1 : 0, denominator: closed },
    ruleViolations: { numerator: e.violations.length, denominator: closed },
  };
}

/** Per arm and metric, one tally per seed (the unit that is resampled). */
export function seedTallies(
  rooms: readonly RoomRecord[],
  arm: number,
  seeds: readonly number[],
): Record<MetricKey, SeedTally[]> {
  const out = Object.fromEntries(
    METRICS.map((m) => [m.key, seeds.map((seed) => ({ seed, numerator: 0, denominator: 0 }))]),
  ) as Record<MetricKey, SeedTally[]>;
  for (const room of rooms) {
    if (room.arm !== arm) continue;
    const index = seeds.indexOf(room.seed);
    if (index < 0) continue;
    for (const [key, part] of Object.entries(parts(room)) as Array<[MetricKey, Part]>) {
      out[key][index]!.numerator += part.numerator;
      out[key][index]!.denominator += part.denominator;
    }
  }
  return out;
}

export type ArmResult = {
  arm: number;
  label: string;
  rooms: number;
  metrics: Record<MetricKey, Interval>;
};
export type DifferenceResult = {
  a: number;
  b: number;
  label: string;
  metrics: Record<MetricKey, Interval & { noDifferenceShown: boolean | null }>;
};
export type ExperimentResults = {
  arms: ArmResult[];
  differences: DifferenceResult[];
  resamples: number;
  resampleSeed: number;
};

/** Mean and 95 % percentile bootstrap interval per metric per arm; paired differences of every arm against the first. */
export function experimentResults(
  labels: readonly string[],
  seeds: readonly number[],
  rooms: readonly RoomRecord[],
  options: { resamples?: number; seed: number },
): ExperimentResults {
  const tallies = labels.map((_l, arm) => seedTallies(rooms, arm, seeds));
  const arms = labels.map((label, arm) => ({
    arm,
    label,
    rooms: rooms.filter((r) => r.arm === arm).length,
    metrics: Object.fromEntries(
      METRICS.map((m) => [m.key, bootstrapRatio(tallies[arm]![m.key], options)]),
    ) as Record<MetricKey, Interval>,
  }));
  const differences = labels.slice(1).map((label, i) => ({
    a: i + 1,
    b: 0,
    label: `${label} − ${labels[0]}`,
    metrics: Object.fromEntries(
      METRICS.map((m) => [
        m.key,
        bootstrapPairedDifference(tallies[i + 1]![m.key], tallies[0]![m.key], options),
      ]),
    ) as DifferenceResult["metrics"],
  }));
  return { arms, differences, resamples: options.resamples ?? 2_000, resampleSeed: options.seed };
}
