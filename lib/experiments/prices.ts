import "server-only";
/** USD per million tokens. The built-in table is a starting point; PUT /api/prices edits it per provider and model. */
export type Price = {
  provider: string;
  model: string;
  inputPerMTok: number;
  outputPerMTok: number;
};

export const DEFAULT_PRICES: readonly Price[] = [
  { provider: "simulated", model: "*", inputPerMTok: 0, outputPerMTok: 0 },
  { provider: "lmstudio", model: "*", inputPerMTok: 0, outputPerMTok: 0 },
  { provider: "ollama", model: "*", inputPerMTok: 0, outputPerMTok: 0 },
  { provider: "openai", model: "gpt-4o-mini", inputPerMTok: 0.15, outputPerMTok: 0.6 },
  { provider: "openai", model: "gpt-4o", inputPerMTok: 2.5, outputPerMTok: 10 },
  { provider: "openai", model: "*", inputPerMTok: 2.5, outputPerMTok: 10 },
  { provider: "openrouter", model: "*", inputPerMTok: 1, outputPerMTok: 4 },
];

/** The most specific price: an edited row for the model, the built-in one, then the provider's "*" (edited first). */
export function priceFor(provider: string, model: string, edited: readonly Price[]): Price {
  const find = (list: readonly Price[], m: string) =>
    list.find((p) => p.provider === provider && p.model === m);
  return (
    find(edited, model) ??
    find(DEFAULT_PRICES, model) ??
    find(edited, "*") ??
    find(DEFAULT_PRICES, "*") ?? { provider, model, inputPerMTok: 0, outputPerMTok: 0 }
  );
}

export function costUsd(price: Price, inputTokens: number, outputTokens: number): number {
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

export function priceTable(edited: readonly Price[]): Price[] {
  const keys = new Set(edited.map((p) => `${p.provider}\u0000${p.model}`));
  return [
    ...edited,
    ...DEFAULT_PRICES.filter((p) => !keys.has(`${p.provider}\u0000${p.model}`)),
  ].sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
}
