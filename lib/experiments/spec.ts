import "server-only";
import { z } from "zod";
import {
  BUYER_STRATEGIES,
  episodeConfigSchema,
  faultSchema,
  LLM_PROVIDERS,
  PRIORITIES,
  STYLES,
  type EpisodeConfig,
} from "@/lib/domain/schemas";
import { rng } from "@/lib/engine/random";

export const armSchema = z.object({
  label: z.string().trim().min(1, "Required").max(60, "At most 60 characters"),
  provider: z.enum(LLM_PROVIDERS, { error: `One of ${LLM_PROVIDERS.join(", ")}` }),
  model: z.string().trim().min(1, "Required").max(200),
  temperature: z
    .number({ error: "Must be a number" })
    .min(0, "Between 0 and 2")
    .max(2, "Between 0 and 2"),
  baseUrl: z.url({ error: "Must be a URL" }).optional(),
  apiKey: z.string().max(500).optional(),
  /** Overrides every seller's priority / speaking style in this arm. */
  sellerPriority: z.enum(PRIORITIES).optional(),
  sellerStyle: z.enum(STYLES).optional(),
  /** The buyer's haggling strategy in this arm (balanced when unset): prompt text for real models, behaviour for the simulator. */
  buyerStrategy: z
    .enum(BUYER_STRATEGIES, { error: `One of ${BUYER_STRATEGIES.join(", ")}` })
    .optional(),
  /** Simulated provider only: injected faults, to study how an arm fails. */
  faults: z.array(faultSchema).max(10).optional(),
});

export const generatedScenarioSchema = z.object({
  kind: z.literal("generated"),
  items: z.number().int().min(1, "At least 1").max(10, "At most 10"),
  sellers: z.number().int().min(1, "At least 1").max(10, "At most 10"),
  /** Buyer's maximum above the lowest floor, as a share of that floor (0.2 = 20 % above). */
  rangeWidth: z.number().min(0, "0 or more").max(2, "At most 2"),
  /** Share of items whose buyer maximum sits below every floor: control markets where no deal is right. */
  noOverlapShare: z.number().min(0, "Between 0 and 1").max(1, "Between 0 and 1"),
});

export const experimentSpecSchema = z.object({
  name: z.string().trim().min(1, "Required").max(100, "At most 100 characters"),
  scenario: z.discriminatedUnion(
    "kind",
    [z.object({ kind: z.literal("config"), config: episodeConfigSchema }), generatedScenarioSchema],
    { error: "kind must be config or generated" },
  ),
  arms: z.array(armSchema).min(1, "At least one arm").max(6, "At most 6 arms"),
  seeds: z
    .array(
      z
        .number()
        .int()
        .min(0)
        .max(2 ** 31 - 1),
    )
    .min(1, "At least one seed")
    .max(200, "At most 200 seeds"),
  maxRounds: z.number().int().min(1, "Between 1 and 20").max(20, "Between 1 and 20"),
  concurrency: z.number().int().min(1, "Between 1 and 8").max(8, "Between 1 and 8").default(2),
  resampleSeed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(20_260_101),
  /** Spending limit of the whole experiment in USD; runs then end as budget_exceeded. */
  budgetUsd: z
    .number({ error: "Must be a number" })
    .min(0, "Must be 0 or more")
    .max(1_000_000)
    .optional(),
});

export type Arm = z.infer<typeof armSchema>;
export type ExperimentSpec = z.infer<typeof experimentSpecSchema>;
export type GeneratedScenario = z.infer<typeof generatedScenarioSchema>;

/** Arm labels must be unique: results and exports are keyed by them. */
export function specIssues(value: unknown): Array<{ path: (string | number)[]; message: string }> {
  const arms = (value as { arms?: unknown })?.arms;
  const seen = new Set<string>();
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  (Array.isArray(arms) ? arms : []).forEach((arm, i) => {
    const label = typeof arm?.label === "string" ? arm.label.trim().toLowerCase() : "";
    if (label && seen.has(label))
      issues.push({ path: ["arms", i, "label"], message: "Arm labels must be unique" });
    seen.add(label);
  });
  const seeds = (value as { seeds?: unknown })?.seeds;
  if (Array.isArray(seeds) && new Set(seeds).size !== seeds.length)
    issues.push({ path: ["seeds"], message: "Seeds must be unique" });
  return issues;
}

