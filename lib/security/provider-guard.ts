import "server-only";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { resolveEndpoint, type ProviderDefaults } from "@/lib/ai/endpoint-policy";
import { DEFAULT_BASE_URLS, languageModelFor } from "@/lib/ai/providers";
import type { LlmSettings } from "@/lib/domain/schemas";
import { env } from "@/lib/config/env.mjs";
import { endpointPolicyFromEnv, type EndpointPolicy } from "./settings";
import type { TokenBudget } from "./token-budget";

export const serverDefaults = (): ProviderDefaults => ({
  apiKey: env.LLM_API_KEY,
  baseUrl: env.LLM_BASE_URL,
});

/** Throws a 400 naming llm.baseUrl or llm.model when the settings may not run on this server. */
export function checkLlmSettings(
  llm: LlmSettings,
  policy: EndpointPolicy = endpointPolicyFromEnv(),
  defaults = serverDefaults(),
) {
  if (llm.provider === "simulated") return { usesServerKey: false };
  return resolveEndpoint(llm, defaults, DEFAULT_BASE_URLS[llm.provider], policy);
}

/** The model factory and start check the server's run manager uses: policy on every call, budget on the server's key. */
export function guardedModels(
  budget: TokenBudget,
  policy: EndpointPolicy = endpointPolicyFromEnv(),
  defaults = serverDefaults(),
) {
  return {
    modelFor: (llm: LlmSettings, episodeId: string): LanguageModelV3 => {
      const model = languageModelFor(llm, defaults, policy);
      return checkLlmSettings(llm, policy, defaults).usesServerKey
        ? budget.wrap(model, episodeId)
        : model;
    },
    checkStart: (llm: LlmSettings, episodeId: string) => {
      if (checkLlmSettings(llm, policy, defaults).usesServerKey) budget.assertLeft(episodeId);
    },
  };
}
