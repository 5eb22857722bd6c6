import { z } from "zod";

// Zod probes `new Function` once to pick its fast path; under the strict CSP the browser reports that
// probe as a violation even though zod catches it. Browsers parse small forms: no need for the fast path.
if (typeof window !== "undefined") z.config({ jitless: true });

/** Shared by the configure form (feedback) and the API (authority). */
export const LLM_PROVIDERS = ["simulated", "lmstudio", "ollama", "openrouter", "openai"] as const;
export const PRIORITIES = ["customer_retention", "maximize_profit"] as const;
export const STYLES = ["rude", "neutral", "very_sweet"] as const;
export const FAULT_KINDS = ["delay", "timeout", "http_500", "http_429", "malformed"] as const;
/** How the model is held to the answer's shape: a JSON schema it must follow, JSON mode, or the prompt alone. */
export const OUTPUT_MODES = ["schema", "json", "prompt"] as const;
/** How the buyer haggles (lib/engine/persona.ts STRATEGY_GUIDE); unset means balanced, the original behaviour. */
export const BUYER_STRATEGIES = ["balanced", "anchor_low", "patient", "quick_close"] as const;
export const DEFAULT_MAX_BAD_TURNS = 3;
/**
 * What each provider enforces unless the episode says otherwise. OpenAI and LM Studio
 * constrain decoding to a JSON schema (LM Studio refuses json_object); Ollama's and
 * OpenRouter's routes differ by model, and JSON mode is the one most of them honour.
 */
export const DEFAULT_OUTPUT_MODES: Record<
  (typeof LLM_PROVIDERS)[number],
  (typeof OUTPUT_MODES)[number]
> = {
  simulated: "schema",
  openai: "schema",
  lmstudio: "schema",
  ollama: "json",
  openrouter: "json",
};

export const normaliseName = (name: string) => name.trim().toLowerCase().replace(/\s+/g, " ");

const money = z
  .number({ error: "Must be a number" })
  .finite()
  .min(0, "Must be 0 or more")
  .max(1_000_000_000);
const name = (max: number) =>
  z.string({ error: "Required" }).trim().min(1, "Required").max(max, `At most ${max} characters`);

export const shoppingItemSchema = z
  .object({
    name: name(100),
    quantity: z
      .number({ error: "Must be a number" })
      .int("Must be a whole number")
      .min(1, "At least 1")
      .max(1_000_000),
    minPrice: money,
    maxPrice: money,
  })
  .refine((item) => item.minPrice < item.maxPrice, {
    path: ["maxPrice"],
    message: "Max price must be greater than min price",
  });

export const inventoryLineSchema = z
  .object({
    itemName: name(100),
    costPrice: money,
    leastPrice: money,
    sellingPrice: money,
    stock: z
      .number({ error: "Must be a number" })
      .int("Must be a whole number")
      .min(0, "Must be 0 or more")
      .max(1_000_000_000),
  })
  .superRefine((line, ctx) => {
    if (line.leastPrice < line.costPrice)
      ctx.addIssue({
        code: "custom",
        path: ["leastPrice"],
        message: "Least price must be at least the cost price",
      });
    if (line.sellingPrice < line.leastPrice)
      ctx.addIssue({
        code: "custom",
        path: ["sellingPrice"],
        message: "Selling price must be at least the least price",
      });
  });

export const sellerSchema = z.object({
  name: name(50).refine((value) => !value.includes("@"), "Must not contain @"),
  priority: z.enum(PRIORITIES, { error: `One of ${PRIORITIES.join(", ")}` }),
  style: z.enum(STYLES, { error: `One of ${STYLES.join(", ")}` }),
  inventory: z
    .array(inventoryLineSchema)
    .min(1, "At least one inventory line")
    .max(50, "At most 50 lines"),
});

export const faultSchema = z.object({
  kind: z.enum(FAULT_KINDS),
  /** Only calls by this agent ("buyer" or a seller name) fail; any agent when omitted. */
  agent: z.string().max(50).optional(),
  /** The first call (1-based, counted per room) that fails. */
  fromCall: z.number().int().min(1).max(10_000).default(1),
  /** How many calls fail from then on; every later call when omitted. */
  count: z.number().int().min(1).max(10_000).optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
});