const cents = (v: number) => Math.round(v * 100) / 100;
const ITEMS = [
  "Laptop",
  "Monitor",
  "Keyboard",
  "Headset",
  "Desk chair",
  "Webcam",
  "Printer",
  "Tablet",
  "Router",
  "Speaker",
];
const SELLERS = [
  "Northwind",
  "Contoso",
  "Fabrikam",
  "Tailspin",
  "Litware",
  "Adatum",
  "Proseware",
  "Woodgrove",
  "Fourth Coffee",
  "Wingtip",
];

/** A seeded market: the same seed gives the same market in every arm (paired). */
export function generateMarket(
  scenario: GeneratedScenario,
  seed: number,
): Pick<EpisodeConfig, "buyer" | "sellers"> {
  const random = rng(seed, "market");
  const items = ITEMS.slice(0, scenario.items).map((name) => {
    const list = cents(50 + random() * 950);
    const quantity = 1 + Math.floor(random() * 4);
    return { name, list, quantity };
  });
  const sellers = SELLERS.slice(0, scenario.sellers).map((name) => ({
    name,
    priority: random() < 0.5 ? ("customer_retention" as const) : ("maximize_profit" as const),
    style: (["rude", "neutral", "very_sweet"] as const)[Math.floor(random() * 3)]!,
    inventory: items.map((item) => {
      const cost = cents(item.list * (0.45 + random() * 0.2));
      const floor = cents(cost * (1.05 + random() * 0.25));
      return {
        itemName: item.name,
        costPrice: cost,
        leastPrice: Math.min(floor, item.list),
        sellingPrice: item.list,
        stock: item.quantity + Math.floor(random() * 10),
      };
    }),
  }));
  const buyerItems = items.map((item, index) => {
    const minFloor = Math.min(...sellers.map((s) => s.inventory[index]!.leastPrice));
    const noOverlap = random() < scenario.noOverlapShare;
    const maxPrice = noOverlap
      ? cents(minFloor * 0.85)
      : cents(minFloor * (1 + scenario.rangeWidth));
    return {
      name: item.name,
      quantity: item.quantity,
      minPrice: cents(maxPrice * 0.6),
      maxPrice: Math.max(maxPrice, cents(maxPrice * 0.6) + 0.01),
    };
  });
  return { buyer: { name: "Buyer", items: buyerItems }, sellers };
}

/** The episode one arm runs for one seed: the scenario's market with the arm's model and overrides. */
export function armConfig(spec: ExperimentSpec, armIndex: number, seed: number): EpisodeConfig {
  const arm = spec.arms[armIndex]!;
  const market =
    spec.scenario.kind === "config"
      ? structuredClone({
          buyer: spec.scenario.config.buyer,
          sellers: spec.scenario.config.sellers,
        })
      : generateMarket(spec.scenario, seed);
  const base = spec.scenario.kind === "config" ? spec.scenario.config.llm : undefined;
  const sellers = market.sellers.map((s) => ({
    ...s,
    ...(arm.sellerPriority && { priority: arm.sellerPriority }),
    ...(arm.sellerStyle && { style: arm.sellerStyle }),
  }));
  return episodeConfigSchema.parse({
    buyer: { ...market.buyer, ...(arm.buyerStrategy && { strategy: arm.buyerStrategy }) },
    sellers,
    llm: {
      ...(base && {
        maxTokens: base.maxTokens,
        timeoutMs: base.timeoutMs,
        maxRetries: base.maxRetries,
      }),
      maxTokens: base?.maxTokens ?? 512,
      provider: arm.provider,
      model: arm.model,
      temperature: arm.temperature,
      maxRounds: spec.maxRounds,
      seed,
      ...(arm.baseUrl && { baseUrl: arm.baseUrl }),
      ...(arm.apiKey && { apiKey: arm.apiKey }),
      ...(arm.faults?.length && { faults: arm.faults }),
    },
  });
}
