import { sampleEpisodeConfig } from "@/lib/domain/sample-data";

export type ArmDraft = {
  label: string;
  provider: string;
  model: string;
  temperature: number;
  apiKey: string;
  baseUrl: string;
  sellerPriority: string;
  sellerStyle: string;
  buyerStrategy: string;
};

export type MarketDraft = {
  items: number;
  sellers: number;
  rangeWidth: number;
  noOverlapShare: number;
};

export type SettingsDraft = {
  name: string;
  scenario: "generated" | "sample";
  market: MarketDraft;
  seedCount: number;
  firstSeed: number;
  maxRounds: number;
  concurrency: number;
  budget: string;
};

export const INITIAL_SETTINGS: SettingsDraft = {
  name: "My experiment",
  scenario: "generated",
  market: { items: 1, sellers: 3, rangeWidth: 0.25, noOverlapShare: 0.2 },
  seedCount: 10,
  firstSeed: 1,
  maxRounds: 6,
  concurrency: 2,
  budget: "",
};

export const newArm = (n: number): ArmDraft => ({
  label: `arm ${n}`,
  provider: "simulated",
  model: "mams-sim-1",
  temperature: 0.7,
  apiKey: "",
  baseUrl: "",
  sellerPriority: "",
  sellerStyle: "",
  buyerStrategy: "",
});

/** A number field's value; blank is NaN, so the server names the field instead of a 0 slipping through. */
export const parseNumberField = (v: string) => (v.trim() === "" ? Number.NaN : Number(v));

/** What the number input shows: NaN (a blank or unparseable entry) stays blank. */
export const numberFieldValue = (value: number) => (Number.isNaN(value) ? "" : value);

/** The POST /api/experiments body; optional arm settings left blank are left out. */
export function experimentRequestBody(settings: SettingsDraft, arms: ArmDraft[]) {
  const { seedCount, firstSeed, budget } = settings;
  return {
    name: settings.name,
    scenario:
      settings.scenario === "sample"
        ? { kind: "config", config: sampleEpisodeConfig }
        : { kind: "generated", ...settings.market },
    arms: arms.map((a) => ({
      label: a.label,
      provider: a.provider,
      model: a.model,
      temperature: a.temperature,
      ...(a.apiKey && { apiKey: a.apiKey }),
      ...(a.baseUrl && { baseUrl: a.baseUrl }),
      ...(a.sellerPriority && { sellerPriority: a.sellerPriority }),
      ...(a.sellerStyle && { sellerStyle: a.sellerStyle }),
      ...(a.buyerStrategy && { buyerStrategy: a.buyerStrategy }),
    })),
    seeds:
      Number.isInteger(seedCount) && seedCount > 0 && seedCount <= 200
        ? Array.from({ length: seedCount }, (_v, i) => firstSeed + i)
        : [],
    maxRounds: settings.maxRounds,
    concurrency: settings.concurrency,
    ...(budget.trim() && { budgetUsd: Number(budget) }),
  };
}