export const llmSettingsSchema = z.object({
  provider: z.enum(LLM_PROVIDERS, { error: `One of ${LLM_PROVIDERS.join(", ")}` }),
  model: name(200),
  temperature: z
    .number({ error: "Must be a number" })
    .min(0, "Between 0 and 2")
    .max(2, "Between 0 and 2"),
  maxTokens: z
    .number({ error: "Must be a number" })
    .int()
    .min(16, "At least 16")
    .max(32_000, "At most 32000"),
  maxRounds: z
    .number({ error: "Must be a number" })
    .int("Must be a whole number")
    .min(1, "Between 1 and 20")
    .max(20, "Between 1 and 20"),
  baseUrl: z.url({ error: "Must be a URL such as http://localhost:1234/v1" }).optional(),
  apiKey: z.string().max(500).optional(),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  connectTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  maxRetries: z.number().int().min(0).max(5).optional(),
  faults: z.array(faultSchema).max(10).optional(),
  /** Spending limit of the episode in USD (price table × tokens); the run ends as budget_exceeded. */
  budgetUsd: z
    .number({ error: "Must be a number" })
    .min(0, "Must be 0 or more")
    .max(1_000_000)
    .optional(),
  /** Unset: the provider's default (see lib/ai/output-mode.ts). */
  outputMode: z.enum(OUTPUT_MODES, { error: `One of ${OUTPUT_MODES.join(", ")}` }).optional(),
  /** Consecutive unusable answers (after one repair each) before the room fails with LLM_BAD_RESPONSE. */
  maxBadTurns: z
    .number({ error: "Must be a number" })
    .int("Must be a whole number")
    .min(1, "Between 1 and 20")
    .max(20, "Between 1 and 20")
    .optional(),
});

export const episodeConfigSchema = z
  .object({
    buyer: z.object({
      name: name(50),
      items: z.array(shoppingItemSchema).min(1, "At least one item").max(10, "At most 10 items"),
      strategy: z
        .enum(BUYER_STRATEGIES, { error: `One of ${BUYER_STRATEGIES.join(", ")}` })
        .optional(),
    }),
    sellers: z.array(sellerSchema).min(1, "At least one seller").max(10, "At most 10 sellers"),
    llm: llmSettingsSchema,
  })
  .superRefine((config, ctx) => {
    for (const issue of crossFieldIssues(config)) ctx.addIssue({ code: "custom", ...issue });
  });

/**
 * Uniqueness rules across the whole configuration. Zod skips object refinements once any
 * field fails, so forms and the API also call this directly to show every mistake at once.
 */
export function crossFieldIssues(
  value: unknown,
): Array<{ path: (string | number)[]; message: string }> {
  const config = (value ?? {}) as {
    buyer?: { items?: unknown };
    sellers?: unknown;
    llm?: { provider?: unknown; faults?: unknown };
  };
  const issues: Array<{ path: (string | number)[]; message: string }> = [];
  const unique = (
    list: unknown,
    key: (name: string) => string,
    path: (index: number) => (string | number)[],
    message: string,
  ) => {
    const seen = new Set<string>();
    (Array.isArray(list) ? list : []).forEach((entry, index) => {
      const name = (entry as { name?: unknown } | null)?.name;
      if (typeof name !== "string" || !name.trim()) return;
      if (seen.has(key(name))) issues.push({ path: path(index), message });
      seen.add(key(name));
    });
  };
  unique(
    config.buyer?.items,
    normaliseName,
    (i) => ["buyer", "items", i, "name"],
    "Item names must be unique",
  );
  unique(
    config.sellers,
    (n) => n.trim().toLowerCase(),
    (i) => ["sellers", i, "name"],
    "Seller names must be unique",
  );
  if (
    config.llm?.provider !== "simulated" &&
    Array.isArray(config.llm?.faults) &&
    config.llm.faults.length
  ) {
    issues.push({
      path: ["llm", "faults"],
      message: "Fault injection is only for the simulated provider",
    });
  }
  return issues;
}

export type ShoppingItem = z.infer<typeof shoppingItemSchema>;
export type InventoryLine = z.infer<typeof inventoryLineSchema>;
export type Seller = z.infer<typeof sellerSchema>;
export type Fault = z.infer<typeof faultSchema>;
export type LlmSettings = z.infer<typeof llmSettingsSchema>;
export type OutputMode = (typeof OUTPUT_MODES)[number];
export type BuyerStrategy = (typeof BUYER_STRATEGIES)[number];
export type EpisodeConfig = z.infer<typeof episodeConfigSchema>;
export type EpisodeConfigInput = z.input<typeof episodeConfigSchema>;

export const postMessageSchema = z.object({
  text: z.string().trim().min(1, "Required").max(2_000, "At most 2000 characters"),
});

export const forceDecisionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("accept"), offerId: z.string().min(1, "Required").max(100) }),
  z.object({ action: z.literal("no_deal"), reason: z.string().trim().max(500).optional() }),
]);

export const startRoomSchema = z.object({
  mode: z.enum(["start", "resume", "restart"]).default("start"),
});
